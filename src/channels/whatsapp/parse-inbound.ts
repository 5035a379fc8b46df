import { createHash } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { FiloError } from '../../core';
import { ChannelErrors } from '../errors';
import type {
  ChannelEndpoint,
  ChannelUser,
  ConversationInfo,
  DeliveryStatus,
  InboundContent,
  InboundMessageEvent,
  MessageContext,
  NormalisedEvent,
  ParseResult,
  PreferenceEvent,
  PricingInfo,
  ProviderError,
  SendFailure,
  StatusEvent,
} from '../port';
import { classifyGraphError } from './classify-error';
import { isBusinessScopedUserId } from './whatsapp-rules';
import {
  ButtonReply,
  ChangeValue,
  type Contact,
  Conversation,
  Envelope,
  ErrorItem,
  InteractiveContent,
  ListReply,
  LocationContent,
  MediaObject,
  MessageContext as MessageContextSchema,
  MessageItem,
  PreferenceItem,
  Pricing,
  ReactionContent,
  StatusItem,
  SystemContent,
  TemplateButtonContent,
  TextContent,
} from './webhook-schema';

// Meta's webhook POST body → normalised events. One body can carry several entries, changes, messages
// and statuses; each becomes its own event. Fields we do not handle are ignored; a message type we do
// not know becomes `unsupported`; a body without the envelope or the identity fields is refused as a
// whole with CHANNEL_PAYLOAD_INVALID (and the path of the first problem), never half-read.

const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>([
  'sent',
  'delivered',
  'read',
  'played',
  'failed',
]);
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];
const PREFERENCE_VALUES: ReadonlySet<string> = new Set(['stop', 'resume', 'signup']);

/** Raised inside the parser and turned into a ParseResult at its single exit. */
function shapeError(schema: TSchema, value: unknown, path: string): FiloError {
  const first = Value.Errors(schema, value).First();
  const at = `${path}${first?.path ?? ''}` || '/';
  return new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID, {
    message: `${ChannelErrors.CHANNEL_PAYLOAD_INVALID.message} at ${at}${first === undefined ? '' : `: ${first.message}`}`,
    details: { path: at },
  });
}

function prop(value: object, key: string): unknown {
  return (value as Readonly<Record<string, unknown>>)[key];
}

function nonEmpty(value: string | undefined | null): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function isoFromUnixSeconds(seconds: string | number): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

function providerErrors(raw: readonly unknown[] | undefined): ProviderError[] {
  const out: ProviderError[] = [];
  for (const item of raw ?? []) {
    if (!Value.Check(ErrorItem, item)) continue;
    out.push({
      code: item.code,
      title: item.title ?? null,
      message: item.message ?? null,
      details: item.error_data?.details ?? null,
    });
  }
  return out;
}

/**
 * A person from the ids an item carries, completed from the `contacts` array beside it. The key is
 * the wa_id, or the business-scoped user id where the wa_id is empty (users with a username).
 */
function person(
  rawWaId: string | undefined,
  rawUserId: string | undefined,
  rawParentUserId: string | undefined,
  contacts: readonly Contact[],
): ChannelUser | null {
  let waId = nonEmpty(rawWaId);
  let userId = nonEmpty(rawUserId);
  // A BSUID where a phone id is expected (a message sent to a BSUID) is still a BSUID.
  if (waId !== null && isBusinessScopedUserId(waId)) {
    userId = userId ?? waId;
    waId = null;
  }
  const contact = contacts.find(
    (c) => (waId !== null && c.wa_id === waId) || (userId !== null && nonEmpty(c.user_id) === userId),
  );
  waId = waId ?? nonEmpty(contact?.wa_id);
  userId = userId ?? nonEmpty(contact?.user_id);
  const key = waId ?? userId;
  if (key === null) return null;
  return {
    key,
    name: nonEmpty(contact?.profile?.name),
    waId,
    userId,
    parentUserId: nonEmpty(rawParentUserId) ?? nonEmpty(contact?.parent_user_id),
    username: nonEmpty(contact?.profile?.username),
  };
}

function messageContext(raw: unknown): MessageContext {
  if (!Value.Check(MessageContextSchema, raw))
    return { replyTo: null, forwarded: false, frequentlyForwarded: false };
  const id = nonEmpty(raw.id);
  return {
    replyTo: id === null ? null : { id, from: nonEmpty(raw.from) },
    forwarded: raw.forwarded === true || raw.frequently_forwarded === true,
    frequentlyForwarded: raw.frequently_forwarded === true,
  };
}

function unsupported(
  providerType: string,
  reason: 'provider' | 'unknown_type' | 'invalid_content',
  errors: readonly ProviderError[],
): InboundContent {
  return { kind: 'unsupported', providerType, reason, errors };
}

function isMediaType(type: string): type is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

function messageContent(item: MessageItem, errors: readonly ProviderError[]): InboundContent {
  const type = item.type;
  const invalid = unsupported(type, 'invalid_content', errors);
  if (isMediaType(type)) {
    const media = prop(item, type);
    if (!Value.Check(MediaObject, media)) return invalid;
    return {
      kind: type,
      media: {
        id: media.id,
        mimeType: media.mime_type ?? null,
        sha256: media.sha256 ?? null,
        caption: media.caption ?? null,
        filename: media.filename ?? null,
        voice: media.voice === true,
        animated: media.animated === true,
      },
    };
  }
  switch (type) {
    case 'text':
      return Value.Check(TextContent, item) ? { kind: 'text', body: item.text.body } : invalid;
    case 'location': {
      if (!Value.Check(LocationContent, item)) return invalid;
      const l = item.location;
      return {
        kind: 'location',
        latitude: l.latitude,
        longitude: l.longitude,
        name: l.name ?? null,
        address: l.address ?? null,
        url: l.url ?? null,
      };
    }
    case 'reaction': {
      if (!Value.Check(ReactionContent, item)) return invalid;
      const { message_id: messageId, emoji } = item.reaction;
      // WhatsApp reports a reaction taken back as a reaction with an empty (or absent) emoji.
      return emoji === undefined || emoji === ''
        ? { kind: 'reaction_removed', messageId }
        : { kind: 'reaction', messageId, emoji };
    }
    case 'interactive': {
      if (!Value.Check(InteractiveContent, item)) return invalid;
      const interactive = item.interactive;
      if (Value.Check(ButtonReply, interactive)) {
        return {
          kind: 'button_reply',
          id: interactive.button_reply.id,
          title: interactive.button_reply.title,
        };
      }
      if (Value.Check(ListReply, interactive)) {
        const reply = interactive.list_reply;
        return {
          kind: 'list_reply',
          id: reply.id,
          title: reply.title,
          description: reply.description ?? null,
        };
      }
      const known = interactive.type === 'button_reply' || interactive.type === 'list_reply';
      return known ? invalid : unsupported(`interactive.${interactive.type}`, 'unknown_type', errors);
    }
    case 'button':
      return Value.Check(TemplateButtonContent, item)
        ? { kind: 'template_button', payload: item.button.payload, text: item.button.text }
        : invalid;
    case 'system': {
      if (!Value.Check(SystemContent, item)) return invalid;
      const s = item.system;
      return {
        kind: 'system',
        systemType: s.type ?? 'unknown',
        body: s.body ?? null,
        newWaId: nonEmpty(s.new_wa_id) ?? nonEmpty(s.wa_id),
        newUserId: nonEmpty(s.user_id),
      };
    }
    case 'unsupported':
      return unsupported(type, 'provider', errors);
    default:
      return unsupported(type, 'unknown_type', errors);
  }
}

function parseMessage(
  raw: unknown,
  contacts: readonly Contact[],
  via: ChannelEndpoint,
  path: string,
): InboundMessageEvent {
  if (!Value.Check(MessageItem, raw)) throw shapeError(MessageItem, raw, path);
  const from = person(raw.from, raw.from_user_id, raw.from_parent_user_id, contacts);
  if (from === null) {
    throw new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID, {
      message: `${ChannelErrors.CHANNEL_PAYLOAD_INVALID.message} at ${path}/from: no sender id`,
      details: { path: `${path}/from` },
    });
  }
  return {
    type: 'message',
    channel: 'whatsapp',
    dedupeKey: raw.id,
    via,
    id: raw.id,
    from,
    sentAt: isoFromUnixSeconds(raw.timestamp),
    context: messageContext(raw.context),
    content: messageContent(raw, providerErrors(raw.errors)),
  };
}

function conversationInfo(raw: unknown): ConversationInfo | null {
  if (!Value.Check(Conversation, raw)) return null;
  return {
    id: raw.id,
    origin: raw.origin?.type ?? null,
    expiresAt: raw.expiration_timestamp === undefined ? null : isoFromUnixSeconds(raw.expiration_timestamp),
  };
}

function pricingInfo(raw: unknown): PricingInfo | null {
  if (!Value.Check(Pricing, raw)) return null;
  const model = raw.pricing_model ?? null;
  return {
    scheme: model === 'CBP' ? 'conversation' : model === 'PMP' ? 'per_message' : 'unknown',
    model,
    billable: raw.billable ?? null,
    category: raw.category ?? null,
    type: raw.type ?? null,
  };
}

function statusFailure(errors: readonly ProviderError[]): SendFailure {
  const first = errors[0];
  if (first === undefined) {
    return {
      kind: 'permanent',
      retry: false,
      code: 'CHANNEL_SEND_FAILED',
      message: 'The message failed without an error code',
      providerCode: null,
      httpStatus: null,
      details: null,
    };
  }
  return classifyGraphError({
    httpStatus: null,
    providerCode: first.code,
    message: first.message ?? first.title ?? `WhatsApp error ${first.code}`,
    details: first.details === null ? null : { details: first.details },
  });
}

function isDeliveryStatus(status: string): status is DeliveryStatus {
  return DELIVERY_STATUSES.has(status);
}

function parseStatus(
  raw: unknown,
  contacts: readonly Contact[],
  via: ChannelEndpoint,
  path: string,
): StatusEvent | null {
  if (!Value.Check(StatusItem, raw)) throw shapeError(StatusItem, raw, path);
  const status = raw.status;
  // Other values (e.g. the on-premises API's `deleted`) are not statuses of Cloud API messages.
  if (!isDeliveryStatus(status)) return null;
  const recipient = person(raw.recipient_id, raw.recipient_user_id, raw.recipient_parent_user_id, contacts);
  if (recipient === null) {
    throw new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID, {
      message: `${ChannelErrors.CHANNEL_PAYLOAD_INVALID.message} at ${path}/recipient_id: no recipient id`,
      details: { path: `${path}/recipient_id` },
    });
  }
  const errors = providerErrors(raw.errors);
  return {
    type: 'status',
    channel: 'whatsapp',
    dedupeKey: `${raw.id}:${status}`,
    via,
    messageId: raw.id,
    status,
    recipient,
    at: isoFromUnixSeconds(raw.timestamp),
    conversation: conversationInfo(raw.conversation),
    pricing: pricingInfo(raw.pricing),
    errors,
    failure: status === 'failed' ? statusFailure(errors) : null,
  };
}

function parsePreference(
  raw: unknown,
  contacts: readonly Contact[],
  via: ChannelEndpoint,
  path: string,
): PreferenceEvent | null {
  if (!Value.Check(PreferenceItem, raw)) throw shapeError(PreferenceItem, raw, path);
  const value = raw.value;
  // Only marketing preferences exist today; anything else is a future category we do not act on yet.
  if (raw.category !== 'marketing_messages' || !PREFERENCE_VALUES.has(value)) return null;
  const user = person(raw.wa_id, raw.user_id, raw.parent_user_id, contacts);
  if (user === null) {
    throw new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID, {
      message: `${ChannelErrors.CHANNEL_PAYLOAD_INVALID.message} at ${path}/wa_id: no user id`,
      details: { path: `${path}/wa_id` },
    });
  }
  const at = isoFromUnixSeconds(raw.timestamp);
  return {
    type: 'preference',
    channel: 'whatsapp',
    // Meta gives these no id: the person, the choice and its time identify a redelivery.
    dedupeKey: `${user.key}:marketing:${value}:${at}`,
    via,
    user,
    topic: 'marketing',
    value: value === 'stop' ? 'stop' : value === 'resume' ? 'resume' : 'signup',
    detail: nonEmpty(raw.detail),
    signupId: nonEmpty(raw.signup_id),
    at,
  };
}

function parseChange(value: ChangeValue, accountId: string, path: string, events: NormalisedEvent[]): void {
  const via: ChannelEndpoint = {
    id: value.metadata.phone_number_id,
    display: nonEmpty(value.metadata.display_phone_number),
    accountId: nonEmpty(accountId),
  };
  const contacts = value.contacts ?? [];
  for (const [i, raw] of (value.messages ?? []).entries()) {
    events.push(parseMessage(raw, contacts, via, `${path}/messages/${i}`));
  }
  for (const [i, raw] of (value.statuses ?? []).entries()) {
    const event = parseStatus(raw, contacts, via, `${path}/statuses/${i}`);
    if (event !== null) events.push(event);
  }
  for (const [i, raw] of (value.user_preferences ?? []).entries()) {
    const event = parsePreference(raw, contacts, via, `${path}/user_preferences/${i}`);
    if (event !== null) events.push(event);
  }
  const errors = providerErrors(value.errors);
  if (errors.length > 0) {
    const digest = createHash('sha256').update(JSON.stringify(errors)).digest('hex').slice(0, 32);
    events.push({
      type: 'channel_error',
      channel: 'whatsapp',
      dedupeKey: `${via.id}:errors:${digest}`,
      via,
      errors,
    });
  }
}

const HANDLED_FIELDS: ReadonlySet<string> = new Set(['messages', 'user_preferences']);

function parse(rawBody: Buffer): NormalisedEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (cause) {
    throw new FiloError(ChannelErrors.CHANNEL_PAYLOAD_NOT_JSON, { cause });
  }
  if (!Value.Check(Envelope, body)) throw shapeError(Envelope, body, '');
  const events: NormalisedEvent[] = [];
  for (const [e, entry] of body.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      // Other subscriptions (template status, account updates, …) are not ours to handle here.
      if (!HANDLED_FIELDS.has(change.field)) continue;
      const path = `/entry/${e}/changes/${c}/value`;
      if (!Value.Check(ChangeValue, change.value)) throw shapeError(ChangeValue, change.value, path);
      parseChange(change.value, entry.id, path, events);
    }
  }
  return events;
}

/** Never throws on any input: junk is CHANNEL_PAYLOAD_NOT_JSON or CHANNEL_PAYLOAD_INVALID. */
export function parseWhatsAppWebhook(rawBody: Buffer): ParseResult {
  try {
    return { ok: true, events: parse(rawBody) };
  } catch (error) {
    if (error instanceof FiloError) return { ok: false, error };
    throw error;
  }
}
