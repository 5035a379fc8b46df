import type { FastifyInstance } from 'fastify';
import { WhatsAppSandbox, type SandboxOptions } from '../../src/channels';
import type { WhatsAppSettings } from '../../src/core';
import { createConversationsModule } from '../../src/conversations';
import type { Engine } from '../../src/store';
import type { ModuleFactory } from '../../src/runtime/modules';
import { createTestApp, type TestApp } from '../support/app';

// A Filo app with the conversations module and a WhatsApp sandbox mounted in it, wired through
// app.inject (no sockets): the adapter's Graph API calls and the sandbox's webhooks both go in-process.

export const SETTINGS: WhatsAppSettings = Object.freeze({
  appSecret: 'test-app-secret',
  verifyToken: 'test-verify-token',
  accessToken: 'test-access-token',
  phoneNumberId: '100000000000001',
  businessAccountId: '200000000000001',
  graphUrl: 'http://filo.test/sandbox/whatsapp',
  graphVersion: undefined,
  sandbox: true,
  messagesPerSecond: 80,
});

/** A fetch that answers from a Fastify app through inject. */
export function injectFetch(app: () => FastifyInstance): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const res = await app().inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(res.statusCode === 204 ? null : res.body, {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
    });
  };
}

/** A request the adapter made to the (sandbox's) Graph API, as it went out. */
export interface GraphRequest {
  readonly method: string;
  /** Path and query, e.g. /sandbox/whatsapp/v23.0/100000000000001/messages */
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent (null for a GET). */
  readonly rawBody: string | null;
}

export interface ConversationsTestApp extends TestApp {
  readonly sandbox: WhatsAppSandbox;
  /** Every Graph API request the adapter made, in order. */
  readonly graphRequests: GraphRequest[];
}

/** Wraps a fetch so that every request it makes is recorded first. */
export function recordingFetch(inner: typeof fetch, into: GraphRequest[]): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    into.push({
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers,
      rawBody: typeof init?.body === 'string' ? init.body : null,
    });
    return inner(input, init);
  };
}

export async function createConversationsApp(
  engine: Engine,
  options: { sandbox?: Partial<SandboxOptions>; extraModules?: readonly ModuleFactory[] } = {},
): Promise<ConversationsTestApp> {
  // The app is built after the sandbox that calls into it: the fetch finds it when first used.
  const built: { app?: TestApp } = {};
  const graphRequests: GraphRequest[] = [];
  const fetchIntoApp = injectFetch(() => {
    if (built.app === undefined) throw new Error('app not built yet');
    return built.app.app;
  });
  const sandbox = new WhatsAppSandbox({
    appSecret: SETTINGS.appSecret,
    accessToken: SETTINGS.accessToken,
    webhookUrl: 'http://filo.test/webhooks/whatsapp',
    numbers: [{ id: SETTINGS.phoneNumberId, display: '390600000000', wabaId: '200000000000001' }],
    fetch: fetchIntoApp,
    statusDelayMs: 5,
    ...options.sandbox,
  });
  const t = await createTestApp(engine, {
    config: { whatsapp: SETTINGS },
    modules: [
      ...(options.extraModules ?? []),
      createConversationsModule({ fetch: recordingFetch(fetchIntoApp, graphRequests), sandbox }),
    ],
  });
  built.app = t;
  return Object.assign(t, { sandbox, graphRequests });
}

/**
 * Conversation tests run beside other suites on a shared two-core machine: waits are generous (each
 * still ends as soon as its condition holds), and so are the per-test limits of the files using them.
 */
export const SLOW_MACHINE_TIMEOUTS = Object.freeze({ testTimeout: 120_000, hookTimeout: 120_000 });

/** Polls until the predicate holds (jobs run in the background). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Resolves once the app has nothing left to do: no job waiting or running and no sandbox webhook in
 * flight, seen twice in a row. Every step enqueues its follow-up before it completes, so a test that
 * asserts something did *not* happen can wait for this instead of sleeping and hoping.
 */
/** The e-mails the e-mail sandbox "sent" to one address, oldest first. */
export function sandboxOutbox(t: ConversationsTestApp, address: string) {
  return t.t.store.db
    .selectFrom('email_sandbox_outbox')
    .selectAll()
    .where('envelope_to', '=', address)
    .orderBy('created_at')
    .execute();
}

export async function quiescent(t: ConversationsTestApp, timeoutMs = 45_000): Promise<void> {
  const queue = t.queue;
  if (queue === undefined) throw new Error('the app has no job queue');
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  while (calm < 2) {
    await t.sandbox.settle();
    const counts = await queue.counts();
    calm = counts.waiting === 0 && counts.active === 0 ? calm + 1 : 0;
    if (Date.now() > deadline) throw new Error(`still busy after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
