import type { InboundMessageEvent, NormalisedEvent, PreferenceEvent, StatusEvent } from '../channels';
import type { Purpose } from '../contacts';
import { newId, type Clock } from '../core';
import type { Store, Transaction, Database } from '../store';
import { ContactsService as Contacts } from '../contacts';
import { queueOutbound } from './outbound';
import {
  applyOrphanStatuses,
  applyStatusToMessage,
  ensureConversation,
  ensureIdentity,
  previewOf,
} from './records';
import { STOP_WORDING_VERSION, stopConfirmation, stopWordLanguage } from './stop-words';

// Normalised events → rows. Each event is applied in its own transaction and at most once: messages
// by the provider's message id (unique), statuses by message id + status, preferences by their key.
// A redelivered or duplicated webhook therefore changes nothing the second time.

export interface InboundContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Whether an assistant is there to take new conversations (otherwise they go to the inbox). */
  readonly assistantAvailable: boolean;
}

export interface InboundResult {
  /** New inbound messages in conversations the assistant is handling. */
  readonly forAssistant: string[];
  /** Outbound messages queued while processing (STOP confirmations): their send jobs. */
  readonly queued: { readonly messageId: string; readonly jobId: string }[];
  /** Events that were already applied before. */
  duplicates: number;
  /** Events applied now. */
  applied: number;
}

function contactsIn(store: Store, trx: Transaction<Database>): Contacts {
  return new Contacts({ ...store, db: trx });
}

/**
 * The sender id outbound messages on this channel go through (see the dispatcher's senders): WhatsApp's
 * phone number id, or the channel's name for web chat and e-mail.
 */
export function senderIdOf(event: InboundMessageEvent): string {
  return event.channel === 'whatsapp' ? event.via.id : event.channel;
}

/**
 * Who a new web chat visitor or e-mail writer already is: a visitor who gave their address in the chat
 * is linked to that supporter by the session; an e-mail is matched to the supporter with that address.
 */
async function knownPerson(
  store: Store,
  trx: Transaction<Database>,
  event: InboundMessageEvent,
): Promise<{ contact: { id: string; language: string } | null; language: string | null }> {
  switch (event.channel) {
    case 'whatsapp':
      return { contact: null, language: null };
    case 'webchat': {
      const session = await trx
        .selectFrom('webchat_sessions')
        .leftJoin('contacts', (join) =>
          join.onRef('contacts.id', '=', 'webchat_sessions.contact_id').on('contacts.erased_at', 'is', null),
        )
        .select([
          'webchat_sessions.language as language',
          'contacts.id as contact_id',
          'contacts.language as contact_language',
        ])
        .where('webchat_sessions.id', '=', event.from.key)
        .executeTakeFirst();
      if (session === undefined) return { contact: null, language: null };
      return {
        contact:
          session.contact_id === null
            ? null
            : { id: session.contact_id, language: session.contact_language ?? session.language },
        language: session.language,
      };
    }
    case 'email':
      return { contact: await contactsIn(store, trx).findByEmail(event.from.key), language: null };
  }
}

/**
 * Moves a web chat identity, and the conversation it wrote in, from the anonymous supporter created for
 * the visitor to the supporter the session now names. When that supporter already has a web chat
 * conversation (an earlier session), the messages and notes join it instead.
 */
async function relinkVisitor(
  trx: Transaction<Database>,
  identityId: string,
  fromContact: string,
  toContact: string,
  iso: string,
): Promise<void> {
  await trx
    .updateTable('channel_identities')
    .set({ contact_id: toContact, updated_at: iso })
    .where('id', '=', identityId)
    .execute();
  const moving = await trx
    .selectFrom('conversations')
    .select('id')
    .where('contact_id', '=', fromContact)
    .where('channel', '=', 'webchat')
    .executeTakeFirst();
  if (moving === undefined) return;
  const target = await trx
    .selectFrom('conversations')
    .select('id')
    .where('contact_id', '=', toContact)
    .where('channel', '=', 'webchat')
    .executeTakeFirst();
  if (target === undefined) {
    await trx
      .updateTable('conversations')
      .set({ contact_id: toContact, updated_at: iso })
      .where('id', '=', moving.id)
      .execute();
    await trx
      .updateTable('messages')
      .set({ contact_id: toContact })
      .where('conversation_id', '=', moving.id)
      .execute();
    return;
  }
  await trx
    .updateTable('messages')
    .set({ contact_id: toContact, conversation_id: target.id })
    .where('conversation_id', '=', moving.id)
    .execute();
  await trx
    .updateTable('conversation_notes')
    .set({ conversation_id: target.id })
    .where('conversation_id', '=', moving.id)
    .execute();
  await trx.deleteFrom('conversations').where('id', '=', moving.id).execute();
}

async function applyMessage(
  ctx: InboundContext,
  event: InboundMessageEvent,
  result: InboundResult,
): Promise<void> {
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const channel = event.channel;
  await ctx.store.db.transaction().execute(async (trx) => {
    const known = await knownPerson(ctx.store, trx, event);
    let identity = await ensureIdentity(
      trx,
      {
        key: event.from.key,
        waId: event.from.waId,
        userId: event.from.userId,
        name: event.from.name,
        channel,
        contact: known.contact,
        email: channel === 'email' ? event.from.key : null,
        language: known.language,
      },
      iso,
    );
    if (channel === 'webchat' && known.contact !== null && identity.contact_id !== known.contact.id) {
      // The visitor gave their e-mail in the chat after writing as an anonymous visitor: the chat so
      // far follows them to the supporter the session now names.
      await relinkVisitor(trx, identity.id, identity.contact_id, known.contact.id, iso);
      identity = { ...identity, contact_id: known.contact.id };
    }
    const conversation = await ensureConversation(
      trx,
      identity.contact_id,
      identity.id,
      ctx.assistantAvailable ? 'assistant' : 'agent',
      iso,
      channel,
    );
    const inserted = await trx
      .insertInto('messages')
      .values({
        id: newId('msg'),
        conversation_id: conversation.id,
        contact_id: identity.contact_id,
        channel,
        direction: 'in',
        kind: event.content.kind,
        content: JSON.stringify({ content: event.content, context: event.context }),
        author: 'contact',
        purpose: null,
        sender_id: senderIdOf(event),
        recipient_key: event.from.key,
        provider_message_id: event.id,
        dedupe_key: null,
        status: 'received',
        status_at: iso,
        error: null,
        pricing: null,
        send_attempts: 0,
        sent_at: event.sentAt,
        created_at: iso,
      })
      .onConflict((oc) => oc.column('provider_message_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) {
      result.duplicates++;
      return;
    }
    result.applied++;
    // The window runs from the person's latest message (by its own timestamp: a late delivery of an
    // old message does not reopen a window that has closed).
    const lastInbound =
      identity.last_inbound_at === null || identity.last_inbound_at < event.sentAt
        ? event.sentAt
        : identity.last_inbound_at;
    await trx
      .updateTable('channel_identities')
      .set({
        last_inbound_at: lastInbound,
        updated_at: iso,
        ...(event.from.name ? { profile_name: event.from.name } : {}),
      })
      .where('id', '=', identity.id)
      .execute();
    await trx
      .updateTable('conversations')
      .set((eb) => ({
        unread_count: eb('unread_count', '+', 1),
        waiting_since: eb.fn.coalesce('waiting_since', eb.val(iso)),
        last_message_at: iso,
        last_preview: previewOf(event.content),
        updated_at: iso,
      }))
      .where('id', '=', conversation.id)
      .execute();

    // STOP is WhatsApp's convention; e-mail has its unsubscribe links, and a web chat sends nothing unasked.
    const stopLanguage =
      channel === 'whatsapp' && event.content.kind === 'text' ? stopWordLanguage(event.content.body) : null;
    if (stopLanguage !== null) {
      const contacts = contactsIn(ctx.store, trx);
      for (const purpose of ['service', 'fundraising', 'news'] as const satisfies readonly Purpose[]) {
        await contacts.recordConsent(identity.contact_id, {
          channel: 'whatsapp',
          purpose,
          granted: false,
          source: 'whatsapp_stop_word',
          wordingVersion: STOP_WORDING_VERSION,
          wording: `The supporter sent “${event.content.kind === 'text' ? event.content.body.trim().slice(0, 40) : ''}” on WhatsApp.`,
          proof: { providerMessageId: event.id, messageId: inserted.id },
          recordedAt: iso,
        });
      }
      await trx.updateTable('messages').set({ status: 'handled' }).where('id', '=', inserted.id).execute();
      const queued = await queueOutbound(
        ctx.store,
        trx,
        {
          contactId: identity.contact_id,
          message: {
            type: 'text',
            body: stopConfirmation(identity.created ? stopLanguage : identity.language),
          },
          purpose: 'service',
          author: 'system',
          sender: event.via.id,
        },
        now,
        { initialMode: 'agent' },
      );
      result.queued.push({ messageId: queued.messageId, jobId: queued.jobId });
      return;
    }
    if (conversation.mode === 'assistant') result.forAssistant.push(inserted.id);
  });
}

async function applyStatus(ctx: InboundContext, event: StatusEvent, result: InboundResult): Promise<void> {
  const iso = ctx.clock.now().toISOString();
  const orphan = await ctx.store.db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .select(['id', 'status', 'conversation_id'])
      .where('provider_message_id', '=', event.messageId)
      .where('direction', '=', 'out')
      .executeTakeFirst();
    const errors =
      event.failure === null
        ? JSON.stringify(event.errors)
        : JSON.stringify({
            code: event.failure.code,
            kind: event.failure.kind,
            message: event.failure.message,
            providerCode: event.failure.providerCode,
            retries: 0,
          });
    const inserted = await trx
      .insertInto('message_status_events')
      .values({
        id: newId('mse'),
        dedupe_key: event.dedupeKey,
        provider_message_id: event.messageId,
        message_id: message?.id ?? null,
        status: event.status,
        occurred_at: event.at,
        errors,
        pricing: event.pricing === null ? null : JSON.stringify(event.pricing),
        conversation: event.conversation === null ? null : JSON.stringify(event.conversation),
        created_at: iso,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) {
      result.duplicates++;
      return false;
    }
    result.applied++;
    // Unknown yet (the send's response is still on its way): kept, applied when the id is recorded.
    if (message === undefined) return true;
    await applyStatusToMessage(trx, message.id, {
      status: event.status,
      occurred_at: event.at,
      pricing: event.pricing === null ? null : JSON.stringify(event.pricing),
      errors,
    });
    await trx
      .updateTable('conversations')
      .set({ updated_at: iso })
      .where('id', '=', message.conversation_id)
      .execute();
    return false;
  });
  // The dispatcher may have recorded the provider id while this ran: look again now that it is committed.
  if (orphan) await applyOrphanStatuses(ctx.store.db, [event.messageId]);
}

async function applyPreference(
  ctx: InboundContext,
  event: PreferenceEvent,
  result: InboundResult,
): Promise<void> {
  const iso = ctx.clock.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('channel_event_keys')
      .values({ dedupe_key: `whatsapp:${event.dedupeKey}`, created_at: iso })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('dedupe_key')
      .executeTakeFirst();
    if (inserted === undefined) {
      result.duplicates++;
      return;
    }
    result.applied++;
    if (event.value === 'signup') return;
    // The person chose this in WhatsApp itself; record it against the supporter (created if new).
    const identity = await ensureIdentity(
      trx,
      { key: event.user.key, waId: event.user.waId, userId: event.user.userId, name: event.user.name },
      iso,
    );
    const contacts = contactsIn(ctx.store, trx);
    for (const purpose of ['fundraising', 'news'] as const) {
      await contacts.recordConsent(identity.contact_id, {
        channel: 'whatsapp',
        purpose,
        granted: event.value === 'resume',
        source: 'whatsapp_user_preferences',
        wordingVersion: 'whatsapp-marketing-preference-v1',
        wording:
          event.value === 'resume'
            ? 'The person resumed marketing messages from this business in WhatsApp.'
            : 'The person stopped marketing messages from this business in WhatsApp.',
        proof: { dedupeKey: event.dedupeKey, detail: event.detail },
        recordedAt: event.at,
      });
    }
  });
}

export async function applyEvents(
  ctx: InboundContext,
  events: readonly NormalisedEvent[],
): Promise<InboundResult> {
  const result: InboundResult = { forAssistant: [], queued: [], duplicates: 0, applied: 0 };
  for (const event of events) {
    switch (event.type) {
      case 'message':
        await applyMessage(ctx, event, result);
        break;
      case 'status':
        await applyStatus(ctx, event, result);
        break;
      case 'preference':
        // E-mail opt-outs are recorded by the e-mail channel itself, with the delivery that carried them.
        if (event.channel === 'whatsapp') await applyPreference(ctx, event, result);
        else result.applied++;
        break;
      case 'channel_error':
        // Reported by Meta about the account, not about one message: nothing to store per supporter.
        result.applied++;
        break;
    }
  }
  return result;
}
