import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createWhatsAppProvider,
  sandboxRoutes,
  WhatsAppSandbox,
  type ChannelKind,
  type ChannelProvider,
  type HandoffChannel,
  type WebchatEmailService,
  type WhatsAppProvider,
} from '../channels';
import { FiloError, systemClock, type Clock } from '../core';
import type { FiloModule, ModuleDeps, ModuleFactory } from '../runtime/modules';
import { isConversationAssistant, type ConversationAssistant } from './assistant';
import { OutboundDispatcher, SEND_JOB, type OutboundSender } from './dispatcher';
import { Inbox } from './inbox';
import { inboxRoutes } from './inbox-routes';
import { DeliveryWriter } from './intake';
import { LiveHub } from './live';
import { SenderPacer } from './pacer';
import {
  ASSIST_JOB,
  channelOf,
  ConversationsService,
  DELIVERIES_JOB,
  MARK_READ_JOB,
  SWEEP_JOB,
} from './service';
import { TEMPLATE_SYNC_EVERY_MS, TEMPLATE_SYNC_JOB, TemplateRegistry } from './templates';

// The conversations module: the WhatsApp webhook (signature first, raw delivery stored once, 200 at
// once, processing on the job queue), the outbound dispatcher, the assistant hook, the inbox API, and
// in the demo the WhatsApp sandbox mounted at /sandbox/whatsapp.

export interface ConversationsModuleOptions {
  /** The adapter's fetch (tests route it into a sandbox without sockets). */
  readonly fetch?: typeof fetch;
  /** A sandbox to mount at /sandbox/whatsapp instead of the one built from configuration. */
  readonly sandbox?: WhatsAppSandbox;
  /** The sandbox's fetch for webhooks (tests). */
  readonly sandboxFetch?: typeof fetch;
  readonly clock?: Clock;
}

export const SANDBOX_PREFIX = '/sandbox/whatsapp';

/** Sends per second to an SMTP relay: well under what common relays accept before they defer. */
const EMAIL_RATE = 10;
/** Web chat replies go to our own gateway: the pacer only keeps a burst from swamping it. */
const WEBCHAT_RATE = 200;

function isWebchatEmailService(value: unknown): value is WebchatEmailService {
  return typeof value === 'object' && value !== null && 'email' in value && 'webchat' in value;
}

function localBase(deps: ModuleDeps): string {
  const host = deps.config.host === '0.0.0.0' || deps.config.host === '::' ? '127.0.0.1' : deps.config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${deps.config.port}`;
}

export function createConversationsModule(options: ConversationsModuleOptions = {}): ModuleFactory {
  return (deps) => buildModule(deps, options);
}

/** The module as FEATURE_MODULES runs it. */
export const conversationsModule: ModuleFactory = createConversationsModule();

function buildModule(deps: ModuleDeps, options: ConversationsModuleOptions): FiloModule {
  const clock = options.clock ?? systemClock;
  const settings = deps.config.whatsapp;
  const live = new LiveHub();
  let sandbox: WhatsAppSandbox | null = options.sandbox ?? null;
  let provider: WhatsAppProvider | null = null;
  if (settings !== null) {
    const graphUrl =
      settings.graphUrl ?? (settings.sandbox ? `${localBase(deps)}${SANDBOX_PREFIX}` : undefined);
    provider = createWhatsAppProvider({
      appSecret: settings.appSecret,
      verifyToken: settings.verifyToken,
      accessToken: settings.accessToken,
      phoneNumberId: settings.phoneNumberId,
      businessAccountId: settings.businessAccountId,
      graphUrl,
      graphVersion: settings.graphVersion,
      fetch: options.fetch,
    });
    if (sandbox === null && settings.sandbox) {
      sandbox = new WhatsAppSandbox({
        appSecret: settings.appSecret,
        accessToken: settings.accessToken,
        webhookUrl: `${localBase(deps)}/webhooks/whatsapp`,
        numbers: [
          {
            id: settings.phoneNumberId,
            display: '390600000000',
            wabaId: settings.businessAccountId ?? '200000000000001',
          },
        ],
        messagesPerSecond: 80,
        ...(options.sandboxFetch ? { fetch: options.sandboxFetch } : {}),
      });
    }
  }
  const assistant = (): ConversationAssistant | null => {
    const service = deps.modules.get('bot')?.service;
    return isConversationAssistant(service) ? service : null;
  };
  // Web chat and e-mail come from the 'webchat-email' module, which may be built after this one.
  const webchatEmail = (): WebchatEmailService | null => {
    const service = deps.modules.get('webchat-email')?.service;
    return isWebchatEmailService(service) ? service : null;
  };
  const channels = (kind: HandoffChannel): ChannelProvider | null => {
    const found = webchatEmail();
    if (found === null) return null;
    return kind === 'webchat' ? found.webchat : found.email;
  };
  const emailSender: OutboundSender = {
    send: async (message, context) => {
      const email = webchatEmail()?.email;
      if (email === undefined) return notConfiguredFailure('email');
      // A service message answers the supporter's own mail: transactional, without List-Unsubscribe.
      return email.sendEmail(message, {
        transactional: context.purpose === 'service',
        subject: message.type === 'text' ? message.subject : undefined,
      });
    },
  };
  const webchatSender: OutboundSender = {
    send: async (message) => {
      const webchat = webchatEmail()?.webchat ?? null;
      return webchat === null ? notConfiguredFailure('webchat') : webchat.send(message);
    },
  };
  const whatsappSenders = new Map<string, OutboundSender>(
    provider === null || settings === null ? [] : [[settings.phoneNumberId, provider]],
  );
  const senders = {
    get: (id: string): OutboundSender | undefined =>
      id === 'email' ? emailSender : id === 'webchat' ? webchatSender : whatsappSenders.get(id),
  };
  const writer = new DeliveryWriter({
    store: deps.store,
    clock,
    onCommitted: async (ids) => {
      await deps.queue.enqueue(DELIVERIES_JOB, { ids: [...ids] }, { jobId: `deliveries.${ids[0] ?? ''}` });
    },
    onError: (error) =>
      deps.logger.warn({ err: error }, 'stored channel deliveries not enqueued; the sweeper will'),
  });
  const templates = new TemplateRegistry({
    store: deps.store,
    clock,
    source: provider,
    accountId: provider === null ? null : (settings?.businessAccountId ?? null),
  });
  const service = new ConversationsService({
    store: deps.store,
    queue: deps.queue,
    clock,
    live,
    provider,
    channels,
    intake: writer,
    defaultSender: settings?.phoneNumberId ?? null,
    assistant,
    templates,
  });
  const pacer = new SenderPacer({ rate: settings?.messagesPerSecond ?? 80 });
  pacer.setRate('email', EMAIL_RATE);
  pacer.setRate('webchat', WEBCHAT_RATE);
  const dispatcher = new OutboundDispatcher({
    store: deps.store,
    queue: deps.queue,
    senders,
    pacer,
    clock,
    live,
    logger: deps.logger,
    templates,
  });
  const inbox = new Inbox({
    store: deps.store,
    contacts: deps.contacts,
    ledger: deps.ledger,
    identity: deps.identity,
    clock,
    live,
  });

  deps.queue.register(
    DELIVERIES_JOB,
    async (job) => {
      const { ids } = job.payload as { ids: string[] };
      await service.processDeliveries(ids);
    },
    { concurrency: 2 },
  );
  deps.queue.register(
    SEND_JOB,
    async (job) => {
      const { messageId } = job.payload as { messageId: string };
      await dispatcher.dispatch(messageId, job.signal);
    },
    { concurrency: 32 },
  );
  deps.queue.register(
    ASSIST_JOB,
    async (job) => {
      const { messageId } = job.payload as { messageId: string };
      await service.assist(messageId, job.attempt >= job.maxAttempts);
    },
    { concurrency: 4 },
  );
  deps.queue.register(MARK_READ_JOB, async (job) => {
    const { providerMessageId, typing, channel } = job.payload as {
      providerMessageId: string;
      typing?: boolean;
      channel?: ChannelKind;
    };
    const kind = channelOf(channel ?? 'whatsapp');
    const target = kind === 'whatsapp' ? provider : channels(kind);
    if (target === null) return;
    const result = await target.send({
      type: 'mark_read',
      messageId: providerMessageId,
      ...(typing === true ? { typing: true } : {}),
    });
    if (!result.ok && result.failure.retry) throw new Error(result.failure.message);
  });
  deps.queue.register(SWEEP_JOB, async () => {
    await service.sweep();
  });
  deps.queue.register(TEMPLATE_SYNC_JOB, async () => {
    if (!templates.enabled) return;
    try {
      await templates.sync();
    } catch (error) {
      // Recorded on the registry (GET /api/v1/inbox/templates shows it); the queue retries.
      deps.logger.warn(
        { code: error instanceof FiloError ? error.code : 'unknown' },
        'WhatsApp templates could not be synced',
      );
      throw error;
    }
  });

  const routes = async (app: FastifyInstance): Promise<void> => {
    await app.register(webhookRoutes({ provider, writer, bodyLimit: deps.config.bodyLimitBytes }));
    await app.register(inboxRoutes({ inbox, service, live, templates }));
    if (sandbox !== null) await app.register(sandboxRoutes(sandbox), { prefix: SANDBOX_PREFIX });
  };

  return {
    name: 'conversations',
    routes,
    service: Object.freeze({
      sendToContact: service.sendToContact.bind(service),
      reply: service.reply.bind(service),
      handoff: service.handoff.bind(service),
      returnToAssistant: service.returnToAssistant.bind(service),
      // The InboundSink the webchat-email module hands its deliveries to.
      acceptInbound: service.acceptInbound.bind(service),
    }),
    eraseContact: (contactId) => inbox.erase(contactId),
    async start() {
      await deps.queue.schedule({ id: SWEEP_JOB, name: SWEEP_JOB, everyMs: 30_000 });
      if (templates.enabled) {
        // Once now, then every few hours: approvals and pauses happen on Meta's side.
        await deps.queue.schedule({
          id: TEMPLATE_SYNC_JOB,
          name: TEMPLATE_SYNC_JOB,
          everyMs: TEMPLATE_SYNC_EVERY_MS,
        });
        await deps.queue.enqueue(
          TEMPLATE_SYNC_JOB,
          {},
          { jobId: `templates.sync.start.${clock.now().getTime()}` },
        );
      }
    },
    async stop() {
      await writer.idle();
      await sandbox?.settle();
    },
    async seedDemo() {
      const existing = await deps.store.db.selectFrom('canned_replies').select('id').limit(1).execute();
      if (existing.length > 0) return;
      const now = clock.now().toISOString();
      await deps.store.db
        .insertInto('canned_replies')
        .values(ConversationsService.cannedSeed().map((r) => ({ ...r, created_at: now })))
        .execute();
    },
  };
}

// ---- /webhooks/whatsapp ------------------------------------------------------------------------

interface WebhookDeps {
  readonly provider: WhatsAppProvider | null;
  readonly writer: DeliveryWriter;
  readonly bodyLimit: number;
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: FiloError): FastifyReply {
  return reply.status(error.statusCode).send({
    statusCode: error.statusCode,
    code: error.code,
    error: error.statusCode === 401 ? 'Unauthorized' : error.statusCode === 403 ? 'Forbidden' : 'Bad Request',
    message: error.message,
    requestId: String(request.id),
  });
}

function webhookRoutes(d: WebhookDeps) {
  // Encapsulated: the raw-body parser applies to these routes only.
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: d.bodyLimit }, (_request, body, done) => {
      done(null, body);
    });
    const notConfigured = new FiloError({
      code: 'CONVERSATION_CHANNEL_NOT_CONFIGURED',
      statusCode: 404,
      message: 'WhatsApp is not configured on this server',
    });

    app.get(
      '/webhooks/whatsapp',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'WhatsApp webhook subscription handshake (hub.mode, hub.verify_token, hub.challenge)',
          querystring: Type.Object({}, { additionalProperties: Type.String() }),
        },
      },
      async (request, reply) => {
        if (d.provider === null) return sendError(request, reply, notConfigured);
        const result = d.provider.verifyWebhookChallenge(request.query as Record<string, unknown>);
        if (!result.ok) return sendError(request, reply, result.error);
        return reply.type('text/plain; charset=utf-8').send(result.challenge);
      },
    );

    app.post(
      '/webhooks/whatsapp',
      {
        bodyLimit: d.bodyLimit,
        schema: {
          tags: ['webhooks'],
          summary:
            'WhatsApp Cloud API webhook: signed (X-Hub-Signature-256), stored once, processed in the background',
        },
      },
      async (request, reply) => {
        if (d.provider === null) return sendError(request, reply, notConfigured);
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        // Authenticity first, over the exact bytes, before anything is parsed or stored.
        const signature = d.provider.verifySignature(raw, request.headers);
        if (!signature.ok) return sendError(request, reply, signature.error);
        const parsed = d.provider.parseInbound(raw);
        if (!parsed.ok) return sendError(request, reply, parsed.error);
        // Subscriptions Filo does not handle carry no events: acknowledged, not stored.
        if (parsed.events.length === 0) return reply.status(200).send({ received: true, stored: false });
        const stored = await d.writer.write('whatsapp', raw);
        return reply.status(200).send({ received: true, stored: stored.fresh });
      },
    );
  };
}

function notConfiguredFailure(channel: string): Awaited<ReturnType<OutboundSender['send']>> {
  // The module is not there (yet): a transient failure, so the message waits rather than being lost.
  return {
    ok: false,
    failure: {
      kind: 'transient',
      retry: true,
      retryAfterMs: 30_000,
      code: 'CHANNEL_SEND_FAILED',
      message: `The ${channel} channel is not running on this server`,
      providerCode: null,
      httpStatus: null,
      details: null,
    },
  };
}
