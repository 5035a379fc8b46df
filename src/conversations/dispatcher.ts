import type { OutboundMessage, SendFailure, SendResult } from '../channels';
import { ContactsService } from '../contacts';
import { newId, type Clock } from '../core';
import type { JobQueue } from '../jobs';
import type { Store } from '../store';
import type { LiveHub } from './live';
import type { OutboundContent } from './outbound';
import { sendJobId } from './outbound';
import type { SenderPacer } from './pacer';
import type { TemplateRegistry } from './templates';
import { applyOrphanStatuses, type Db } from './records';

// The outbound worker: one job per queued message, paced per sender number, with each provider error
// handled by its classification (see SendFailure): back off, delay one recipient, fall back to a
// template, pause the sender on a bad token, or record the failure and stop.

export const SEND_JOB = 'conversations.send';

const MAX_RETRIES = 8;
/** Accepted sends written per transaction; keeps `in (…)` lists under SQLite's variable limit. */
const ACCEPT_BATCH = 200;
const MAX_BACKOFF_MS = 5 * 60_000;
const PAUSED_RECHECK_MS = 60_000;
/** The template list could not be read: try the message again after this (then backing off). */
const TEMPLATES_UNAVAILABLE_RETRY_MS = 30_000;

export interface DispatcherLogger {
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** What the dispatcher knows of a message besides its content, for channels that need it (e-mail). */
export interface SendContext {
  readonly purpose: string | null;
}

/**
 * Sends on one channel. A ChannelProvider is one; e-mail is wrapped to pass the purpose on (a service
 * reply is transactional: no List-Unsubscribe, and an unsubscribe does not stop it).
 */
export interface OutboundSender {
  send(message: OutboundMessage, context: SendContext): Promise<SendResult>;
}

export interface DispatcherOptions {
  readonly store: Store;
  readonly queue: Pick<JobQueue, 'enqueue'>;
  /** Senders by id: the WhatsApp phone number id, `webchat`, `email` (looked up at each send). */
  readonly senders: { get(id: string): OutboundSender | undefined };
  readonly pacer: SenderPacer;
  readonly clock: Clock;
  readonly live: LiveHub;
  readonly logger: DispatcherLogger;
  /** Checks templates before they are sent (absent: Meta checks them). */
  readonly templates?: TemplateRegistry | undefined;
}

export type DispatchOutcome = 'sent' | 'failed' | 'requeued' | 'skipped';

interface StoredError {
  readonly code: string;
  readonly kind: string;
  readonly message: string;
  readonly providerCode: number | null;
  readonly retries: number;
}

function parseError(raw: string | null): StoredError | null {
  return raw === null ? null : (JSON.parse(raw) as StoredError);
}

interface PendingAccept {
  readonly messageId: string;
  readonly providerMessageId: string | null;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class OutboundDispatcher {
  readonly #o: DispatcherOptions;
  /** Recipient → epoch ms before which nothing more goes to them (WhatsApp's pair rate limit). */
  readonly #recipientNotBefore = new Map<string, number>();
  #accepts: PendingAccept[] = [];
  #flushing: Promise<void> | null = null;

  constructor(options: DispatcherOptions) {
    this.#o = options;
  }

  /** Sends one queued message (the job handler). Idempotent: a message no longer queued is skipped. */
  async dispatch(messageId: string, signal?: AbortSignal): Promise<DispatchOutcome> {
    const { store, clock } = this.#o;
    const row = await store.db
      .selectFrom('messages')
      .select([
        'id',
        'status',
        'content',
        'sender_id',
        'recipient_key',
        'send_attempts',
        'error',
        'contact_id',
        'channel',
        'purpose',
      ])
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (
      row === undefined ||
      row.status !== 'queued' ||
      row.sender_id === null ||
      row.recipient_key === null
    ) {
      return 'skipped';
    }
    const senderId = row.sender_id;
    const provider = this.#o.senders.get(senderId);
    if (provider === undefined) {
      await this.#fail(row.id, {
        code: 'CHANNEL_CONFIG_INVALID',
        kind: 'permanent',
        message: `No sender ${senderId}`,
        providerCode: null,
        retries: 0,
      });
      return 'failed';
    }
    const paused = await store.db
      .selectFrom('channel_senders')
      .select('paused_at')
      .where('id', '=', senderId)
      .executeTakeFirst();
    if (paused?.paused_at) return this.#requeue(row.id, row.send_attempts, PAUSED_RECHECK_MS);
    const notBefore = this.#recipientNotBefore.get(row.recipient_key) ?? 0;
    const now = clock.now().getTime();
    if (notBefore > now) return this.#requeue(row.id, row.send_attempts, notBefore - now);

    const content = JSON.parse(row.content) as OutboundContent;
    if (content.message.type === 'template' && this.#o.templates !== undefined) {
      const verdict = await this.#o.templates.check(content.message);
      if (verdict.kind === 'refused') {
        // Unknown, not approved or wrongly filled: Meta would refuse it too. Not sent, not retried.
        await this.#fail(row.id, {
          code: verdict.error.code,
          kind: 'permanent',
          message: verdict.error.message,
          providerCode: null,
          retries: 0,
        });
        return 'failed';
      }
      if (verdict.kind === 'unavailable') {
        return this.#handleFailure(
          row,
          {
            kind: 'transient',
            retry: true,
            retryAfterMs: TEMPLATES_UNAVAILABLE_RETRY_MS,
            code: 'CHANNEL_TEMPLATE_SYNC_FAILED',
            message: verdict.error.message,
            providerCode: null,
            httpStatus: null,
            details: null,
          },
          content,
        );
      }
    }
    const message = { ...content.message, to: row.recipient_key } as OutboundMessage;
    // The slot is held until the provider answers: it counts the message on arrival, not at our start.
    const slot = await this.#o.pacer.acquire(senderId, signal);
    let result: SendResult;
    try {
      result = await provider.send(message, { purpose: row.purpose });
    } finally {
      slot.release();
    }
    if (result.ok) {
      await this.#accepted(row.id, result.providerMessageId);
      return 'sent';
    }
    return this.#handleFailure(row, result.failure, content);
  }

  /**
   * Records that the provider took the message. Group-committed: messages accepted while a batch is
   * being written wait for the next one, so the database commits once per batch rather than once per
   * message (on SQLite each commit is a sync to disk). Resolves once this message's batch is durable.
   */
  #accepted(messageId: string, providerMessageId: string | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#accepts.push({ messageId, providerMessageId, resolve, reject });
      if (this.#flushing === null) this.#flushing = this.#drainAccepts();
    });
  }

  async #drainAccepts(): Promise<void> {
    // Let the answers that arrive in the same turn of the event loop join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#accepts.length > 0) {
      const batch = this.#accepts.splice(0, ACCEPT_BATCH);
      try {
        await this.#commitAccepted(batch);
        for (const a of batch) a.resolve();
      } catch {
        // One bad row must not fail the others: write them one by one, each with its own outcome.
        for (const a of batch) {
          try {
            await this.#commitAccepted([a]);
            a.resolve();
          } catch (error) {
            a.reject(error);
          }
        }
      }
      this.#o.live.notify();
    }
    this.#flushing = null;
  }

  async #commitAccepted(batch: readonly PendingAccept[]): Promise<void> {
    const now = this.#o.clock.now().toISOString();
    const providerIds = batch.flatMap((a) => (a.providerMessageId === null ? [] : [a.providerMessageId]));
    await this.#o.store.db.transaction().execute(async (trx) => {
      for (const a of batch) {
        await trx
          .updateTable('messages')
          .set({
            status: 'accepted',
            status_at: now,
            provider_message_id: a.providerMessageId,
            sent_at: now,
            error: null,
          })
          .where('id', '=', a.messageId)
          .where('status', '=', 'queued')
          .execute();
      }
      // Statuses that beat the send's answer here (the sandbox is quick, Meta sometimes too).
      await applyOrphanStatuses(trx, providerIds);
      const ids = batch.map((a) => a.messageId);
      const conversations = await trx
        .selectFrom('messages')
        .select('conversation_id')
        .distinct()
        .where('id', 'in', ids)
        .execute();
      if (conversations.length > 0) {
        await trx
          .updateTable('conversations')
          .set({ updated_at: now })
          .where(
            'id',
            'in',
            conversations.map((c) => c.conversation_id),
          )
          .execute();
      }
    });
    // Where writers run at once, a status may have been stored without its message while this batch
    // was open: look again now that the ids are committed (see applyOrphanStatuses).
    if (this.#o.store.capabilities.concurrentWriters && providerIds.length > 0) {
      await applyOrphanStatuses(this.#o.store.db, providerIds);
    }
  }

  async #handleFailure(
    row: {
      id: string;
      send_attempts: number;
      error: string | null;
      contact_id: string;
      recipient_key: string | null;
      channel: string;
    },
    failure: SendFailure,
    content: OutboundContent,
  ): Promise<DispatchOutcome> {
    const retries = (parseError(row.error)?.retries ?? 0) + 1;
    const stored: StoredError = {
      code: failure.code,
      kind: failure.kind,
      message: failure.message,
      providerCode: failure.providerCode,
      retries,
    };
    switch (failure.kind) {
      case 'invalid_message':
      case 'permanent':
        await this.#fail(row.id, stored);
        return 'failed';
      case 'undeliverable':
        await this.#fail(row.id, stored);
        // WhatsApp's 131050 is news to Filo; an e-mail opt-out was recorded when the person unsubscribed.
        if (failure.reason === 'marketing_opt_out' && row.channel === 'whatsapp')
          await this.#recordMarketingStop(row.contact_id, row.id);
        return 'failed';
      case 'reengagement_required':
        await this.#fail(row.id, stored);
        if (content.fallbackTemplate !== null) await this.#sendFallback(row.id, content.fallbackTemplate);
        return 'failed';
      case 'auth_invalid':
        await this.#pauseSender(row.id, failure.message);
        this.#o.logger.error(
          { code: failure.code, providerCode: failure.providerCode, channel: row.channel },
          'channel credentials refused: sender paused until they are replaced',
        );
        return this.#requeue(row.id, row.send_attempts, PAUSED_RECHECK_MS);
      case 'rate_limited':
      case 'pair_rate_limited':
      case 'transient': {
        if (retries > MAX_RETRIES) {
          await this.#fail(row.id, stored);
          return 'failed';
        }
        const backoff = Math.min(MAX_BACKOFF_MS, failure.retryAfterMs * 2 ** (retries - 1));
        if (failure.kind === 'pair_rate_limited' && row.recipient_key !== null) {
          this.#recipientNotBefore.set(row.recipient_key, this.#o.clock.now().getTime() + backoff);
        }
        await this.#o.store.db
          .updateTable('messages')
          .set({ error: JSON.stringify(stored) })
          .where('id', '=', row.id)
          .execute();
        return this.#requeue(row.id, row.send_attempts, backoff);
      }
    }
  }

  /** Moves the message to its next job generation, delayed; the row's counter keeps it single. */
  async #requeue(messageId: string, generation: number, delayMs: number): Promise<DispatchOutcome> {
    const result = await this.#o.store.db
      .updateTable('messages')
      .set({ send_attempts: generation + 1 })
      .where('id', '=', messageId)
      .where('send_attempts', '=', generation)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return 'skipped';
    await this.#o.queue.enqueue(
      SEND_JOB,
      { messageId },
      { jobId: sendJobId(messageId, generation + 1), delayMs: Math.ceil(delayMs) },
    );
    return 'requeued';
  }

  async #fail(messageId: string, error: StoredError): Promise<void> {
    const now = this.#o.clock.now().toISOString();
    await this.#o.store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({ status: 'failed', status_at: now, error: JSON.stringify(error) })
        .where('id', '=', messageId)
        .where('status', '=', 'queued')
        .execute();
      await touchConversationOf(trx, messageId, now);
    });
    this.#o.live.notify();
  }

  async #sendFallback(messageId: string, template: OutboundContent['fallbackTemplate']): Promise<void> {
    if (template === null) return;
    const now = this.#o.clock.now().toISOString();
    const original = await this.#o.store.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    const id = newId('msg');
    const content: OutboundContent = { message: template, fallbackTemplate: null };
    await this.#o.store.db
      .insertInto('messages')
      .values({
        ...original,
        id,
        kind: 'template',
        content: JSON.stringify(content),
        provider_message_id: null,
        dedupe_key: null,
        status: 'queued',
        status_at: now,
        error: null,
        pricing: null,
        send_attempts: 0,
        sent_at: null,
        created_at: now,
      })
      .execute();
    await this.#o.queue.enqueue(SEND_JOB, { messageId: id }, { jobId: sendJobId(id, 0) });
  }

  async #pauseSender(messageId: string, reason: string): Promise<void> {
    const row = await this.#o.store.db
      .selectFrom('messages')
      .select(['sender_id', 'channel'])
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (!row?.sender_id) return;
    await pauseSender(
      this.#o.store.db,
      row.sender_id,
      reason,
      this.#o.clock.now().toISOString(),
      row.channel,
    );
    this.#o.live.notify();
  }

  async #recordMarketingStop(contactId: string, messageId: string): Promise<void> {
    const contacts = new ContactsService(this.#o.store);
    for (const purpose of ['fundraising', 'news'] as const) {
      await contacts.recordConsent(contactId, {
        channel: 'whatsapp',
        purpose,
        granted: false,
        source: 'whatsapp_error_131050',
        wordingVersion: 'whatsapp-marketing-opt-out-v1',
        wording:
          'WhatsApp reported that the person stopped marketing messages from this business (error 131050).',
        proof: { messageId },
      });
    }
  }
}

export async function pauseSender(
  db: Db,
  senderId: string,
  reason: string,
  now: string,
  channel = 'whatsapp',
): Promise<void> {
  const existing = await db
    .selectFrom('channel_senders')
    .select('id')
    .where('id', '=', senderId)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('channel_senders')
      .set({ paused_at: now, pause_reason: reason, updated_at: now })
      .where('id', '=', senderId)
      .execute();
  } else {
    await db
      .insertInto('channel_senders')
      .values({ id: senderId, channel, paused_at: now, pause_reason: reason, updated_at: now })
      .execute();
  }
}

export async function touchConversationOf(db: Db, messageId: string, now: string): Promise<void> {
  const row = await db
    .selectFrom('messages')
    .select('conversation_id')
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (row)
    await db
      .updateTable('conversations')
      .set({ updated_at: now })
      .where('id', '=', row.conversation_id)
      .execute();
}
