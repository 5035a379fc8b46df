import type { ChannelKind } from '../channels';
import { ContactsService, type Purpose } from '../contacts';
import { FiloError, newId } from '../core';
import type { Store } from '../store';
import type { OutboundDraft } from './assistant';
import { ConversationErrors } from './errors';
import { ensureConversation, ensureIdentity, phoneOf, windowOpen, type Db } from './records';

// The outbound policy, decided when a message is queued (and stored with it):
// - inside the 24-hour window after the supporter last wrote, a service message (a reply) may be
//   free-form and needs no further consent: the supporter started the exchange;
// - anything else is business-initiated: it needs the supporter's consent for its channel and purpose,
//   and outside the window it must be an approved template (or carry one to fall back on).
// Web chat and e-mail have no such window: a web chat answer goes into the visitor's own session (a
// service message: they are talking to us), an e-mail reply answers a supporter's own mail (service);
// anything else on them needs consent for that channel and purpose.
// The message row is written in the caller's transaction; the send job is enqueued after commit.

export type Author = 'assistant' | 'system' | `user:${string}`;

export interface QueueRequest {
  readonly contactId: string;
  readonly message: OutboundDraft;
  readonly purpose: Purpose;
  readonly author: Author;
  /** Sent instead when the window turns out to be closed (WhatsApp error 131047). */
  readonly fallbackTemplate?: Extract<OutboundDraft, { type: 'template' }> | undefined;
  /** The sender number (WhatsApp phone number id); `webchat` / `email` on those channels. */
  readonly sender: string;
  /** The channel to send on (default WhatsApp). */
  readonly channel?: ChannelKind | undefined;
  /** Idempotency: a second request with the same key returns the first message, sending nothing. */
  readonly dedupeKey?: string | undefined;
  /**
   * A transactional service e-mail the supporter's own act calls for (a gift's thank-you): it needs no
   * prior e-mail consent, only that the supporter has not withdrawn it. E-mail only; ignored elsewhere.
   */
  readonly transactional?: boolean | undefined;
}

export interface QueuedMessage {
  readonly messageId: string;
  readonly conversationId: string;
  readonly jobId: string;
}

/** Stored JSON of an outbound message. */
export interface OutboundContent {
  readonly message: OutboundDraft;
  readonly fallbackTemplate: Extract<OutboundDraft, { type: 'template' }> | null;
}

export function sendJobId(messageId: string, generation: number): string {
  return `send.${messageId}.${generation}`;
}

function previewOfDraft(message: OutboundDraft): string {
  switch (message.type) {
    case 'text':
      return message.body.slice(0, 140);
    case 'buttons':
    case 'list':
      return message.body.slice(0, 140);
    case 'media':
      return `[${message.kind}] ${message.caption ?? ''}`.trim().slice(0, 140);
    case 'template':
      return `[template] ${message.name}`;
  }
}

async function hasConsent(
  store: Store,
  db: Db,
  contactId: string,
  channel: ChannelKind,
  purpose: Purpose,
): Promise<boolean> {
  const contacts = new ContactsService({ ...store, db });
  const consents = (await contacts.currentConsents([contactId])).get(contactId) ?? [];
  return consents.some((c) => c.channel === channel && c.purpose === purpose && c.status === 'granted');
}

/** Whether the supporter's latest record for this channel and purpose is a withdrawal. */
async function hasWithdrawn(
  store: Store,
  db: Db,
  contactId: string,
  channel: ChannelKind,
  purpose: Purpose,
): Promise<boolean> {
  const contacts = new ContactsService({ ...store, db });
  const consents = (await contacts.currentConsents([contactId])).get(contactId) ?? [];
  return consents.some((c) => c.channel === channel && c.purpose === purpose && c.status === 'revoked');
}

/** The identity to write to on a channel other than WhatsApp when the supporter has none there yet. */
async function firstIdentity(
  db: Db,
  channel: Exclude<ChannelKind, 'whatsapp'>,
  contactId: string,
  iso: string,
): Promise<{ id: string; key: string; last_inbound_at: string | null; contact_id: string }> {
  switch (channel) {
    case 'webchat':
      // A web chat exists only inside a visitor's session: there is no address to start one at.
      throw new FiloError(ConversationErrors.CONVERSATION_NO_CHANNEL, {
        message: 'The supporter has no web chat session',
      });
    case 'email': {
      const contact = await db
        .selectFrom('contacts')
        .select(['email', 'display_name', 'language'])
        .where('id', '=', contactId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (contact === undefined)
        throw new FiloError(ConversationErrors.CONVERSATION_NOT_FOUND, { message: 'No such supporter' });
      const address = contact.email?.toLowerCase() ?? null;
      if (address === null) throw new FiloError(ConversationErrors.CONVERSATION_NO_CHANNEL);
      const created = await ensureIdentity(
        db,
        {
          key: address,
          waId: null,
          userId: null,
          name: contact.display_name,
          channel,
          contact: { id: contactId, language: contact.language },
        },
        iso,
      );
      if (created.contact_id !== contactId) {
        throw new FiloError(ConversationErrors.CONVERSATION_NO_CHANNEL, {
          message: 'This e-mail address belongs to another supporter',
        });
      }
      return created;
    }
  }
}

export async function queueOutbound(
  store: Store,
  db: Db,
  request: QueueRequest,
  now: Date,
  options: { readonly initialMode: 'assistant' | 'agent' },
): Promise<QueuedMessage> {
  const iso = now.toISOString();
  if (request.dedupeKey !== undefined) {
    const seen = await db
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'send_attempts'])
      .where('dedupe_key', '=', request.dedupeKey)
      .executeTakeFirst();
    if (seen !== undefined)
      return {
        messageId: seen.id,
        conversationId: seen.conversation_id,
        jobId: sendJobId(seen.id, seen.send_attempts),
      };
  }
  const channel = request.channel ?? 'whatsapp';
  let identity = await db
    .selectFrom('channel_identities')
    .select(['id', 'key', 'last_inbound_at', 'contact_id'])
    .where('channel', '=', channel)
    .where('contact_id', '=', request.contactId)
    .orderBy('last_inbound_at', 'desc')
    .executeTakeFirst();
  if (identity === undefined && channel !== 'whatsapp') {
    identity = await firstIdentity(db, channel, request.contactId, iso);
  }
  if (identity === undefined) {
    const contact = await db
      .selectFrom('contacts')
      .select(['phone', 'display_name'])
      .where('id', '=', request.contactId)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (contact === undefined)
      throw new FiloError(ConversationErrors.CONVERSATION_NOT_FOUND, { message: 'No such supporter' });
    const waId = contact.phone?.replace(/^\+/, '') ?? null;
    if (waId === null || phoneOf(waId) === null)
      throw new FiloError(ConversationErrors.CONVERSATION_NO_CHANNEL);
    const created = await ensureIdentity(
      db,
      { key: waId, waId, userId: null, name: contact.display_name },
      iso,
    );
    if (created.contact_id !== request.contactId) {
      // Another supporter already owns this WhatsApp number: never message someone else by mistake.
      throw new FiloError(ConversationErrors.CONVERSATION_NO_CHANNEL, {
        message: 'This phone number belongs to another supporter on WhatsApp',
      });
    }
    identity = {
      id: created.id,
      key: created.key,
      last_inbound_at: created.last_inbound_at,
      contact_id: created.contact_id,
    };
  }
  // WhatsApp's 24-hour window; web chat and e-mail have none, but a service message there is still an
  // answer to the supporter, so it needs them to have written on that channel.
  const windowed = channel === 'whatsapp';
  const open = windowed ? windowOpen(identity.last_inbound_at, now) : identity.last_inbound_at !== null;
  const businessInitiated = !open || request.purpose !== 'service';
  // A transactional e-mail is sent unless the supporter said no; anything else needs their yes.
  const transactional =
    request.transactional === true && channel === 'email' && request.purpose === 'service';
  if (
    businessInitiated &&
    (transactional
      ? await hasWithdrawn(store, db, request.contactId, channel, request.purpose)
      : !(await hasConsent(store, db, request.contactId, channel, request.purpose)))
  ) {
    throw new FiloError(ConversationErrors.CONVERSATION_CONSENT_MISSING, {
      details: { channel, purpose: request.purpose },
    });
  }
  let message = request.message;
  // Templates are WhatsApp's: elsewhere there is nothing to fall back on.
  let fallback = windowed ? (request.fallbackTemplate ?? null) : null;
  if (!windowed && message.type === 'template') {
    throw new FiloError(ConversationErrors.CONVERSATION_MESSAGE_INVALID, {
      message: `Templates cannot be sent on ${channel}`,
    });
  }
  if (channel === 'email' && message.replyTo === undefined) {
    // Threaded under the supporter's latest mail (In-Reply-To / References), as a mail client would.
    const last = await db
      .selectFrom('messages')
      .select('provider_message_id')
      .where('contact_id', '=', request.contactId)
      .where('channel', '=', 'email')
      .where('direction', '=', 'in')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (last?.provider_message_id && !last.provider_message_id.startsWith('sha256-'))
      message = { ...message, replyTo: last.provider_message_id };
  }
  if (windowed && !open && message.type !== 'template') {
    if (fallback === null) throw new FiloError(ConversationErrors.CONVERSATION_WINDOW_CLOSED);
    message = fallback;
    fallback = null;
  }
  const conversation = await ensureConversation(
    db,
    request.contactId,
    identity.id,
    options.initialMode,
    iso,
    channel,
  );
  const id = newId('msg');
  const content: OutboundContent = { message, fallbackTemplate: fallback };
  await db
    .insertInto('messages')
    .values({
      id,
      conversation_id: conversation.id,
      contact_id: request.contactId,
      channel,
      direction: 'out',
      kind: message.type,
      content: JSON.stringify(content),
      author: request.author,
      purpose: request.purpose,
      sender_id: request.sender,
      recipient_key: identity.key,
      provider_message_id: null,
      dedupe_key: request.dedupeKey ?? null,
      status: 'queued',
      status_at: iso,
      error: null,
      pricing: null,
      send_attempts: 0,
      sent_at: null,
      created_at: iso,
    })
    .execute();
  // A person or the assistant answered: the supporter is no longer waiting.
  const answered = request.author !== 'system';
  await db
    .updateTable('conversations')
    .set({
      last_message_at: iso,
      last_preview: previewOfDraft(message),
      updated_at: iso,
      ...(answered ? { waiting_since: null } : {}),
    })
    .where('id', '=', conversation.id)
    .execute();
  return { messageId: id, conversationId: conversation.id, jobId: sendJobId(id, 0) };
}
