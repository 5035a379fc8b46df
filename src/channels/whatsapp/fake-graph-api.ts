// A stand-in for the Graph API in unit tests: a `fetch` that records every request and answers from a
// queue (or with a plausible default). Not the sandbox — that will be a real local server — just enough
// to pin the requests the adapter makes and to play back Meta's documented answers.

export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent (null for a GET). */
  readonly rawBody: string | null;
  readonly body: unknown;
}

export type FakeReply =
  | { readonly status: number; readonly body?: unknown; readonly text?: string }
  | { readonly networkError: true }
  /** Never answers; the request ends only when its signal aborts (a timeout). */
  | { readonly hang: true };

export interface FakeGraphApi {
  readonly fetch: typeof fetch;
  readonly requests: readonly RecordedRequest[];
  /** Answers for the next requests, in order; when the queue is empty a default success is given. */
  reply(...replies: FakeReply[]): void;
}

function defaultReply(request: RecordedRequest, n: number): FakeReply {
  const body = request.body;
  if (typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'read') {
    return { status: 200, body: { success: true } };
  }
  const to = typeof body === 'object' && body !== null ? (body as { to?: unknown }).to : undefined;
  const input = typeof to === 'string' ? to : 'unknown';
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input, wa_id: input.replace(/^\+/, '') }],
      messages: [{ id: `wamid.FAKE${n}` }],
    },
  };
}

export function createFakeGraphApi(): FakeGraphApi {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const fakeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const rawBody = typeof init?.body === 'string' ? init.body : null;
    const request: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers,
      rawBody,
      body: rawBody === null ? null : (JSON.parse(rawBody) as unknown),
    };
    requests.push(request);
    const reply = queue.shift() ?? defaultReply(request, requests.length);
    if ('networkError' in reply) throw new TypeError('fetch failed');
    if ('hang' in reply) {
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        if (signal === undefined || signal === null) return;
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    }
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return new Response(text, { status: reply.status, headers: { 'content-type': 'application/json' } });
  };
  return {
    fetch: fakeFetch,
    requests,
    reply: (...replies) => {
      queue.push(...replies);
    },
  };
}
