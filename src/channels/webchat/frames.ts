import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { OutboundMessage } from '../port';

// The widget's wire protocol: JSON text frames over one WebSocket.
//
// Browser → Filo: `hello` (first, with the stored token or none), `message` (a client-generated id,
// text or a tapped chip), `delivered` / `read` (replies the browser has shown), `email` (an address for
// follow-up, with or without consent), `ping`.
// Filo → browser: `welcome` (session and token), `ack` (the message is stored: stop resending it),
// `reply` (from the organisation, with a sequence number), `status` (the visitor's messages were read),
// `typing`, `email_saved`, `error` (with a stable code), `pong`.

export const CLIENT_ID = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const REPLY_ID = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const HelloFrame = Type.Object(
  {
    type: Type.Literal('hello'),
    token: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    org: Type.String({ minLength: 1, maxLength: 64 }),
    language: Type.Optional(Type.String({ maxLength: 35 })),
  },
  { additionalProperties: false },
);

export const Choice = Type.Object(
  {
    kind: Type.Union([Type.Literal('button'), Type.Literal('list')]),
    id: Type.String({ minLength: 1, maxLength: 256 }),
    title: Type.String({ minLength: 1, maxLength: 120 }),
  },
  { additionalProperties: false },
);

export const MessageFrame = Type.Object(
  {
    type: Type.Literal('message'),
    id: CLIENT_ID,
    // Length in characters is checked by the gateway (code points), this is a bound on the parse.
    text: Type.Optional(Type.String({ maxLength: 20_000 })),
    choice: Type.Optional(Choice),
    /** The reply (id) a chip belongs to. */
    replyTo: Type.Optional(REPLY_ID),
  },
  { additionalProperties: false },
);

export const ReceiptFrame = Type.Object(
  {
    type: Type.Union([Type.Literal('delivered'), Type.Literal('read')]),
    ids: Type.Array(REPLY_ID, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);

export const EmailFrame = Type.Object(
  {
    type: Type.Literal('email'),
    address: Type.String({ minLength: 3, maxLength: 254 }),
    consent: Type.Boolean(),
    /** The consent wording the visitor saw (its version), kept as proof. */
    wordingVersion: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const PingFrame = Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false });

export type HelloFrame = Static<typeof HelloFrame>;
export type MessageFrame = Static<typeof MessageFrame>;
export type ReceiptFrame = Static<typeof ReceiptFrame>;
export type EmailFrame = Static<typeof EmailFrame>;
export type ClientFrame = HelloFrame | MessageFrame | ReceiptFrame | EmailFrame | Static<typeof PingFrame>;

const ClientFrameSchema = Type.Union([HelloFrame, MessageFrame, ReceiptFrame, EmailFrame, PingFrame]);

/** A frame from the browser, or null when it is not JSON or not one of the frames above. */
export function readClientFrame(text: string): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return null;
  }
  return Value.Check(ClientFrameSchema, value) ? value : null;
}

// ---- What a reply looks like in the browser ------------------------------------------------------

export interface Chip {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
}

export type ReplyContent =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'media';
      readonly media: 'image' | 'document';
      readonly url: string;
      readonly caption: string | null;
      readonly filename: string | null;
    }
  | {
      readonly kind: 'buttons';
      readonly text: string;
      readonly header: string | null;
      readonly footer: string | null;
      readonly chips: readonly Chip[];
    }
  | {
      readonly kind: 'list';
      readonly text: string;
      readonly header: string | null;
      readonly footer: string | null;
      readonly buttonText: string;
      readonly sections: readonly { readonly title: string | null; readonly chips: readonly Chip[] }[];
    };

export interface ReplyFrame {
  readonly type: 'reply';
  readonly id: string;
  readonly seq: number;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly replyTo: string | null;
  readonly content: ReplyContent;
}

/** An outbound message (already checked against the capabilities) as the browser shows it. */
export function renderReply(
  message: Exclude<OutboundMessage, { type: 'mark_read' | 'template' }>,
): ReplyContent {
  switch (message.type) {
    case 'text':
      return { kind: 'text', text: message.body };
    case 'media':
      return {
        kind: 'media',
        media: message.kind === 'image' ? 'image' : 'document',
        url: 'link' in message.source ? message.source.link : '',
        caption: message.caption ?? null,
        filename: message.filename ?? null,
      };
    case 'buttons':
      return {
        kind: 'buttons',
        text: message.body,
        header: message.header?.type === 'text' ? message.header.text : null,
        footer: message.footer ?? null,
        chips: message.buttons.map((b) => ({ id: b.id, title: b.title, description: null })),
      };
    case 'list':
      return {
        kind: 'list',
        text: message.body,
        header: message.header ?? null,
        footer: message.footer ?? null,
        buttonText: message.buttonText,
        sections: message.sections.map((s) => ({
          title: s.title ?? null,
          chips: s.rows.map((r) => ({ id: r.id, title: r.title, description: r.description ?? null })),
        })),
      };
  }
}
