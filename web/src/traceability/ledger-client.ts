// Calls for the traceability screens: the public trace, proofs and totals, the log, and the staff
// ledger (projects, donations, expenses, balances, postings). Failures become the shared ApiError with
// the server's stable code, like the core client; mutating calls carry the session's CSRF token.
import { ApiError, CLIENT_ERROR_CODES } from '../api';

export interface PublicTrace {
  readonly donation: {
    readonly receiptCode: string;
    readonly grossMinor: number;
    readonly feeMinor: number;
    readonly netMinor: number;
    readonly refundedMinor: number;
    readonly spentMinor: number;
    readonly unspentMinor: number;
    readonly currency: string;
    readonly receivedAt: string;
    readonly restriction: string;
    readonly logIndex: number;
  };
  readonly project: { readonly id: string; readonly name: string } | null;
  readonly campaign: { readonly id: string; readonly name: string } | null;
  readonly allocations: readonly {
    readonly kind: string;
    readonly amountMinor: number;
    readonly allocatedAt: string;
    readonly logIndex: number;
    readonly expense: {
      readonly id: string;
      readonly description: string;
      readonly category: string;
      readonly spentOn: string;
      readonly amountMinor: number;
      readonly evidence: readonly { readonly sha256: string; readonly filename: string }[];
    } | null;
  }[];
  readonly logIndices: readonly number[];
  readonly log: LogIdentity;
}

export interface LogIdentity {
  readonly origin: string;
  readonly verifierKey: string;
  readonly size: number;
}

export interface FundTotals {
  readonly raisedMinor: number;
  readonly feesMinor: number;
  readonly spentMinor: number;
  readonly unspentMinor: number;
  readonly refundedMinor: number;
  readonly donations: number;
}

export interface Transparency {
  readonly currency: string;
  readonly totals: FundTotals;
  readonly unrestricted: FundTotals;
  readonly projects: readonly (FundTotals & {
    readonly projectId: string;
    readonly name: string;
    readonly expensesApprovedMinor: number;
  })[];
  readonly campaigns: readonly (FundTotals & { readonly campaignId: string; readonly name: string })[];
  readonly flows: readonly { readonly from: string; readonly to: string; readonly amountMinor: number }[];
  readonly log: LogIdentity;
}

export interface LogHistory extends LogIdentity {
  readonly checkpoints: readonly {
    readonly size: number;
    readonly rootHash: string;
    readonly createdAt: string;
    readonly note: string;
  }[];
}

export interface Project {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
}

export type Restriction = 'project' | 'campaign' | 'unrestricted';

export interface Donation {
  readonly id: string;
  readonly receiptCode: string;
  readonly contactId: string | null;
  readonly grossMinor: number;
  readonly feeMinor: number;
  readonly netMinor: number;
  readonly currency: string;
  readonly receivedAt: string;
  readonly restriction: string;
  readonly projectId: string | null;
  readonly campaignId: string | null;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly logIndex: number;
  readonly refundedMinor: number;
  readonly spentMinor: number;
  readonly unspentMinor: number;
}

export interface DonationInput {
  readonly grossMinor: number;
  readonly feeMinor?: number;
  readonly currency: string;
  readonly receivedAt: string;
  readonly projectId?: string;
  readonly campaignId?: string;
  readonly restriction?: Restriction;
  readonly provider?: string;
  readonly providerPaymentId: string;
}

export interface RefundInput {
  readonly amountMinor: number;
  readonly providerRefundId: string;
  readonly reason?: string;
}

export type ExpenseStatus = 'draft' | 'approved' | 'rejected';

export interface Expense {
  readonly id: string;
  readonly payee: string;
  readonly spentOn: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly category: string;
  readonly description: string;
  readonly projectId: string | null;
  readonly campaignId: string | null;
  readonly method: string;
  readonly fallback: string;
  readonly status: string;
  readonly fundedMinor: number;
  readonly underfunded: boolean;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly rejectionReason: string | null;
  readonly logIndex: number | null;
  readonly evidence: readonly {
    readonly sha256: string;
    readonly filename: string;
    readonly mimeType: string;
    readonly size: number;
  }[];
}

export interface EvidenceUpload {
  readonly filename: string;
  readonly mimeType: string;
  readonly contentBase64: string;
}

export interface ExpenseInput {
  readonly payee: string;
  readonly spentOn: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly category: string;
  readonly description: string;
  readonly projectId?: string;
  readonly method?: 'fifo' | 'prorata';
  readonly fallback?: 'unrestricted' | 'none';
  readonly evidence?: readonly EvidenceUpload[];
}

export interface AccountBalance {
  readonly account: string;
  readonly kind: string;
  readonly currency: string;
  readonly balanceMinor: number;
}

export interface LedgerTransaction {
  readonly id: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly memo: string;
  readonly postings: readonly {
    readonly account: string;
    readonly amountMinor: number;
    readonly currency: string;
  }[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

type Method = 'GET' | 'POST';

interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.code === 'string' && typeof body.message === 'string';
}

const query = (params: Readonly<Record<string, string | number | undefined>>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export class LedgerClient {
  readonly #fetch: typeof fetch;
  readonly #baseUrl: string;
  #csrf: string | null = null;

  constructor({ fetch: fetchImpl, baseUrl = '' }: { fetch?: typeof fetch; baseUrl?: string } = {}) {
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    this.#baseUrl = baseUrl.replace(/\/$/, '');
  }

  // --- public ---------------------------------------------------------------------------------------

  trace(code: string, signal?: AbortSignal): Promise<PublicTrace> {
    return this.#json('GET', `/api/v1/public/donations/${encodeURIComponent(code)}`, undefined, signal);
  }

  /** The C2SP tlog-proof text for one of the donation's log entries. */
  proof(code: string, index: number, signal?: AbortSignal): Promise<string> {
    return this.#text(
      `/api/v1/public/donations/${encodeURIComponent(code)}/proof${query({ index })}`,
      signal,
    );
  }

  /** The verifier key as the log itself publishes it at /log/key. */
  async logKey(signal?: AbortSignal): Promise<string> {
    return (await this.#text('/log/key', signal)).trim();
  }

  transparency(signal?: AbortSignal): Promise<Transparency> {
    return this.#json('GET', '/api/v1/public/transparency', undefined, signal);
  }

  logHistory(limit: number, signal?: AbortSignal): Promise<LogHistory> {
    return this.#json('GET', `/api/v1/public/log${query({ limit })}`, undefined, signal);
  }

  // --- staff ----------------------------------------------------------------------------------------

  projects(signal?: AbortSignal): Promise<{ readonly items: readonly Project[] }> {
    return this.#json('GET', '/api/v1/projects', undefined, signal);
  }

  createProject(input: { slug: string; name: string; description?: string }): Promise<Project> {
    return this.#json('POST', '/api/v1/projects', input);
  }

  donations(cursor: string | null, signal?: AbortSignal): Promise<Page<Donation>> {
    return this.#json(
      'GET',
      `/api/v1/donations${query({ limit: 50, cursor: cursor ?? undefined })}`,
      undefined,
      signal,
    );
  }

  recordDonation(input: DonationInput): Promise<Donation> {
    return this.#json('POST', '/api/v1/donations', input);
  }

  refund(donationId: string, input: RefundInput): Promise<Donation> {
    return this.#json('POST', `/api/v1/donations/${encodeURIComponent(donationId)}/refunds`, input);
  }

  expenses(
    status: ExpenseStatus | null,
    signal?: AbortSignal,
  ): Promise<{ readonly items: readonly Expense[] }> {
    return this.#json('GET', `/api/v1/expenses${query({ status: status ?? undefined })}`, undefined, signal);
  }

  createExpense(input: ExpenseInput): Promise<Expense> {
    return this.#json('POST', '/api/v1/expenses', input);
  }

  approveExpense(id: string): Promise<Expense> {
    return this.#json('POST', `/api/v1/expenses/${encodeURIComponent(id)}/approve`);
  }

  rejectExpense(id: string, reason: string): Promise<Expense> {
    return this.#json('POST', `/api/v1/expenses/${encodeURIComponent(id)}/reject`, { reason });
  }

  accounts(signal?: AbortSignal): Promise<{ readonly items: readonly AccountBalance[] }> {
    return this.#json('GET', '/api/v1/ledger/accounts', undefined, signal);
  }

  transactions(cursor: string | null, signal?: AbortSignal): Promise<Page<LedgerTransaction>> {
    return this.#json(
      'GET',
      `/api/v1/ledger/transactions${query({ limit: 50, cursor: cursor ?? undefined })}`,
      undefined,
      signal,
    );
  }

  // --- transport ------------------------------------------------------------------------------------

  async #send(method: Method, path: string, body: unknown, signal: AbortSignal | undefined, accept: string) {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') {
      const csrf = await this.#csrfToken(signal);
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    try {
      return await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, CLIENT_ERROR_CODES.NETWORK_ERROR, 'The server could not be reached', null, error);
    }
  }

  async #csrfToken(signal: AbortSignal | undefined): Promise<string | null> {
    if (this.#csrf !== null) return this.#csrf;
    const me = await this.#send('GET', '/api/v1/auth/me', undefined, signal, 'application/json');
    if (!me.ok) return null; // the request itself will then answer 401, which the page handles
    this.#csrf = ((await me.json()) as { csrfToken?: string }).csrfToken ?? null;
    return this.#csrf;
  }

  async #failure(response: Response, method: Method, path: string): Promise<ApiError> {
    const requestId = response.headers.get('x-request-id');
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch {
      json = undefined;
    }
    if (isErrorBody(json))
      return new ApiError(response.status, json.code, json.message, json.requestId ?? requestId);
    return new ApiError(
      response.status,
      CLIENT_ERROR_CODES.BAD_RESPONSE,
      `${method} ${path} failed with HTTP ${response.status}`,
      requestId,
    );
  }

  async #json<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.#send(method, path, body, signal, 'application/json');
    if (!response.ok) {
      // A session that was replaced (signed in again) has a new CSRF token: forget the old one.
      if (response.status === 403) this.#csrf = null;
      throw await this.#failure(response, method, path);
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ApiError(
        502,
        CLIENT_ERROR_CODES.BAD_RESPONSE,
        `Expected JSON from ${method} ${path}`,
        null,
        error,
      );
    }
  }

  async #text(path: string, signal?: AbortSignal): Promise<string> {
    const response = await this.#send('GET', path, undefined, signal, 'text/plain, application/json');
    if (!response.ok) throw await this.#failure(response, 'GET', path);
    return response.text();
  }
}
