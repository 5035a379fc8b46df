// The Direct debits screen's calls to /api/v1/sepa/*, over the signed-in ApiClient (CSRF token and
// errors with stable codes as everywhere else). IBANs come masked; only the pain.008 file, fetched
// by the browser as a download, carries them in full.
import type { ApiClient, RequestOptions } from '../api';

export type MandateStatus = 'active' | 'paused' | 'cancelled' | 'expired';
export type CollectionStatus = 'pending' | 'settled' | 'failed' | 'withdrawn';

export interface SepaSettings {
  readonly creditorId: string | null;
  readonly creditorName: string | null;
  readonly creditorIban: string | null;
  readonly creditorBic: string | null;
  readonly prenotificationDays: number;
  readonly collectionDays: readonly number[];
  readonly daysAhead: number;
}

export interface SettingsState {
  readonly settings: SepaSettings;
  readonly locked: readonly string[];
  readonly complete: boolean;
}

export interface Mandate {
  readonly id: string;
  readonly reference: string;
  readonly status: MandateStatus;
  readonly statusReason: string | null;
  readonly debtorName: string | null;
  readonly ibanMasked: string;
  readonly debtorCountry: string;
  readonly amountMinor: number;
  readonly nextAmountMinor: number | null;
  readonly nextAmountFrom: string | null;
  readonly currency: string;
  readonly dayOfMonth: number;
  readonly signedOn: string;
  readonly firstDueOn: string;
  readonly lastCollectionOn: string | null;
  readonly campaign: { readonly id: string; readonly name: string } | null;
}

export interface Collection {
  readonly id: string;
  readonly mandateReference: string;
  readonly endToEndId: string;
  readonly sequence: 'FRST' | 'RCUR';
  readonly dueOn: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly debtorName: string | null;
  readonly ibanMasked: string;
  readonly status: CollectionStatus;
  readonly returnReason: string | null;
  readonly returnedOn: string | null;
  readonly donationId: string | null;
}

export interface Batch {
  readonly id: string;
  readonly messageId: string;
  readonly status: 'open' | 'settled';
  readonly createdAt: string;
  readonly downloadedAt: string | null;
  readonly settledAt: string | null;
  readonly numberOfTransactions: number;
  readonly controlSumMinor: number;
  readonly currency: string;
  readonly firstDueOn: string | null;
  readonly counts: Readonly<Record<CollectionStatus, number>>;
}

export interface BatchDetail extends Batch {
  readonly collections: readonly Collection[];
}

export interface StatusReportResult {
  readonly batchId: string;
  readonly originalMessageId: string;
  readonly reportMessageId: string;
  readonly rejected: readonly { readonly endToEndId: string; readonly reason: string }[];
  readonly newlyRejected: number;
  readonly alreadyRejected: number;
  readonly accepted: number;
}

export interface ReturnReason {
  readonly code: string;
  readonly name: string;
  readonly policy: 'cancel' | 'retry';
}

export class DirectDebitsApi {
  readonly #api: ApiClient;
  constructor(api: ApiClient) {
    this.#api = api;
  }

  settings(options: RequestOptions = {}): Promise<SettingsState> {
    return this.#api.call('GET', '/api/v1/sepa/settings', undefined, options);
  }

  saveSettings(patch: Partial<SepaSettings>): Promise<SettingsState> {
    return this.#api.call('PUT', '/api/v1/sepa/settings', patch);
  }

  mandates(
    status: MandateStatus | null,
    options: RequestOptions = {},
  ): Promise<{ readonly items: readonly Mandate[]; readonly nextCursor: string | null }> {
    const q = status ? `?status=${status}&limit=200` : '?limit=200';
    return this.#api.call('GET', `/api/v1/sepa/mandates${q}`, undefined, options);
  }

  cancelMandate(id: string): Promise<Mandate> {
    return this.#api.call('POST', `/api/v1/sepa/mandates/${encodeURIComponent(id)}/cancel`, undefined);
  }

  batches(options: RequestOptions = {}): Promise<{ readonly items: readonly Batch[] }> {
    return this.#api.call('GET', '/api/v1/sepa/batches?limit=24', undefined, options);
  }

  batch(id: string, options: RequestOptions = {}): Promise<BatchDetail> {
    return this.#api.call('GET', `/api/v1/sepa/batches/${encodeURIComponent(id)}`, undefined, options);
  }

  createBatch(
    period: string | null,
  ): Promise<
    | { readonly created: true; readonly batch: BatchDetail }
    | { readonly created: false; readonly batch: null }
  > {
    return this.#api.call('POST', '/api/v1/sepa/batches', period ? { period } : {});
  }

  settle(id: string): Promise<BatchDetail> {
    return this.#api.call('POST', `/api/v1/sepa/batches/${encodeURIComponent(id)}/settle`, undefined);
  }

  /** The bank's pain.002 status report on one of our files, as the file's text. */
  importStatusReport(xml: string): Promise<StatusReportResult> {
    return this.#api.call('POST', '/api/v1/sepa/status-reports', { xml });
  }

  recordReturn(collectionId: string, reason: string): Promise<Collection> {
    return this.#api.call('POST', `/api/v1/sepa/collections/${encodeURIComponent(collectionId)}/return`, {
      reason,
    });
  }

  returnReasons(options: RequestOptions = {}): Promise<{ readonly items: readonly ReturnReason[] }> {
    return this.#api.call('GET', '/api/v1/sepa/return-reasons', undefined, options);
  }

  /** Where the browser downloads the batch's file (the session cookie authenticates a GET). */
  fileUrl(id: string): string {
    return `/api/v1/sepa/batches/${encodeURIComponent(id)}/pain.008.xml`;
  }
}
