// The assistant screen's calls to /api/v1/assistant. Kept beside the page: the shared client knows the core routes.

export const ASSISTANT_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;

export const ASSISTANT_INTENTS = [
  'donate',
  'donation_status',
  'project_update',
  'event_signup',
  'event_activity',
  'recurring_change',
  'receipt_request',
  'subscribe',
  'unsubscribe',
  'talk_to_human',
  'faq',
  'greeting',
  'thanks',
  'complaint',
  'none',
] as const;
export type AssistantIntent = (typeof ASSISTANT_INTENTS)[number];

export interface AssistantEntity {
  readonly type: 'money' | 'date' | 'distance' | 'duration';
  readonly value: number | string;
  readonly text: string;
  readonly currency?: string;
  readonly granularity?: string;
  readonly unit?: string;
}

export interface Understanding {
  readonly language: string;
  readonly intent: AssistantIntent;
  readonly confidence: number;
  readonly entities: readonly AssistantEntity[];
  readonly reason?: string;
  readonly guess?: AssistantIntent;
}

export interface AssistantExample {
  readonly id: string;
  readonly language: string;
  readonly intent: AssistantIntent;
  readonly text: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

export interface ModelReport {
  readonly examples: number;
  readonly organisationExamples: number;
  readonly trainedAt: string;
  readonly trainingMs: number;
  readonly loaded: boolean;
}

/** An API error with its stable code (BOT_EXAMPLE_DUPLICATE …), shown in the user's language. */
export class AssistantApiError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(code: string, statusCode: number, message: string) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }
}

let csrf: string | null = null;

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  if (method !== 'GET' && csrf === null) {
    const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    csrf = me.ok ? ((await me.json()) as { csrfToken: string }).csrfToken : null;
  }
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json()) as T & { code?: string; message?: string };
  if (!response.ok)
    throw new AssistantApiError(
      json.code ?? 'HTTP',
      response.status,
      json.message ?? `HTTP ${response.status}`,
    );
  return json;
}

export const assistantClient = {
  understand: (text: string, language?: string) =>
    call<Understanding>('POST', '/api/v1/assistant/understand', {
      text,
      ...(language ? { language } : {}),
    }),
  examples: (signal?: AbortSignal) =>
    call<{ items: AssistantExample[]; model: ModelReport | null }>(
      'GET',
      '/api/v1/assistant/examples',
      undefined,
      signal,
    ),
  addExample: (language: string, intent: AssistantIntent, text: string) =>
    call<AssistantExample>('POST', '/api/v1/assistant/examples', { language, intent, text }),
  removeExample: (id: string) =>
    call<undefined>('DELETE', `/api/v1/assistant/examples/${encodeURIComponent(id)}`),
  train: () => call<ModelReport>('POST', '/api/v1/assistant/train'),
};
