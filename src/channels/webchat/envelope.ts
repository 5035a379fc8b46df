import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { FiloError } from '../../core';
import { ChannelErrors } from '../errors';
import type { ChannelUser, InboundContent, NormalisedEvent, ParseResult } from '../port';
import { Choice, CLIENT_ID } from './frames';
import { SESSION_ID } from './webchat-rules';

// What the gateway hands to conversations for each visitor message or receipt: a JSON envelope signed
// with the web chat secret, so that it travels the same path as a provider's webhook (raw bytes,
// signature first, stored once, parsed by the adapter) and cannot be forged by anyone without the secret.

const Iso = Type.String({ minLength: 20, maxLength: 40, pattern: '^\\d{4}-\\d\\d-\\d\\dT' });
const ServerId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

const MessageEnvelope = Type.Object({
  v: Type.Literal(1),
  kind: Type.Literal('message'),
  session: Type.String({ pattern: SESSION_ID.source }),
  id: ServerId,
  clientId: CLIENT_ID,
  receivedAt: Iso,
  text: Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()]),
  choice: Type.Union([Choice, Type.Null()]),
  replyTo: Type.Union([ServerId, Type.Null()]),
});

const ReceiptEnvelope = Type.Object({
  v: Type.Literal(1),
  kind: Type.Literal('receipt'),
  session: Type.String({ pattern: SESSION_ID.source }),
  receivedAt: Iso,
  status: Type.Union([Type.Literal('delivered'), Type.Literal('read')]),
  ids: Type.Array(ServerId, { minItems: 1, maxItems: 100 }),
});

const Envelope = Type.Union([MessageEnvelope, ReceiptEnvelope]);
export type MessageEnvelope = Static<typeof MessageEnvelope>;
export type ReceiptEnvelope = Static<typeof ReceiptEnvelope>;
export type WebchatEnvelope = MessageEnvelope | ReceiptEnvelope;

export const WEBCHAT_ENDPOINT = Object.freeze({ id: 'webchat', display: null, accountId: null });

function visitor(session: string): ChannelUser {
  return { key: session, name: null, waId: null, userId: null, parentUserId: null, username: null };
}

function contentOf(envelope: MessageEnvelope): InboundContent | null {
  if (envelope.choice !== null) {
    return envelope.choice.kind === 'button'
      ? { kind: 'button_reply', id: envelope.choice.id, title: envelope.choice.title }
      : { kind: 'list_reply', id: envelope.choice.id, title: envelope.choice.title, description: null };
  }
  if (envelope.text === null || envelope.text.trim() === '') return null;
  return { kind: 'text', body: envelope.text };
}

export function parseWebchatEnvelope(rawBody: Buffer): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_PAYLOAD_NOT_JSON) };
  }
  if (!Value.Check(Envelope, value)) {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID) };
  }
  const envelope = value;
  if (envelope.kind === 'receipt') {
    const events: NormalisedEvent[] = [...new Set(envelope.ids)].map((id) => ({
      type: 'status',
      channel: 'webchat',
      dedupeKey: `webchat:${id}:${envelope.status}`,
      via: WEBCHAT_ENDPOINT,
      messageId: id,
      status: envelope.status,
      recipient: visitor(envelope.session),
      at: envelope.receivedAt,
      conversation: null,
      pricing: null,
      errors: [],
      failure: null,
    }));
    return { ok: true, events };
  }
  const content = contentOf(envelope);
  if (content === null) return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID) };
  return {
    ok: true,
    events: [
      {
        type: 'message',
        channel: 'webchat',
        dedupeKey: `webchat:${envelope.id}`,
        via: WEBCHAT_ENDPOINT,
        id: envelope.id,
        from: visitor(envelope.session),
        sentAt: envelope.receivedAt,
        context: {
          replyTo: envelope.replyTo === null ? null : { id: envelope.replyTo, from: null },
          forwarded: false,
          frequentlyForwarded: false,
        },
        content,
      },
    ],
  };
}
