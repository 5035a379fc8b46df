import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, CLIENT_ERROR_CODES, isApiError, type Session } from './api';

interface Call {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | null;
  readonly credentials: RequestCredentials | undefined;
}

type Reply = Response | (() => Response) | Error;

/** A fetch that records each call and answers with the next reply. */
function fakeFetch(...replies: Reply[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof init?.body === 'string' ? init.body : null,
      credentials: init?.credentials,
    });
    const reply = replies.shift();
    if (!reply) return Promise.reject(new Error('unexpected request'));
    if (reply instanceof Error) return Promise.reject(reply);
    return Promise.resolve(typeof reply === 'function' ? reply() : reply);
  };
  return { fetch: fetchImpl, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const session: Session = {
  user: { id: 'u1', email: 'admin@demo.filo.ngo', name: 'Ada Admin', role: 'owner', language: 'it' },
  csrfToken: 'csrf-123',
};

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('ApiClient', () => {
  it('signs in with a JSON body, then sends the CSRF token on mutating requests', async () => {
    const { fetch, calls } = fakeFetch(json(200, session), new Response(null, { status: 204 }));
    const api = new ApiClient({ fetch });

    await expect(api.login('admin@demo.filo.ngo', 'secret')).resolves.toEqual(session);
    await api.logout();

    expect(calls[0]).toMatchObject({
      url: '/api/v1/auth/login',
      method: 'POST',
      body: JSON.stringify({ email: 'admin@demo.filo.ngo', password: 'secret' }),
      credentials: 'same-origin',
    });
    expect(calls[0]?.headers['content-type']).toBe('application/json');
    expect(calls[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(calls[1]).toMatchObject({ url: '/api/v1/auth/logout', method: 'POST', body: null });
    expect(calls[1]?.headers['x-csrf-token']).toBe('csrf-123');
  });

  it('takes the CSRF token from /auth/me, and forgets it after sign-out', async () => {
    const { fetch, calls } = fakeFetch(
      json(200, session),
      new Response(null, { status: 204 }),
      new Response(null, { status: 204 }),
    );
    const api = new ApiClient({ fetch, baseUrl: 'http://filo.test/' });
    await expect(api.me()).resolves.toEqual(session);
    await api.logout();
    await api.logout();
    expect(calls[0]?.url).toBe('http://filo.test/api/v1/auth/me');
    expect(calls[1]?.headers['x-csrf-token']).toBe('csrf-123');
    expect(calls[2]?.headers['x-csrf-token']).toBeUndefined();
  });

  it('never sends the CSRF token with GET requests', async () => {
    const { fetch, calls } = fakeFetch(json(200, session), json(200, { organisation: {} }));
    const api = new ApiClient({ fetch });
    await api.login('a@b.c', 'x');
    await api.dashboard();
    expect(calls[1]?.headers['x-csrf-token']).toBeUndefined();
  });

  it('reports a signed-out visitor as null from me()', async () => {
    const { fetch } = fakeFetch(
      json(401, {
        statusCode: 401,
        code: 'AUTH_REQUIRED',
        error: 'Unauthorized',
        message: 'Sign in',
        requestId: 'r1',
      }),
    );
    await expect(new ApiClient({ fetch }).me()).resolves.toBeNull();
  });

  it('turns the server’s error body into an ApiError with its code and request id', async () => {
    const { fetch } = fakeFetch(
      json(401, {
        statusCode: 401,
        code: 'AUTH_INVALID_CREDENTIALS',
        error: 'Unauthorized',
        message: 'Wrong e-mail or password',
        requestId: 'req-7',
      }),
      json(
        429,
        { statusCode: 429, code: 'AUTH_RATE_LIMITED', error: 'Too Many Requests', message: 'Slow down' },
        {
          'x-request-id': 'req-8',
        },
      ),
    );
    const api = new ApiClient({ fetch });

    const invalid = await caught(api.login('a@b.c', 'wrong'));
    expect(invalid).toMatchObject({ statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', requestId: 'req-7' });
    expect(invalid.message).toBe('Wrong e-mail or password');
    expect(isApiError(invalid, 'AUTH_INVALID_CREDENTIALS')).toBe(true);

    const limited = await caught(api.login('a@b.c', 'wrong'));
    expect(limited).toMatchObject({ statusCode: 429, code: 'AUTH_RATE_LIMITED', requestId: 'req-8' });
  });

  it('reports a failed connection as NETWORK_ERROR with status 0', async () => {
    const { fetch } = fakeFetch(new TypeError('fetch failed'));
    const error = await caught(new ApiClient({ fetch }).publicOrganisation());
    expect(error).toMatchObject({ statusCode: 0, code: CLIENT_ERROR_CODES.NETWORK_ERROR });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports an answer that is not Filo’s JSON (a proxy page, say) as BAD_RESPONSE', async () => {
    const { fetch } = fakeFetch(
      new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }),
      json(500, { unexpected: true }),
      new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    const api = new ApiClient({ fetch });
    expect(await caught(api.dashboard())).toMatchObject({ statusCode: 502, code: 'BAD_RESPONSE' });
    expect(await caught(api.dashboard())).toMatchObject({ statusCode: 500, code: 'BAD_RESPONSE' });
    expect(await caught(api.dashboard())).toMatchObject({ statusCode: 502, code: 'BAD_RESPONSE' });
  });

  it('lets a cancelled request reject with the abort, not as a network error', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fetch } = fakeFetch(new DOMException('aborted', 'AbortError'));
    await expect(new ApiClient({ fetch }).dashboard({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
