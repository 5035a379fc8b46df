import type { ChannelKind, ChannelProvider, HandoffChannel, InboundSink } from '../channels';
import type { Purpose } from '../contacts';
import { FiloError, newId, type Clock } from '../core';
import type { JobQueue } from '../jobs';
import type { Store } from '../store';
import {
  isConversationAssistant,
  textOf,
  type AssistantDecision,
  type ConversationAssistant,
  type OutboundDraft,
} from './assistant';
import { SEND_JOB } from './dispatcher';
import { ConversationErrors } from './errors';
import { applyEvents } from './inbound';
import type { DeliveryWriter } from './intake';
import type { LiveHub } from './live';
import { queueOutbound, sendJobId, type Author, type QueuedMessage } from './outbound';
import type { Db } from './records';
import type { TemplateRegistry } from './templates';

// What other modules (and the inbox routes) may ask of conversations: send to a supporter on their
// channel, reply in a conversation, hand it to a person or back to the assistant; and the processing
// of stored webhook deliveries and of the assistant's turn, which the module's jobs call.

export const DELIVERIES_JOB = 'conversations.deliveries';
export const ASSIST_JOB = 'conversations.assist';
export const MARK_READ_JOB = 'conversations.mark-read';
export const SWEEP_JOB = 'conversations.sweep';

export interface SendOptions {
  readonly purpose: Purpose;
  /** Sent instead when the 24-hour window is closed. */
  readonly fallbackTemplate?: Extract<OutboundDraft, { type: 'template' }> | undefined;
  readonly author?: Author | undefined;
  /** Idempotency key: the same key never queues a second message. */
  readonly dedupeKey?: string | undefined;
  /** The channel to send on (default WhatsApp). */
  readonly channel?: ChannelKind | undefined;
  /** A transactional service e-mail (a gift's thank-you): sent without prior consent unless withdrawn. */
  readonly transactional?: boolean | undefined;
}

/** A message as callers may give it: a full draft, or `{ text }` for a plain text message. */
export type MessageInput = OutboundDraft | { readonly text: string };

function toDraft(message: MessageInput): OutboundDraft {
  return 'type' in message ? message : { type: 'text', body: message.text };
}

export interface ConversationsServiceOptions {
  readonly store: Store;
  readonly queue: Pick<JobQueue, 'enqueue'>;
  readonly clock: Clock;
  readonly live: LiveHub;
  /** The WhatsApp adapter, or null when the channel is not configured. */
  readonly provider: ChannelProvider | null;
  /** The web chat and e-mail adapters (looked up when needed: their module may be built after this one). */
  readonly channels?: ((kind: HandoffChannel) => ChannelProvider | null) | undefined;
  /** Stores verified deliveries once (web chat and e-mail hand-offs go through it like WhatsApp's webhook). */
  readonly intake?: DeliveryWriter | undefined;
  readonly defaultSender: string | null;
  /** Looks the assistant up when needed (the bot module may be built after this one). */
  readonly assistant: () => ConversationAssistant | null;
  /** The WhatsApp template registry: a template is checked before it is queued. */
  readonly templates?: TemplateRegistry | undefined;
}

export class ConversationsService implements InboundSink {
  readonly #o: ConversationsServiceOptions;

  constructor(options: ConversationsServiceOptions) {
    this.#o = options;
  }

  /** The sender id for a channel: WhatsApp's phone number id, or the channel's own name. */
  #sender(channel: ChannelKind = 'whatsapp'): string {
    if (channel !== 'whatsapp') {
      if (this.#provider(channel) === null)
        throw new FiloError(ConversationErrors.CONVERSATION_CHANNEL_NOT_CONFIGURED);
      return channel;
    }
    if (this.#o.defaultSender === null)
      throw new FiloError(ConversationErrors.CONVERSATION_CHANNEL_NOT_CONFIGURED);
    return this.#o.defaultSender;
  }

  #provider(channel: ChannelKind): ChannelProvider | null {
    return channel === 'whatsapp' ? this.#o.provider : (this.#o.channels?.(channel) ?? null);
  }

  /**
   * Takes a web chat envelope or an inbound e-mail handed over by their module: checked with the
   * channel's adapter, stored once (the same bytes twice are one delivery), processed by the delivery
   * job like a WhatsApp webhook. Resolves once stored; rejects (to be offered again) when it cannot be.
   */
  async acceptInbound(
    channel: HandoffChannel,
    rawBody: Buffer,
    headers: Readonly<Record<string, string>>,
  ): Promise<void> {
    const provider = this.#provider(channel);
    if (provider === null || this.#o.intake === undefined)
      throw new FiloError(ConversationErrors.CONVERSATION_CHANNEL_NOT_CONFIGURED);
    const signature = provider.verifySignature(rawBody, headers);
    if (!signature.ok) throw signature.error;
    const parsed = provider.parseInbound(rawBody);
    // Verified but unreadable, or nothing for conversations (a bare bounce): nothing to store, and
    // nothing offering it again would change.
    if (!parsed.ok || parsed.events.length === 0) return;
    await this.#o.intake.write(channel, rawBody);
  }

  #initialMode(): 'assistant' | 'agent' {
    return this.#o.assistant() === null ? 'agent' : 'assistant';
  }

  async #enqueue(queued: readonly { messageId: string; jobId: string }[]): Promise<void> {
    for (const q of queued)
      await this.#o.queue.enqueue(SEND_JOB, { messageId: q.messageId }, { jobId: q.jobId });
    if (queued.length > 0) this.#o.live.notify();
  }

  /**
   * Sends a message to a supporter on their channel (WhatsApp today), respecting consent for the
   * purpose and the 24-hour window (a template outside it). Throws CONVERSATION_CONSENT_MISSING,
   * CONVERSATION_WINDOW_CLOSED or CONVERSATION_NO_CHANNEL; nothing is stored then.
   */
  async sendToContact(contactId: string, input: MessageInput, options: SendOptions): Promise<QueuedMessage> {
    const message = toDraft(input);
    const channel = options.channel ?? 'whatsapp';
    const sender = this.#sender(channel);
    if (channel === 'whatsapp' && message.type === 'template' && this.#o.templates !== undefined) {
      // Refused now, with nothing stored, when the registry knows better. (A fallback template is
      // checked by the dispatcher if it is used; a registry that cannot be read yet defers to it too.)
      const verdict = await this.#o.templates.check(message);
      if (verdict.kind === 'refused') throw verdict.error;
    }
    const now = this.#o.clock.now();
    const queued = await this.#o.store.db.transaction().execute((trx) =>
      queueOutbound(
        this.#o.store,
        trx,
        {
          contactId,
          message,
          purpose: options.purpose,
          author: options.author ?? 'system',
          fallbackTemplate: options.fallbackTemplate,
          sender,
          channel,
          dedupeKey: options.dedupeKey,
          transactional: options.transactional,
        },
        now,
        { initialMode: this.#initialMode() },
      ),
    );
    await this.#enqueue([queued]);
    return queued;
  }

  /** An agent's (or the assistant's) answer in a conversation: a service message, on its channel. */
  async reply(conversationId: string, message: MessageInput, author: Author): Promise<QueuedMessage> {
    const conversation = await this.#conversation(this.#o.store.db, conversationId);
    return this.sendToContact(conversation.contact_id, message, {
      purpose: 'service',
      author,
      channel: conversation.channel,
    });
  }

  async handoff(conversationId: string, reason: string): Promise<void> {
    await this.#setMode(conversationId, 'agent', reason.slice(0, 200));
  }

  async returnToAssistant(conversationId: string): Promise<void> {
    await this.#setMode(conversationId, 'assistant', null);
  }

  async #setMode(conversationId: string, mode: 'assistant' | 'agent', reason: string | null): Promise<void> {
    await this.#conversation(this.#o.store.db, conversationId);
    const now = this.#o.clock.now().toISOString();
    await this.#o.store.db
      .updateTable('conversations')
      .set({
        mode,
        handoff_reason: reason,
        updated_at: now,
        ...(mode === 'assistant' ? { assigned_user_id: null } : {}),
      })
      .where('id', '=', conversationId)
      .execute();
    this.#o.live.notify();
  }

  async #conversation(
    db: Db,
    id: string,
  ): Promise<{ id: string; contact_id: string; mode: string; channel: ChannelKind }> {
    const row = await db
      .selectFrom('conversations')
      .select(['id', 'contact_id', 'mode', 'channel'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw new FiloError(ConversationErrors.CONVERSATION_NOT_FOUND);
    return { ...row, channel: channelOf(row.channel) };
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /** Applies stored webhook deliveries (each event at most once) and queues what follows from them. */
  async processDeliveries(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const row = await this.#o.store.db
        .selectFrom('webhook_deliveries')
        .select(['id', 'channel', 'raw_body', 'processed_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined || row.processed_at !== null) continue;
      const provider = this.#provider(channelOf(row.channel));
      let outcome: string;
      if (provider === null) {
        outcome = 'channel_not_configured';
      } else {
        const parsed = provider.parseInbound(Buffer.from(row.raw_body, 'utf8'));
        if (!parsed.ok) {
          outcome = `invalid:${parsed.error.code}`;
        } else {
          const result = await applyEvents(
            { store: this.#o.store, clock: this.#o.clock, assistantAvailable: this.#o.assistant() !== null },
            parsed.events,
          );
          await this.#enqueue(result.queued);
          for (const messageId of result.forAssistant) {
            await this.#o.queue.enqueue(ASSIST_JOB, { messageId }, { jobId: `assist.${messageId}` });
          }
          outcome = `applied:${result.applied},duplicates:${result.duplicates}`;
        }
      }
      await this.#o.store.db
        .updateTable('webhook_deliveries')
        .set({ processed_at: this.#o.clock.now().toISOString(), outcome })
        .where('id', '=', id)
        .execute();
    }
    this.#o.live.notify();
  }

  /** The assistant's turn on one inbound message; a last failed attempt hands over to a person. */
  async assist(messageId: string, lastAttempt: boolean): Promise<void> {
    const row = await this.#o.store.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select([
        'messages.id as id',
        'messages.status as status',
        'messages.content as content',
        'messages.created_at as created_at',
        'messages.contact_id as contact_id',
        'conversations.id as conversation_id',
        'conversations.mode as mode',
        'conversations.channel as channel',
        'contacts.language as language',
      ])
      .where('messages.id', '=', messageId)
      .where('messages.direction', '=', 'in')
      .executeTakeFirst();
    if (row === undefined || row.status !== 'received' || row.mode !== 'assistant') return;
    const assistant = this.#o.assistant();
    if (assistant === null) {
      await this.handoff(row.conversation_id, 'no_assistant');
      return;
    }
    const { content } = JSON.parse(row.content) as { content: Parameters<typeof textOf>[0] };
    const channel = channelOf(row.channel);
    let decision: AssistantDecision;
    try {
      decision = await assistant.handleInbound({
        messageId: row.id,
        conversationId: row.conversation_id,
        contactId: row.contact_id,
        channel,
        language: row.language,
        text: textOf(content),
        content,
        receivedAt: row.created_at,
      });
    } catch (error) {
      if (!lastAttempt) throw error;
      decision = { kind: 'handoff', reason: 'assistant_failed' };
    }
    const sender = this.#sender(channel);
    const now = this.#o.clock.now();
    const iso = now.toISOString();
    const queued = await this.#o.store.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('messages')
        .set({ status: decision.kind === 'handoff' ? 'received' : 'handled' })
        .where('id', '=', row.id)
        .where('status', '=', 'received')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return [];
      const messages = decision.kind === 'none' ? [] : (decision.messages ?? []);
      const out: QueuedMessage[] = [];
      for (const message of messages) {
        out.push(
          await queueOutbound(
            this.#o.store,
            trx,
            { contactId: row.contact_id, message, purpose: 'service', author: 'assistant', sender, channel },
            now,
            {
              initialMode: 'assistant',
            },
          ),
        );
      }
      if (decision.kind === 'handoff') {
        await trx
          .updateTable('conversations')
          .set({
            mode: 'agent',
            handoff_reason: decision.reason.slice(0, 200),
            updated_at: iso,
            waiting_since: row.created_at,
          })
          .where('id', '=', row.conversation_id)
          .execute();
        // Mark it handled for the assistant all the same, so a retry does not ask it twice.
        await trx.updateTable('messages').set({ status: 'handled' }).where('id', '=', row.id).execute();
      }
      return out;
    });
    await this.#enqueue(queued);
  }

  /**
   * Tells WhatsApp the supporter's latest message was read (blue ticks on their phone); with `typing`,
   * the supporter also sees "typing…" until the answer arrives (WhatsApp drops it after 25 s).
   */
  async markRead(conversationId: string, options: { readonly typing?: boolean } = {}): Promise<void> {
    const now = this.#o.clock.now().toISOString();
    const conversation = await this.#conversation(this.#o.store.db, conversationId);
    await this.#o.store.db
      .updateTable('conversations')
      .set({ unread_count: 0, updated_at: now })
      .where('id', '=', conversationId)
      .execute();
    const last = await this.#o.store.db
      .selectFrom('messages')
      .select(['provider_message_id', 'sender_id'])
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'in')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    // E-mail has no read receipts to give.
    if (last?.provider_message_id && this.#provider(conversation.channel)?.capabilities.readReceipts) {
      const typing = options.typing === true;
      // Read once per message; "typing…" again at most every 20 s while the agent writes.
      const jobId = typing
        ? `typing.${last.provider_message_id}.${Math.floor(this.#o.clock.now().getTime() / 20_000)}`
        : `read.${last.provider_message_id}`;
      await this.#o.queue.enqueue(
        MARK_READ_JOB,
        { providerMessageId: last.provider_message_id, typing, channel: conversation.channel },
        { jobId },
      );
    }
    this.#o.live.notify();
  }

  /** Re-enqueues work a crash may have left without a job (the jobs' ids make this harmless). */
  async sweep(olderThanMs = 20_000): Promise<void> {
    const before = new Date(this.#o.clock.now().getTime() - olderThanMs).toISOString();
    const deliveries = await this.#o.store.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('processed_at', 'is', null)
      .where('received_at', '<', before)
      .limit(500)
      .execute();
    if (deliveries.length > 0) {
      const ids = deliveries.map((d) => d.id);
      await this.#o.queue.enqueue(
        DELIVERIES_JOB,
        { ids },
        { jobId: `deliveries.sweep.${ids[0] ?? ''}.${ids.length}` },
      );
    }
    const queued = await this.#o.store.db
      .selectFrom('messages')
      .select(['id', 'send_attempts'])
      .where('direction', '=', 'out')
      .where('status', '=', 'queued')
      .where('created_at', '<', before)
      .limit(1000)
      .execute();
    for (const m of queued)
      await this.#o.queue.enqueue(SEND_JOB, { messageId: m.id }, { jobId: sendJobId(m.id, m.send_attempts) });
  }

  /** For the demo: a canned reply set in three languages. */
  static cannedSeed(): readonly { id: string; title: string; body: string; language: string }[] {
    return [
      {
        title: 'Grazie',
        body: 'Grazie di cuore per averci scritto! Ti rispondiamo al più presto.',
        language: 'it',
      },
      {
        title: 'Ricevuta',
        body: 'Trovi la ricevuta della tua donazione al link che ti abbiamo inviato: puoi verificarla nel nostro registro pubblico.',
        language: 'it',
      },
      {
        title: 'Thanks',
        body: 'Thank you so much for writing to us! We will get back to you shortly.',
        language: 'en',
      },
      {
        title: 'Receipt',
        body: 'Your receipt is at the link we sent you: you can check it against our public log.',
        language: 'en',
      },
      {
        title: 'Danke',
        body: 'Vielen Dank für deine Nachricht! Wir melden uns so bald wie möglich.',
        language: 'de',
      },
    ].map((r) => ({ ...r, id: newId('cnr') }));
  }
}

export { isConversationAssistant };

/** A stored channel name (rows written before web chat and e-mail are all WhatsApp's). */
export function channelOf(value: string): ChannelKind {
  return value === 'webchat' || value === 'email' ? value : 'whatsapp';
}
