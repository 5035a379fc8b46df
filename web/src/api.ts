// Typed client for Filo's HTTP API (/api/v1). It keeps the session's CSRF token and sends it on
// every mutating request, and turns every failure, including a network error or a body that is
// not Filo's error JSON, into one ApiError with a stable code.
import type { ContactPatch, PreferredChannel } from '../../src/contacts';

export const ROLES = ['owner', 'fundraiser', 'agent', 'accountant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly language: string;
}

export interface Session {
  readonly user: User;
  readonly csrfToken: string;
}

export interface Organisation {
  readonly name: string;
  readonly legalName: string;
  readonly description: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** ISO 4217. */
  readonly currency: string;
  readonly language: string;
}

/** Money is an integer of minor units (cents) with its ISO 4217 currency, never a float. */
export interface CampaignSummary {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** Not in every response that lists campaigns; shown where present. */
  readonly description?: string;
  readonly goalMinor: number;
  readonly raisedMinor: number;
  readonly currency: string;
}

export interface ProjectSummary {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
}

export interface DashboardTotals {
  readonly supporters: number;
  readonly campaigns: number;
  readonly projects: number;
  readonly whatsappOptIns: number;
  readonly emailOptIns: number;
}

export interface DashboardGiving {
  readonly raisedMinor: number;
  readonly donations: number;
  readonly spentMinor: number;
  readonly unspentMinor: number;
  readonly feesMinor: number;
  readonly refundedMinor: number;
}

export interface Dashboard {
  readonly organisation: Organisation;
  readonly totals: DashboardTotals;
  /** From the ledger, in the organisation's currency. */
  readonly giving: DashboardGiving;
  readonly campaigns: readonly CampaignSummary[];
  readonly projects: readonly ProjectSummary[];
}

export interface PublicOrganisation {
  readonly organisation: Organisation;
  readonly campaigns: readonly CampaignSummary[];
  readonly projects: readonly ProjectSummary[];
}

/** The error body the server sends with every 4xx and 5xx. */
export interface ApiErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly error: string;
  readonly message: string;
  readonly requestId?: string;
}

/** Codes the client itself produces when there is no server error body to read. */
export const CLIENT_ERROR_CODES = Object.freeze({
  /** The request never got an HTTP answer (offline, server down, DNS). statusCode is 0. */
  NETWORK_ERROR: 'NETWORK_ERROR',
  /** The server answered with something that is not the JSON it promised. */
  BAD_RESPONSE: 'BAD_RESPONSE',
} as const);

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  readonly code: string;
  readonly requestId: string | null;

  constructor(statusCode: number, code: string, message: string, requestId: string | null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.statusCode = statusCode;
    this.code = code;
    this.requestId = requestId;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.code === 'string' && typeof body.message === 'string';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Defaults to the page's own origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

export class ApiClient {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  #csrfToken: string | null = null;

  constructor({ baseUrl = '', fetch: fetchImpl }: ApiClientOptions = {}) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    // Bound lazily: calling window.fetch detached from window throws "Illegal invocation".
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Signs in; the server sets the HttpOnly session cookie and this client keeps the CSRF token. */
  async login(email: string, password: string, options: RequestOptions = {}): Promise<Session> {
    const session = await this.#request<Session>('POST', '/api/v1/auth/login', { email, password }, options);
    this.#csrfToken = session.csrfToken;
    return session;
  }

  /** The current session, or null when signed out (401 AUTH_REQUIRED). */
  async me(options: RequestOptions = {}): Promise<Session | null> {
    try {
      const session = await this.#request<Session>('GET', '/api/v1/auth/me', undefined, options);
      this.#csrfToken = session.csrfToken;
      return session;
    } catch (error) {
      if (isApiError(error) && error.statusCode === 401) {
        this.#csrfToken = null;
        return null;
      }
      throw error;
    }
  }

  async logout(options: RequestOptions = {}): Promise<void> {
    try {
      await this.#request<void>('POST', '/api/v1/auth/logout', undefined, options);
    } catch (error) {
      // A session that has already ended is the outcome the caller wanted.
      if (!(isApiError(error) && error.statusCode === 401)) throw error;
    } finally {
      this.#csrfToken = null;
    }
  }

  dashboard(options: RequestOptions = {}): Promise<Dashboard> {
    return this.#request<Dashboard>('GET', '/api/v1/dashboard', undefined, options);
  }

  publicOrganisation(options: RequestOptions = {}): Promise<PublicOrganisation> {
    return this.#request<PublicOrganisation>('GET', '/api/v1/public/organisation', undefined, options);
  }

  // ---- Giving: the public donation pages, the sandbox checkout and the recurring-gift link ----

  donationPage(campaign: string, language: string, options: RequestOptions = {}): Promise<DonationPage> {
    const query = `?lang=${encodeURIComponent(language)}`;
    return this.#request(
      'GET',
      `/api/v1/public/donate/${encodeURIComponent(campaign)}${query}`,
      undefined,
      options,
    );
  }

  startCheckout(body: CheckoutStart, options: RequestOptions = {}): Promise<CheckoutStarted> {
    return this.#request('POST', '/api/v1/public/checkout', body, options);
  }

  checkoutStatus(checkoutId: string, options: RequestOptions = {}): Promise<CheckoutStatus> {
    return this.#request(
      'GET',
      `/api/v1/public/checkout/${encodeURIComponent(checkoutId)}`,
      undefined,
      options,
    );
  }

  sandboxCheckout(sessionId: string, options: RequestOptions = {}): Promise<SandboxCheckoutSession> {
    const path = `/api/v1/public/sandbox/checkout/${encodeURIComponent(sessionId)}`;
    return this.#request('GET', path, undefined, options);
  }

  completeSandboxCheckout(
    sessionId: string,
    body: SandboxCheckoutOutcome,
    options: RequestOptions = {},
  ): Promise<SandboxCheckoutResult> {
    return this.#request(
      'POST',
      `/api/v1/public/sandbox/checkout/${encodeURIComponent(sessionId)}`,
      body,
      options,
    );
  }

  recurringGift(token: string, options: RequestOptions = {}): Promise<RecurringGift> {
    return this.#request('GET', `/api/v1/public/recurring/${encodeURIComponent(token)}`, undefined, options);
  }

  changeRecurringGift(
    token: string,
    change: RecurringChange,
    options: RequestOptions = {},
  ): Promise<RecurringGift> {
    return this.#request('POST', `/api/v1/public/recurring/${encodeURIComponent(token)}`, change, options);
  }

  /** Any other /api call, with the session's CSRF token and the same errors (used by SupportersApi). */
  call<T>(method: Method, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.#request<T>(method, path, body, options);
  }

  async #request<T>(method: Method, path: string, body: unknown, { signal }: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.#csrfToken) headers['x-csrf-token'] = this.#csrfToken;

    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error; // the caller cancelled; not a failure to report
      throw new ApiError(0, CLIENT_ERROR_CODES.NETWORK_ERROR, 'The server could not be reached', null, error);
    }

    const requestId = response.headers.get('x-request-id');
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      throw new ApiError(
        response.ok ? 502 : response.status,
        CLIENT_ERROR_CODES.BAD_RESPONSE,
        `Expected JSON from ${method} ${path}, got ${response.headers.get('content-type') ?? 'no content type'}`,
        requestId,
        error,
      );
    }
    if (!response.ok) {
      if (isErrorBody(json)) {
        throw new ApiError(response.status, json.code, json.message, json.requestId ?? requestId);
      }
      throw new ApiError(
        response.status,
        CLIENT_ERROR_CODES.BAD_RESPONSE,
        `${method} ${path} failed with HTTP ${response.status}`,
        requestId,
      );
    }
    return json as T;
  }
}

// ---- Giving: the public donation pages, the sandbox checkout and the recurring-gift link ----

export type GiftFrequency = 'one-off' | 'monthly';

/** A consent checkbox: the server owns the wording; the form sends back the version it showed. */
export interface DonationConsentOption {
  readonly channel: string;
  readonly purpose: string;
  readonly version: string;
  readonly wording: string;
}

export interface DonationPage {
  readonly campaign: {
    readonly slug: string;
    readonly name: string;
    readonly description: string;
    readonly goalMinor: number;
    readonly raisedMinor: number;
    readonly donations: number;
    readonly currency: string;
  };
  readonly presetsMinor: readonly number[];
  readonly minMinor: number;
  readonly maxMinor: number;
  readonly frequencies: readonly GiftFrequency[];
  readonly consents: readonly DonationConsentOption[];
  /** True when gifts go to the payment sandbox: no money moves. */
  readonly sandbox: boolean;
}

export interface CheckoutStart {
  readonly campaign: string;
  readonly amountMinor: number;
  readonly currency?: string;
  readonly frequency: GiftFrequency;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
  readonly taxReceipt: { readonly taxCode: string; readonly address: string } | null;
  /** How the donor wants to hear from us (only when they gave both an e-mail address and a phone). */
  readonly preferredChannel: PreferredChannel | null;
  readonly consents: readonly {
    readonly channel: string;
    readonly purpose: string;
    readonly version: string;
  }[];
}

export interface CheckoutStarted {
  readonly checkoutId: string;
  /** The hosted checkout page (Stripe's, or the sandbox's). */
  readonly url: string;
}

export interface CheckoutStatus {
  readonly status: 'pending' | 'recorded' | 'failed';
  readonly frequency: GiftFrequency;
  readonly amountMinor: number;
  readonly currency: string;
  readonly campaign: { readonly slug: string; readonly name: string } | null;
  readonly receiptCode: string | null;
  readonly trackUrl: string | null;
  /** A monthly gift's self-service link, for a day after the checkout. */
  readonly manageUrl?: string | null;
}

export interface SandboxCheckoutSession {
  readonly id: string;
  readonly status: 'open' | 'complete' | 'expired';
  readonly mode: 'payment' | 'subscription';
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  readonly email: string | null;
  readonly successUrl: string;
  readonly cancelUrl: string;
}

export interface SandboxCheckoutOutcome {
  readonly outcome: 'succeed' | 'fail';
  readonly name?: string;
  readonly email?: string;
  /** Deliver every webhook twice. */
  readonly duplicate?: boolean;
  /** Deliver the webhooks in reverse order. */
  readonly reverse?: boolean;
}

export interface SandboxCheckoutResult {
  readonly redirectUrl: string;
  readonly events: readonly string[];
}

export interface RecurringGift {
  readonly status: 'active' | 'paused' | 'past_due' | 'cancelled';
  readonly amountMinor: number;
  readonly currency: string;
  readonly campaign: { readonly slug: string; readonly name: string } | null;
  readonly minMinor: number;
  readonly maxMinor: number;
}

export type RecurringChange =
  | { readonly action: 'amount'; readonly amountMinor: number }
  | { readonly action: 'pause' | 'resume' | 'cancel' };

// ---- Supporters and campaigns (the admin's supporter and campaign screens) ----

export type ConsentStatus = 'granted' | 'revoked';

/** The latest record for one channel and purpose. */
export interface CurrentConsent {
  readonly channel: string;
  readonly purpose: string;
  readonly status: ConsentStatus;
  readonly source: string;
  readonly wordingVersion: string;
  readonly recordedAt: string;
}

export interface Supporter {
  readonly id: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
  readonly timeZone: string;
  readonly country: string | null;
  /** The channel the supporter asked us to write on; null: WhatsApp first, then e-mail. */
  readonly preferredChannel: PreferredChannel | null;
  readonly createdAt: string;
  readonly consents: readonly CurrentConsent[];
}

/** The channels a supporter may ask us to write on, as the server defines them. */
export type { PreferredChannel };

/** A change to a supporter's details (PATCH): the fields given change, null clears. */
export type SupporterDetails = ContactPatch;

/** One entry of the append-only consent history, with the exact words the supporter was shown. */
export interface ConsentRecord extends CurrentConsent {
  readonly id: string;
  readonly wording: string;
}

export interface ConsentChange {
  readonly channel: string;
  readonly purpose: string;
  readonly granted: boolean;
  readonly source: string;
  readonly wordingVersion: string;
  readonly wording: string;
  readonly proof?: Readonly<Record<string, string>>;
}

export interface NewSupporter {
  readonly displayName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly language?: string;
  readonly timeZone?: string;
  readonly country?: string;
  readonly preferredChannel?: PreferredChannel;
  readonly consents?: readonly ConsentChange[];
}

/** A gift as the supporter screen shows it; the ledger sends more. */
export interface SupporterGift {
  readonly id: string;
  readonly receiptCode: string;
  readonly grossMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  readonly receivedAt: string;
  readonly projectId: string | null;
  readonly campaignId: string | null;
}

export type CampaignStatus = 'draft' | 'active' | 'closed';

export interface Campaign {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly goalMinor: number;
  readonly raisedMinor: number;
  readonly currency: string;
  readonly status: CampaignStatus;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
}

export interface NewCampaign {
  readonly slug: string;
  readonly name: string;
  readonly description?: string;
  readonly goalMinor: number;
  readonly currency: string;
  readonly status?: CampaignStatus;
  readonly startsAt?: string;
  readonly endsAt?: string;
}

export interface CampaignChanges {
  readonly name?: string;
  readonly description?: string;
  readonly goalMinor?: number;
  readonly status?: CampaignStatus;
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The supporter and campaign calls, over the signed-in ApiClient. */
export class SupportersApi {
  readonly #api: ApiClient;
  constructor(api: ApiClient) {
    this.#api = api;
  }

  supporters(
    query: { readonly search?: string; readonly cursor?: string | null; readonly limit?: number },
    options: RequestOptions = {},
  ): Promise<Page<Supporter>> {
    const q = queryString({
      limit: query.limit ?? 25,
      cursor: query.cursor ?? undefined,
      search: query.search?.trim() || undefined,
    });
    return this.#api.call('GET', `/api/v1/contacts${q}`, undefined, options);
  }

  supporter(id: string, options: RequestOptions = {}): Promise<Supporter> {
    return this.#api.call('GET', `/api/v1/contacts/${encodeURIComponent(id)}`, undefined, options);
  }

  consentHistory(
    id: string,
    options: RequestOptions = {},
  ): Promise<{ readonly items: readonly ConsentRecord[] }> {
    return this.#api.call('GET', `/api/v1/contacts/${encodeURIComponent(id)}/consents`, undefined, options);
  }

  createSupporter(body: NewSupporter, options: RequestOptions = {}): Promise<Supporter> {
    return this.#api.call('POST', '/api/v1/contacts', body, options);
  }

  updateSupporter(id: string, body: SupporterDetails, options: RequestOptions = {}): Promise<Supporter> {
    return this.#api.call('PATCH', `/api/v1/contacts/${encodeURIComponent(id)}`, body, options);
  }

  recordConsent(id: string, body: ConsentChange, options: RequestOptions = {}): Promise<CurrentConsent> {
    return this.#api.call('POST', `/api/v1/contacts/${encodeURIComponent(id)}/consents`, body, options);
  }

  eraseSupporter(id: string, options: RequestOptions = {}): Promise<void> {
    return this.#api.call('POST', `/api/v1/contacts/${encodeURIComponent(id)}/erase`, undefined, options);
  }

  gifts(
    contactId: string,
    cursor: string | null,
    options: RequestOptions = {},
  ): Promise<Page<SupporterGift>> {
    const q = queryString({ contactId, limit: 50, cursor: cursor ?? undefined });
    return this.#api.call('GET', `/api/v1/donations${q}`, undefined, options);
  }

  campaigns(options: RequestOptions = {}): Promise<{ readonly items: readonly Campaign[] }> {
    return this.#api.call('GET', '/api/v1/campaigns', undefined, options);
  }

  createCampaign(body: NewCampaign, options: RequestOptions = {}): Promise<Campaign> {
    return this.#api.call('POST', '/api/v1/campaigns', body, options);
  }

  updateCampaign(id: string, body: CampaignChanges, options: RequestOptions = {}): Promise<Campaign> {
    return this.#api.call('PATCH', `/api/v1/campaigns/${encodeURIComponent(id)}`, body, options);
  }
}
