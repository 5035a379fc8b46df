import { createHash } from 'node:crypto';
import websocket from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ContactsService, type Purpose } from '../../contacts';
import { FiloError, newToken, systemClock, type Clock } from '../../core';
import type { FiloModule, ModuleDeps, ModuleFactory } from '../../runtime/modules';
import type { Database, Store, Transaction } from '../../store';
import {
  createEmailProvider,
  createSandboxTransport,
  createSmtpTransport,
  EMAIL_SIGNATURE_HEADER,
  isRecipientFailure,
  readDsn,
  readUnsubscribeToken,
  signEmailWebhook,
  parseMessage,
  type EmailProvider,
  type EmailTransport,
} from '../email';
import type { NormalisedEvent } from '../port';
import { WebchatErrors } from './errors';
import { WebchatGateway, type GatewayLimits } from './gateway';
import { InboundHandoff, isInboundSink } from './inbound-handoff';
import { readWebchatEmailSettings } from './settings';
import { unsubscribePage } from './unsubscribe-page';
import {
  createWebchatProvider,
  signWebchatEnvelope,
  WEBCHAT_SIGNATURE_HEADER,
  type WebchatProvider,
} from './webchat-provider';

// The 'webchat-email' module: the widget's WebSocket at /webchat/ws (and its config at /webchat/config),
// the e-mail webhooks (/webhooks/email/inbound for replies, /webhooks/email/bounce for DSNs; both raw
// MIME signed with X-Filo-Email-Signature), the one-click unsubscribe at /unsubscribe/email, and in the
// demo the e-mail SANDBOX outbox at /api/v1/email/sandbox/outbox (owner only).

export interface WebchatEmailModuleOptions {
  /** Environment to read settings from (default process.env). */
  readonly env?: Record<string, string | undefined>;
  readonly clock?: Clock;
  /** Replaces SMTP / the sandbox (tests). */
  readonly emailTransport?: EmailTransport;
  readonly newEmailId?: () => string;
  readonly gatewayLimits?: Partial<GatewayLimits>;
}

export interface WebchatEmailService {
  readonly webchat: WebchatProvider | null;
  readonly email: EmailProvider;
  readonly gateway: WebchatGateway | null;
  readonly handoff: InboundHandoff;
  /** Whether e-mail goes to the local sandbox outbox rather than an SMTP relay. */
  readonly emailSandbox: boolean;
  /** Records an opt-out (idempotent: a second one for the same address records nothing). */
  unsubscribe(
    address: string,
    source: string,
    proof: Record<string, unknown>,
  ): Promise<{ recorded: boolean }>;
}

export const UNSUBSCRIBE_WORDING_VERSION = 'email-unsubscribe-v1';
const HANDOFF_DRAIN_JOB = 'webchat-email.handoff-drain';

/** What an erased supporter's suppression is kept as: enough to recognise the address, not to read it. */
function pseudonym(address: string): string {
  return `sha256:${createHash('sha256').update(`filo-email-suppression\u0000${address}`).digest('hex')}`;
}

async function secretOf(
  store: Store,
  clock: Clock,
  name: string,
  given: string | undefined,
): Promise<string> {
  if (given !== undefined) return given;
  await store.db
    .insertInto('channel_secrets')
    .values({ name, value: newToken(256), created_at: clock.now().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await store.db
    .selectFrom('channel_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

function errorReply(request: FastifyRequest, reply: FastifyReply, error: FiloError): FastifyReply {
  return reply.status(error.statusCode).send({
    statusCode: error.statusCode,
    code: error.code,
    error:
      error.statusCode === 401
        ? 'Unauthorized'
        : error.statusCode === 403
          ? 'Forbidden'
          : error.statusCode === 404
            ? 'Not Found'
            : 'Bad Request',
    message: error.message,
    requestId: String(request.id),
  });
}

/** Opt-outs: one suppression row per address, and (the first time only) revoked consents for each contact. */
async function recordUnsubscribe(
  store: Store,
  trx: Transaction<Database>,
  address: string,
  source: string,
  proof: Record<string, unknown>,
  now: string,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('email_suppressions')
    .values({ address, reason: 'unsubscribe', detail: source, created_at: now })
    .onConflict((oc) => oc.columns(['address', 'reason']).doNothing())
    .returning('address')
    .executeTakeFirst();
  if (inserted === undefined) return false;
  const contacts = new ContactsService({ ...store, db: trx });
  const rows = await trx
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', address)
    .where('erased_at', 'is', null)
    .execute();
  for (const row of rows) {
    for (const purpose of ['fundraising', 'news'] as const satisfies readonly Purpose[]) {
      await contacts.recordConsent(row.id, {
        channel: 'email',
        purpose,
        granted: false,
        source,
        wordingVersion: UNSUBSCRIBE_WORDING_VERSION,
        wording: 'The person unsubscribed from the organisation’s e-mails (List-Unsubscribe).',
        proof,
        recordedAt: now,
      });
    }
  }
  return true;
}

async function recordBounces(trx: Transaction<Database>, raw: Buffer, now: string): Promise<number> {
  const root = parseMessage(raw);
  const report = root === null ? null : readDsn(root);
  if (report === null) return 0;
  let recorded = 0;
  for (const r of report.recipients) {
    if (r.action !== 'failed' && r.action !== 'delayed') continue;
    const permanent = r.status.startsWith('5.');
    const inserted = await trx
      .insertInto('email_bounces')
      .values({
        dedupe_key: `dsn:${report.originalMessageId}:${r.recipient}:${r.action}`,
        message_id: report.originalMessageId,
        recipient: r.recipient,
        kind: permanent ? 'permanent' : 'transient',
        smtp_status: r.status,
        diagnostic: r.diagnostic,
        created_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('dedupe_key')
      .executeTakeFirst();
    if (inserted === undefined) continue;
    recorded++;
    // Hard bounces about the address itself stop further mail to it.
    if (permanent && (r.status.startsWith('5.1.') || r.status === '5.2.1')) {
      await trx
        .insertInto('email_suppressions')
        .values({ address: r.recipient, reason: 'bounce', detail: r.status, created_at: now })
        .onConflict((oc) => oc.columns(['address', 'reason']).doNothing())
        .execute();
    }
  }
  return recorded;
}

export function createWebchatEmailModule(options: WebchatEmailModuleOptions = {}): ModuleFactory {
  return (deps) => buildModule(deps, options);
}

export const webchatEmailModule: ModuleFactory = createWebchatEmailModule();

async function buildModule(deps: ModuleDeps, options: WebchatEmailModuleOptions): Promise<FiloModule> {
  const clock = options.clock ?? systemClock;
  const settings = readWebchatEmailSettings(deps.config, options.env);
  const store = deps.store;
  const webchatSecret = await secretOf(store, clock, 'webchat', settings.webchat.secret);
  const emailWebhookSecret = await secretOf(store, clock, 'email-webhook', settings.email.webhookSecret);
  const unsubscribeSecret = await secretOf(
    store,
    clock,
    'email-unsubscribe',
    settings.email.unsubscribeSecret,
  );

  const handoff = new InboundHandoff({
    store,
    clock,
    sink: () => {
      const service = deps.modules.get('conversations')?.service;
      return isInboundSink(service) ? service : null;
    },
    sign: (channel, raw): Readonly<Record<string, string>> =>
      channel === 'webchat'
        ? { [WEBCHAT_SIGNATURE_HEADER]: signWebchatEnvelope(webchatSecret, raw) }
        : { [EMAIL_SIGNATURE_HEADER]: signEmailWebhook(emailWebhookSecret, raw) },
    onError: (err) => deps.logger.warn({ err }, 'inbound delivery not handed to conversations yet; retried'),
  });

  const smtp =
    options.emailTransport === undefined && settings.email.smtpUrl !== undefined
      ? createSmtpTransport(settings.email.smtpUrl)
      : null;
  const emailSandbox = options.emailTransport === undefined && smtp === null;
  const transport: EmailTransport = options.emailTransport ?? smtp ?? createSandboxTransport(store, clock);
  // The organisation's name is the subject of a reply that gives none; the demo creates the
  // organisation after the modules are built, so it is looked up again at start.
  let organisationName = (await deps.organisation.find())?.name ?? 'Filo';
  const email = createEmailProvider({
    from: settings.email.from,
    transport,
    webhookSecret: emailWebhookSecret,
    unsubscribe: {
      secret: unsubscribeSecret,
      url: `${deps.config.publicUrl}/unsubscribe/email`,
      mailto: settings.email.unsubscribeMailto,
    },
    defaultSubject: () => organisationName,
    clock,
    ...(options.newEmailId ? { newId: options.newEmailId } : {}),
    suppression: async (address) => {
      const rows = await store.db
        .selectFrom('email_suppressions')
        .select('reason')
        .where('address', 'in', [address, pseudonym(address)])
        .execute();
      if (rows.some((r) => r.reason === 'bounce')) return 'bounced';
      return rows.length > 0 ? 'unsubscribed' : null;
    },
    onFailure: async (to, messageId, failure) => {
      if (!isRecipientFailure(failure)) return;
      const now = clock.now().toISOString();
      const status =
        typeof failure.details?.smtpStatus === 'string'
          ? failure.details.smtpStatus
          : `${failure.providerCode ?? 5}.0.0`;
      await store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('email_bounces')
          .values({
            dedupe_key: `smtp:${messageId}`,
            message_id: messageId,
            recipient: to,
            kind: 'permanent',
            smtp_status: status,
            diagnostic: failure.message,
            created_at: now,
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .execute();
        await trx
          .insertInto('email_suppressions')
          .values({ address: to, reason: 'bounce', detail: status, created_at: now })
          .onConflict((oc) => oc.columns(['address', 'reason']).doNothing())
          .execute();
      });
    },
  });

  const gateway = settings.webchat.enabled
    ? new WebchatGateway({
        store,
        clock,
        tokenSecret: webchatSecret,
        envelope: (envelope) => Buffer.from(JSON.stringify(envelope), 'utf8'),
        handoff,
        contacts: deps.contacts,
        organisationId: async () => (await deps.organisation.find())?.id ?? null,
        limits: { messagesPerMinute: settings.webchat.messagesPerMinute, ...options.gatewayLimits },
        onError: (err) => deps.logger.warn({ err }, 'web chat frame failed'),
      })
    : null;
  const webchat =
    gateway === null ? null : createWebchatProvider({ secret: webchatSecret, transport: gateway });

  const unsubscribe = async (address: string, source: string, proof: Record<string, unknown>) => {
    const now = clock.now().toISOString();
    const recorded = await store.db
      .transaction()
      .execute((trx) => recordUnsubscribe(store, trx, address.toLowerCase(), source, proof, now));
    return { recorded };
  };

  deps.queue.register(HANDOFF_DRAIN_JOB, async () => {
    await handoff.drain();
    await handoff.prune(new Date(clock.now().getTime() - 7 * 24 * 3600_000).toISOString());
    await gateway?.poll();
  });

  let pollTimer: ReturnType<typeof setInterval> | null = null;

  const routes = async (app: FastifyInstance): Promise<void> => {
    await app.register(
      emailRoutes({
        email,
        handoff,
        store,
        clock,
        unsubscribe,
        unsubscribeSecret,
        maxBytes: settings.email.maxBytes,
        emailSandbox,
      }),
    );
    if (gateway !== null) {
      await app.register(
        webchatRoutes({
          gateway,
          origins: settings.webchat.origins,
          maxFrameBytes: settings.webchat.maxFrameBytes,
          organisation: deps.organisation,
        }),
      );
    }
  };

  const service: WebchatEmailService = Object.freeze({
    webchat,
    email,
    gateway,
    handoff,
    emailSandbox,
    unsubscribe,
  });
  return {
    name: 'webchat-email',
    routes,
    service,
    async eraseContact(contactId) {
      await gateway?.eraseContact(contactId);
      // Runs before the contact row is cleared: its address is still there to find what names it.
      const contact = await store.db
        .selectFrom('contacts')
        .select('email')
        .where('id', '=', contactId)
        .executeTakeFirst();
      const address = contact?.email?.toLowerCase() ?? null;
      if (address === null) return;
      await store.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('email_sandbox_outbox').where('envelope_to', '=', address).execute();
        await trx.deleteFrom('email_bounces').where('recipient', '=', address).execute();
        // An opt-out must outlive the erasure (a later import must not mail them again): keep it as a hash.
        const rows = await trx
          .selectFrom('email_suppressions')
          .selectAll()
          .where('address', '=', address)
          .execute();
        await trx.deleteFrom('email_suppressions').where('address', '=', address).execute();
        for (const row of rows) {
          await trx
            .insertInto('email_suppressions')
            .values({ ...row, address: pseudonym(address) })
            .onConflict((oc) => oc.columns(['address', 'reason']).doNothing())
            .execute();
        }
      });
    },
    async start() {
      organisationName = (await deps.organisation.find())?.name ?? organisationName;
      await deps.queue.schedule({ id: HANDOFF_DRAIN_JOB, name: HANDOFF_DRAIN_JOB, everyMs: 15_000 });
    },
    async serve() {
      // Replies written by another process reach the visitors connected to this one within 2 s (by
      // another thread of this process, at once: see the gateway's peers).
      pollTimer = setInterval(() => {
        gateway?.poll().catch((err: unknown) => deps.logger.warn({ err }, 'web chat poll failed'));
      }, 2_000);
      pollTimer.unref();
    },
    async stop() {
      if (pollTimer !== null) clearInterval(pollTimer);
      gateway?.closeAll();
      smtp?.close();
    },
  };
}

// ---- Web chat routes ------------------------------------------------------------------------

interface WebchatRouteDeps {
  readonly gateway: WebchatGateway;
  readonly origins: readonly string[];
  readonly maxFrameBytes: number;
  readonly organisation: ModuleDeps['organisation'];
}

function webchatRoutes(d: WebchatRouteDeps) {
  const allowed = (origin: unknown): origin is string =>
    typeof origin === 'string' && (d.origins.includes('*') || d.origins.includes(origin));
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(websocket, { options: { maxPayload: d.maxFrameBytes } });

    app.get(
      '/webchat/config',
      {
        schema: {
          tags: ['webchat'],
          summary: 'What the embedded chat widget needs: the organisation it talks to and the socket path',
          // Without org: this server's organisation (Filo's own public site embeds the widget so).
          querystring: Type.Object({ org: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
          response: {
            200: Type.Object({
              organisation: Type.Object({ id: Type.String(), name: Type.String(), language: Type.String() }),
              socketPath: Type.String(),
            }),
            404: Type.Ref('ErrorBody'),
            403: Type.Ref('ErrorBody'),
          },
        },
      },
      async (request, reply) => {
        const origin = request.headers.origin;
        if (origin !== undefined && !allowed(origin))
          return errorReply(request, reply, new FiloError(WebchatErrors.WEBCHAT_ORIGIN_FORBIDDEN));
        const org = await d.organisation.find();
        const { org: asked } = request.query as { org?: string };
        if (org === undefined || (asked !== undefined && org.id !== asked))
          return errorReply(request, reply, new FiloError(WebchatErrors.WEBCHAT_ORG_UNKNOWN));
        if (origin !== undefined)
          void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
        return {
          organisation: { id: org.id, name: org.name, language: org.language },
          socketPath: '/webchat/ws',
        };
      },
    );

    app.get(
      '/webchat/ws',
      {
        websocket: true,
        schema: {
          tags: ['webchat'],
          summary: 'The widget’s WebSocket (JSON frames: hello, message, delivered, read, email, ping)',
        },
        // Checked before the upgrade: a page from another site gets a 403, never a socket.
        preValidation: async (request, reply) => {
          if (!allowed(request.headers.origin)) {
            await errorReply(request, reply, new FiloError(WebchatErrors.WEBCHAT_ORIGIN_FORBIDDEN));
          }
        },
      },
      (socket, request) => {
        const handlers = d.gateway.attach(socket, String(request.headers.origin));
        socket.on('message', (data, isBinary) => {
          handlers.onMessage(
            isBinary
              ? null
              : Buffer.isBuffer(data)
                ? data.toString('utf8')
                : Buffer.concat(data as Buffer[]).toString('utf8'),
          );
        });
        socket.on('close', () => handlers.onClose());
        socket.on('error', () => handlers.onClose());
      },
    );
  };
}

// ---- E-mail routes --------------------------------------------------------------------------

interface EmailRouteDeps {
  readonly email: EmailProvider;
  readonly handoff: InboundHandoff;
  readonly store: Store;
  readonly clock: Clock;
  readonly unsubscribe: WebchatEmailService['unsubscribe'];
  readonly unsubscribeSecret: string;
  readonly maxBytes: number;
  readonly emailSandbox: boolean;
}

const WebhookAnswer = Type.Object({
  received: Type.Boolean(),
  stored: Type.Boolean(),
  events: Type.Integer(),
});

function emailRoutes(d: EmailRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // Raw bodies for these routes only: the signature is over the exact bytes.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: d.maxBytes }, (_request, body, done) =>
      done(null, body),
    );

    const webhook = async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = d.email.verifySignature(raw, request.headers);
      if (!signature.ok) return errorReply(request, reply, signature.error);
      const parsed = d.email.parseInbound(raw);
      if (!parsed.ok) return errorReply(request, reply, parsed.error);
      const now = d.clock.now().toISOString();
      const kept = await d.store.db.transaction().execute(async (trx) => {
        await recordBounces(trx, raw, now);
        for (const event of parsed.events) await applyPreference(d, trx, event, now);
        return parsed.events.length === 0 ? null : d.handoff.keep(trx, 'email', raw);
      });
      if (kept !== null && kept.fresh) await d.handoff.offer([kept.id]);
      return reply
        .status(200)
        .send({ received: true, stored: kept?.fresh ?? false, events: parsed.events.length });
    };
    const webhookSchema = (summary: string) => ({
      bodyLimit: d.maxBytes,
      schema: {
        tags: ['webhooks'],
        summary,
        response: { 200: WebhookAnswer, 400: Type.Ref('ErrorBody'), 401: Type.Ref('ErrorBody') },
      },
    });
    app.post(
      '/webhooks/email/inbound',
      webhookSchema(
        'Inbound e-mail (raw MIME, signed with X-Filo-Email-Signature): replies, unsubscribe mails and DSNs',
      ),
      webhook,
    );
    app.post(
      '/webhooks/email/bounce',
      webhookSchema(
        'Bounce mailbox relay: delivery status notifications (raw MIME, signed with X-Filo-Email-Signature)',
      ),
      webhook,
    );

    const Token = Type.Object({ t: Type.String({ maxLength: 500 }) });
    app.get(
      '/unsubscribe/email',
      {
        schema: {
          tags: ['email'],
          summary: 'The unsubscribe confirmation page (the link in every non-transactional e-mail)',
          querystring: Token,
        },
      },
      async (request, reply) => {
        const { t } = request.query as { t: string };
        const address = readUnsubscribeToken(d.unsubscribeSecret, t);
        const page = unsubscribePage(
          request.headers['accept-language'],
          address === null ? 'invalid' : 'confirm',
          t,
        );
        return reply
          .status(address === null ? 400 : 200)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(page);
      },
    );
    app.post(
      '/unsubscribe/email',
      {
        schema: {
          tags: ['email'],
          summary:
            'RFC 8058 one-click unsubscribe (List-Unsubscribe=One-Click), also the page’s button; idempotent',
          querystring: Token,
        },
      },
      async (request, reply) => {
        const { t } = request.query as { t: string };
        const address = readUnsubscribeToken(d.unsubscribeSecret, t);
        const html = (request.headers.accept ?? '').includes('text/html');
        if (address === null) {
          if (html)
            return reply
              .status(400)
              .type('text/html; charset=utf-8')
              .send(unsubscribePage(request.headers['accept-language'], 'invalid', t));
          return errorReply(request, reply, new FiloError(WebchatErrors.EMAIL_UNSUBSCRIBE_TOKEN_INVALID));
        }
        const oneClick =
          Buffer.isBuffer(request.body) &&
          request.body.toString('utf8').includes('List-Unsubscribe=One-Click');
        await d.unsubscribe(address, oneClick ? 'email_one_click' : 'email_unsubscribe_page', {
          requestId: String(request.id),
        });
        if (html)
          return reply
            .type('text/html; charset=utf-8')
            .send(unsubscribePage(request.headers['accept-language'], 'done', t));
        return reply.status(200).send({ unsubscribed: true });
      },
    );

    const OutboxItem = Type.Object({
      id: Type.String(),
      messageId: Type.String(),
      from: Type.String(),
      to: Type.String(),
      subject: Type.String(),
      createdAt: Type.String(),
      raw: Type.String(),
    });
    app.get(
      '/api/v1/email/sandbox/outbox',
      {
        config: { access: 'channels:manage' },
        schema: {
          tags: ['email'],
          summary:
            'The e-mail SANDBOX outbox: what would have been sent (nothing is delivered without SMTP_URL)',
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
          response: {
            200: Type.Object({ sandbox: Type.Boolean(), items: Type.Array(OutboxItem) }),
            401: Type.Ref('ErrorBody'),
            403: Type.Ref('ErrorBody'),
          },
        },
      },
      async (request) => {
        const { limit } = request.query as { limit?: number };
        const rows = await d.store.db
          .selectFrom('email_sandbox_outbox')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit ?? 50)
          .execute();
        return {
          sandbox: d.emailSandbox,
          items: rows.map((r) => ({
            id: r.id,
            messageId: r.message_id,
            from: r.envelope_from,
            to: r.envelope_to,
            subject: r.subject,
            createdAt: r.created_at,
            raw: r.raw,
          })),
        };
      },
    );
  };
}

async function applyPreference(
  d: EmailRouteDeps,
  trx: Transaction<Database>,
  event: NormalisedEvent,
  now: string,
): Promise<void> {
  if (event.type !== 'preference' || event.value !== 'stop') return;
  await recordUnsubscribe(
    d.store,
    trx,
    event.user.key,
    'email_unsubscribe_mailto',
    { dedupeKey: event.dedupeKey, detail: event.detail },
    now,
  );
}
