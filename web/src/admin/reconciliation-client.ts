// The reconciliation screen's calls to /api/v1/bank-*. Kept beside the page: the shared client knows
// the core routes. Uploads go as multipart/form-data (the file is never read into base64 here).

export interface ImportProgress {
  readonly total: number;
  readonly processed: number;
  readonly credits: number;
  readonly debits: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly ignored: number;
  readonly duplicates: number;
  readonly skipped: number;
}

export interface BankImport {
  readonly id: string;
  readonly format: string;
  readonly filename: string;
  readonly status: 'queued' | 'processing' | 'completed' | 'failed';
  readonly statements: number;
  readonly error: string | null;
  readonly createdAt: string;
  readonly progress: ImportProgress;
}

export interface BankEntry {
  readonly id: string;
  readonly direction: 'credit' | 'debit';
  readonly amountMinor: number;
  readonly currency: string;
  readonly bookingDate: string;
  readonly counterpartyName: string | null;
  readonly counterpartyIban: string | null;
  readonly remittance: string | null;
  readonly status: string;
  readonly matchNote: string | null;
}

export interface Donor {
  readonly contactId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly donorNumber: string | null;
}

export interface BankMapping {
  readonly id: string;
  readonly name: string;
}

export interface MappingInput {
  readonly name: string;
  readonly settings: {
    readonly delimiter: string;
    readonly decimalSeparator: string;
    readonly dateFormat: string;
    readonly encoding: string;
    readonly skipLines: number;
    readonly defaultCurrency: string;
    readonly columns: Readonly<Record<string, string>>;
  };
}

/** An API error with its stable code, so the page can say what went wrong in the user's language. */
export class BankApiError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(code: string, statusCode: number, message: string) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }
}

let csrf: string | null = null;

async function csrfToken(): Promise<string | null> {
  if (csrf === null) {
    const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    csrf = me.ok ? ((await me.json()) as { csrfToken: string }).csrfToken : null;
  }
  return csrf;
}

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const token = method === 'GET' ? null : await csrfToken();
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
      ...(token ? { 'x-csrf-token': token } : {}),
    },
    ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  const json = (await response.json()) as T & { code?: string; message?: string };
  if (!response.ok)
    throw new BankApiError(json.code ?? 'HTTP', response.status, json.message ?? `HTTP ${response.status}`);
  return json;
}

export const reconciliationClient = {
  upload: (file: File, mappingId: string | null) => {
    const form = new FormData();
    if (mappingId) form.append('mappingId', mappingId);
    form.append('file', file, file.name);
    return call<BankImport>('POST', '/api/v1/bank-imports', form);
  },
  imports: (signal?: AbortSignal) =>
    call<{ items: BankImport[] }>('GET', '/api/v1/bank-imports?limit=10', undefined, signal),
  import: (id: string, signal?: AbortSignal) =>
    call<BankImport>('GET', `/api/v1/bank-imports/${id}`, undefined, signal),
  unmatched: (signal?: AbortSignal) =>
    call<{ items: BankEntry[] }>('GET', '/api/v1/bank-entries?status=unmatched&limit=100', undefined, signal),
  donors: (q: string, signal?: AbortSignal) =>
    call<{ items: Donor[] }>('GET', `/api/v1/bank-donors?q=${encodeURIComponent(q)}`, undefined, signal),
  resolve: (
    id: string,
    body: { action: 'donor'; contactId: string } | { action: 'anonymous' | 'not-a-gift' },
  ) => call<BankEntry>('POST', `/api/v1/bank-entries/${id}/resolve`, body),
  mappings: (signal?: AbortSignal) =>
    call<{ items: BankMapping[] }>('GET', '/api/v1/bank-mappings', undefined, signal),
  createMapping: (input: MappingInput) => call<BankMapping>('POST', '/api/v1/bank-mappings', input),
};
