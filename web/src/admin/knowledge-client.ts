// The knowledge page's calls to /api/v1/knowledge. Kept beside the page: the shared client knows the core routes.
export interface KnowledgeEntry {
  readonly id: string;
  readonly kind: 'faq' | 'project';
  readonly language: string;
  readonly sourceId: string;
  readonly question: string;
  readonly phrasings: readonly string[];
  readonly answer: string;
  readonly tags: readonly string[];
  readonly updatedAt: string;
}

export interface KnowledgeHit {
  readonly id: string;
  readonly sourceId: string;
  readonly title: string;
  readonly confidence: number;
}

export interface KnowledgeAnswer {
  readonly kind: 'answer' | 'no-answer';
  readonly text?: string;
  readonly source?: { readonly id: string; readonly sourceId: string; readonly title: string };
  readonly reason?: string;
  readonly confidence: number;
  readonly generated?: boolean;
  readonly hits: readonly KnowledgeHit[];
}

export interface EntryFields {
  readonly question: string;
  readonly phrasings: readonly string[];
  readonly answer: string;
  readonly tags: readonly string[];
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
  const json = (await response.json()) as T & { code?: string; message?: string };
  if (!response.ok) throw new Error(json.message ?? `HTTP ${response.status}`);
  return json;
}

export const knowledgeClient = {
  list: (language: string, signal?: AbortSignal) =>
    call<{ items: KnowledgeEntry[]; generative: boolean }>(
      'GET',
      `/api/v1/knowledge/entries?language=${encodeURIComponent(language)}`,
      undefined,
      signal,
    ),
  create: (language: string, sourceId: string, fields: EntryFields) =>
    call<KnowledgeEntry>('POST', '/api/v1/knowledge/entries', { language, sourceId, ...fields }),
  update: (id: string, fields: EntryFields, expectedUpdatedAt: string) =>
    call<KnowledgeEntry>('PUT', `/api/v1/knowledge/entries/${encodeURIComponent(id)}`, {
      ...fields,
      expectedUpdatedAt,
    }),
  remove: (id: string) => call<{ ok: true }>('DELETE', `/api/v1/knowledge/entries/${encodeURIComponent(id)}`),
  answer: (q: string, language: string) =>
    call<KnowledgeAnswer>(
      'GET',
      `/api/v1/knowledge/answer?q=${encodeURIComponent(q)}&language=${encodeURIComponent(language)}`,
    ),
};
