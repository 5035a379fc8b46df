// The inbox's calls to /api/v1/inbox. Kept beside the page: the shared client knows the core routes.
export interface ConversationSummary {
  readonly id: string;
  readonly contactId: string;
  readonly contactName: string | null;
  /** whatsapp, webchat or email: replies go out on it. */
  readonly channel: string;
  readonly mode: 'assistant' | 'agent';
  readonly handoffReason: string | null;
  readonly assignedUserId: string | null;
  readonly unreadCount: number;
  readonly waitingSince: string | null;
  readonly lastMessageAt: string | null;
  readonly lastPreview: string | null;
  readonly windowOpen: boolean;
  readonly windowExpiresAt: string | null;
}

export interface ThreadMessage {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly content: {
    readonly content?: { readonly kind: string; readonly body?: string; readonly title?: string };
    readonly message?: { readonly type: string; readonly body?: string; readonly name?: string };
  };
  readonly author: string;
  readonly status: string;
  readonly createdAt: string;
}

export interface Thread {
  readonly conversation: ConversationSummary;
  readonly messages: readonly ThreadMessage[];
  readonly notes: readonly { readonly id: string; readonly body: string; readonly createdAt: string }[];
  readonly contact: {
    readonly displayName: string | null;
    readonly phone: string | null;
    readonly language: string;
    readonly consents: readonly {
      readonly channel: string;
      readonly purpose: string;
      readonly status: string;
    }[];
  };
  readonly donations: readonly {
    readonly id: string;
    readonly receiptCode: string;
    readonly grossMinor: number;
    readonly currency: string;
    readonly receivedAt: string;
  }[];
}

export interface Agent {
  readonly id: string;
  readonly name: string;
}

export interface CannedReply {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly language: string;
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

export const inboxClient = {
  list: (signal?: AbortSignal) =>
    call<{ items: ConversationSummary[] }>('GET', '/api/v1/inbox/conversations?limit=100', undefined, signal),
  thread: (id: string, signal?: AbortSignal) =>
    call<Thread>('GET', `/api/v1/inbox/conversations/${id}`, undefined, signal),
  reply: (id: string, text: string) => call('POST', `/api/v1/inbox/conversations/${id}/messages`, { text }),
  read: (id: string, options: { readonly typing?: boolean } = {}) =>
    call('POST', `/api/v1/inbox/conversations/${id}/read${options.typing === true ? '?typing=true' : ''}`),
  assign: (id: string, userId: string | null) =>
    call('POST', `/api/v1/inbox/conversations/${id}/assign`, { userId }),
  note: (id: string, body: string) => call('POST', `/api/v1/inbox/conversations/${id}/notes`, { body }),
  returnToAssistant: (id: string) => call('POST', `/api/v1/inbox/conversations/${id}/return-to-assistant`),
  agents: () => call<{ items: Agent[] }>('GET', '/api/v1/inbox/agents'),
  canned: () => call<{ items: CannedReply[] }>('GET', '/api/v1/inbox/canned-replies'),
  changes: (since: string | null, signal: AbortSignal) =>
    call<{ cursor: string | null; conversationIds: string[] }>(
      'GET',
      `/api/v1/inbox/changes?waitMs=${since === null ? 0 : 20000}${since === null ? '' : `&since=${encodeURIComponent(since)}`}`,
      undefined,
      signal,
    ),
};
