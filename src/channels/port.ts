import type { FiloError } from '../core';
import type { ChannelErrorCode } from './errors';

// The ChannelProvider port: what the conversations module may ask of a channel, whichever adapter runs
// underneath. Everything an adapter returns is plain, JSON-serialisable data (no class instances, no
// `undefined`), so that normalised events and send failures can travel through the job queue as they are.

export type ChannelKind = 'whatsapp' | 'webchat' | 'email';

export type MediaKind = 'image' | 'document' | 'audio' | 'video';

/** What a channel can send, and its limits. Outbound messages are checked against these before sending. */
export interface ChannelCapabilities {
  /** Lengths are counted in Unicode code points (what a person sees as characters, emoji included). */
  readonly text: { readonly maxLength: number; readonly linkPreviews: boolean };
  readonly buttons:
    false | { readonly max: number; readonly titleMaxLength: number; readonly idMaxLength: number };
  readonly lists:
    | false
    | {
        /** Rows in total, across all sections. */
        readonly maxRows: number;
        readonly maxSections: number;
        readonly buttonTextMaxLength: number;
        readonly sectionTitleMaxLength: number;
        readonly rowIdMaxLength: number;
        readonly rowTitleMaxLength: number;
        readonly rowDescriptionMaxLength: number;
      };
  /** Limits of the text parts of a message with buttons or a list. */
  readonly interactive: {
    readonly bodyMaxLength: number;
    readonly headerMaxLength: number;
    readonly footerMaxLength: number;
  };
  readonly templates: boolean;
  readonly media: false | { readonly kinds: readonly MediaKind[]; readonly captionMaxLength: number };
  readonly readReceipts: boolean;
  readonly typingIndicator: boolean;
  /** Whether an outbound message can quote an earlier one (`replyTo`). */
  readonly replies: boolean;
}

/** Request headers as Node gives them (lower-case names); adapters look names up case-insensitively. */
export type InboundHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

// ---------------------------------------------------------------------------------------------------
// Inbound: normalised events

/** A person on a channel. */
export interface ChannelUser {
  /**
   * The stable key this channel knows the person by. WhatsApp: the `wa_id`, or the business-scoped
   * user id (`user_id`) where `wa_id` is empty — users who adopted a username may hide their number.
   */
  readonly key: string;
  readonly name: string | null;
  /** WhatsApp id (the phone number in digits, as WhatsApp reports it). */
  readonly waId: string | null;
  /** WhatsApp business-scoped user id (BSUID), e.g. `US.13491208655302741918`. */
  readonly userId: string | null;
  readonly parentUserId: string | null;
  readonly username: string | null;
}

/** The organisation's side of the channel that received (or sent) the message: on WhatsApp, a phone number. */
export interface ChannelEndpoint {
  /** WhatsApp: the phone number id. */
  readonly id: string;
  /** WhatsApp: the display phone number. */
  readonly display: string | null;
  /** WhatsApp: the business account (WABA) id. */
  readonly accountId: string | null;
}

/** An error the provider attached to a message or a status. */
export interface ProviderError {
  readonly code: number;
  readonly title: string | null;
  readonly message: string | null;
  readonly details: string | null;
}

export interface ReceivedMedia {
  /** The provider's media id, to download the file later. */
  readonly id: string;
  readonly mimeType: string | null;
  readonly sha256: string | null;
  readonly caption: string | null;
  readonly filename: string | null;
  /** An audio recorded as a voice note. */
  readonly voice: boolean;
  /** An animated sticker. */
  readonly animated: boolean;
}

export type InboundContent =
  | { readonly kind: 'text'; readonly body: string }
  | { readonly kind: 'image' | 'document' | 'audio' | 'video' | 'sticker'; readonly media: ReceivedMedia }
  | {
      readonly kind: 'location';
      readonly latitude: number;
      readonly longitude: number;
      readonly name: string | null;
      readonly address: string | null;
      readonly url: string | null;
    }
  | { readonly kind: 'reaction'; readonly messageId: string; readonly emoji: string }
  /** The person took a reaction back (WhatsApp sends an empty emoji). */
  | { readonly kind: 'reaction_removed'; readonly messageId: string }
  | { readonly kind: 'button_reply'; readonly id: string; readonly title: string }
  | {
      readonly kind: 'list_reply';
      readonly id: string;
      readonly title: string;
      readonly description: string | null;
    }
  /** A quick-reply button of a template message was tapped. */
  | { readonly kind: 'template_button'; readonly payload: string; readonly text: string }
  | {
      readonly kind: 'system';
      /** e.g. `user_changed_number`; other values are passed through as the provider names them. */
      readonly systemType: string;
      readonly body: string | null;
      /** The new `wa_id` when the person changed number. */
      readonly newWaId: string | null;
      readonly newUserId: string | null;
    }
  | {
      readonly kind: 'unsupported';
      /** The provider's own name for the type, e.g. `unsupported`, `contacts`, `order`. */
      readonly providerType: string;
      /**
       * `provider`: the provider itself could not deliver the content (e.g. WhatsApp error 131051);
       * `unknown_type`: a type this adapter does not handle; `invalid_content`: a known type whose
       * content did not have the documented shape (kept so that the person's message is not lost).
       */
      readonly reason: 'provider' | 'unknown_type' | 'invalid_content';
      readonly errors: readonly ProviderError[];
    };

export interface MessageContext {
  /** The earlier message this one replies to (or the message whose button was tapped). */
  readonly replyTo: { readonly id: string; readonly from: string | null } | null;
  readonly forwarded: boolean;
  readonly frequentlyForwarded: boolean;
}

interface EventCommon {
  readonly channel: ChannelKind;
  /** Process each event once: the provider's message id, or status id + status. */
  readonly dedupeKey: string;
  readonly via: ChannelEndpoint;
}

export interface InboundMessageEvent extends EventCommon {
  readonly type: 'message';
  readonly id: string;
  readonly from: ChannelUser;
  /** ISO 8601 UTC. */
  readonly sentAt: string;
  readonly context: MessageContext;
  readonly content: InboundContent;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface ConversationInfo {
  readonly id: string;
  /** e.g. `service`, `marketing`, `utility`, `authentication`, `referral_conversion`. */
  readonly origin: string | null;
  /** ISO 8601 UTC. */
  readonly expiresAt: string | null;
}

/**
 * How the message is billed. `conversation`: WhatsApp's conversation-based pricing (CBP, until July
 * 2025); `per_message`: per-message pricing (PMP). From Graph API v24 the status may carry no pricing.
 */
export interface PricingInfo {
  readonly scheme: 'conversation' | 'per_message' | 'unknown';
  /** The provider's own name for the scheme, e.g. `CBP`, `PMP`. */
  readonly model: string | null;
  readonly billable: boolean | null;
  /** e.g. `marketing`, `utility`, `authentication`, `service`. */
  readonly category: string | null;
  /** PMP: `regular`, `free_customer_service` or `free_entry_point`. */
  readonly type: string | null;
}

export interface StatusEvent extends EventCommon {
  readonly type: 'status';
  /** The provider's id of the outbound message this status is about. */
  readonly messageId: string;
  readonly status: DeliveryStatus;
  readonly recipient: ChannelUser;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly conversation: ConversationInfo | null;
  readonly pricing: PricingInfo | null;
  readonly errors: readonly ProviderError[];
  /** For a failed status: what the outbound worker should do about it. */
  readonly failure: SendFailure | null;
}

/** The person stopped, resumed or signed up for marketing messages in the provider's own interface. */
export interface PreferenceEvent extends EventCommon {
  readonly type: 'preference';
  readonly user: ChannelUser;
  readonly topic: 'marketing';
  readonly value: 'stop' | 'resume' | 'signup';
  readonly detail: string | null;
  readonly signupId: string | null;
  /** ISO 8601 UTC. */
  readonly at: string;
}

/** Errors the provider reports about the channel itself rather than about one message. */
export interface ChannelErrorEvent extends EventCommon {
  readonly type: 'channel_error';
  readonly errors: readonly ProviderError[];
}

export type NormalisedEvent = InboundMessageEvent | StatusEvent | PreferenceEvent | ChannelErrorEvent;

// ---------------------------------------------------------------------------------------------------
// Outbound

/** A file the provider fetches from an https link, or one already uploaded to it. */
export type MediaSource = { readonly link: string } | { readonly id: string };

interface OutboundCommon {
  /** The recipient's key on the channel (see `ChannelUser.key`). */
  readonly to: string;
  /** Quote this earlier message (the provider's message id). */
  readonly replyTo?: string | undefined;
}

export interface OutboundText extends OutboundCommon {
  readonly type: 'text';
  readonly body: string;
  /** Ask the channel to render a preview of the first link. */
  readonly previewUrl?: boolean | undefined;
  /** The subject line on e-mail (a message without one gets the organisation's name); others ignore it. */
  readonly subject?: string | undefined;
}

export interface OutboundMedia extends OutboundCommon {
  readonly type: 'media';
  readonly kind: MediaKind;
  readonly source: MediaSource;
  /** Not for audio. */
  readonly caption?: string | undefined;
  /** Documents only. */
  readonly filename?: string | undefined;
}

export type InteractiveHeader =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image' | 'video' | 'document'; readonly source: MediaSource };

export interface ReplyButton {
  /** Comes back as `button_reply.id` when tapped. */
  readonly id: string;
  readonly title: string;
}

export interface OutboundButtons extends OutboundCommon {
  readonly type: 'buttons';
  readonly body: string;
  readonly header?: InteractiveHeader | undefined;
  readonly footer?: string | undefined;
  readonly buttons: readonly ReplyButton[];
}

export interface ListRow {
  /** Comes back as `list_reply.id` when chosen. */
  readonly id: string;
  readonly title: string;
  readonly description?: string | undefined;
}

export interface ListSection {
  /** Required when the list has more than one section. */
  readonly title?: string | undefined;
  readonly rows: readonly ListRow[];
}

export interface OutboundList extends OutboundCommon {
  readonly type: 'list';
  readonly body: string;
  /** Lists take a text header only. */
  readonly header?: string | undefined;
  readonly footer?: string | undefined;
  /** The label of the button that opens the list. */
  readonly buttonText: string;
  readonly sections: readonly ListSection[];
}

/** Values for a template's placeholders: `{{first_name}}` (named) or `{{1}}` (positional). */
export type TemplateParameters =
  | { readonly format: 'named'; readonly values: readonly { readonly name: string; readonly text: string }[] }
  | { readonly format: 'positional'; readonly values: readonly string[] };

export type TemplateHeaderParameter =
  | {
      readonly type: 'text';
      readonly text: string;
      /** For a named parameter. */ readonly name?: string | undefined;
    }
  | { readonly type: 'image' | 'video' | 'document'; readonly source: MediaSource };

export interface OutboundTemplate extends OutboundCommon {
  readonly type: 'template';
  readonly name: string;
  /** e.g. `en`, `en_US`, `it`. */
  readonly language: string;
  readonly header?: TemplateHeaderParameter | undefined;
  readonly body?: TemplateParameters | undefined;
  /** Payloads for the template's quick-reply buttons, in order; they come back as `template_button.payload`. */
  readonly quickReplyPayloads?: readonly string[] | undefined;
}

/** Mark a received message (and the ones before it) as read; optionally show "typing…" until the reply. */
export interface OutboundMarkRead {
  readonly type: 'mark_read';
  readonly messageId: string;
  readonly typing?: boolean | undefined;
}

export type OutboundMessage =
  OutboundText | OutboundMedia | OutboundButtons | OutboundList | OutboundTemplate | OutboundMarkRead;

// ---------------------------------------------------------------------------------------------------
// Results

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly error: FiloError };

export type ParseResult =
  | { readonly ok: true; readonly events: readonly NormalisedEvent[] }
  | { readonly ok: false; readonly error: FiloError };

export type FailureDetails = Readonly<Record<string, string | number | boolean | null>>;

interface FailureCommon {
  /** Filo's stable code: a validation code for a refused message, CHANNEL_SEND_FAILED for the provider's. */
  readonly code: ChannelErrorCode;
  readonly message: string;
  /** The provider's own error code, when it gave one (WhatsApp: Graph API `error.code`). */
  readonly providerCode: number | null;
  readonly httpStatus: number | null;
  readonly details: FailureDetails | null;
}

/**
 * Why a message was not sent, classified for the outbound worker, which acts on `kind` (an exhaustive
 * switch) and on `retry`. `retryAfterMs` is the least wait the provider's rules call for; the worker
 * may wait longer (its own back-off), never shorter.
 */
export type SendFailure =
  /** Our message breaks the channel's limits: fix the content, never retry as is. */
  | (FailureCommon & { readonly kind: 'invalid_message'; readonly retry: false })
  /** The customer-service window is closed: only a template may start the conversation again. */
  | (FailureCommon & {
      readonly kind: 'reengagement_required';
      readonly retry: false;
      readonly action: 'use_template';
    })
  /** Too many messages from this sender (number, account or app): slow the whole channel down. */
  | (FailureCommon & {
      readonly kind: 'rate_limited';
      readonly retry: true;
      readonly scope: 'sender';
      readonly retryAfterMs: number;
    })
  /** Too many messages to this one person: delay messages to this recipient only. */
  | (FailureCommon & {
      readonly kind: 'pair_rate_limited';
      readonly retry: true;
      readonly scope: 'recipient';
      readonly retryAfterMs: number;
    })
  /** The provider decided not to deliver: record it on the message and the contact, do not retry. */
  | (FailureCommon & {
      readonly kind: 'undeliverable';
      readonly retry: false;
      readonly reason: 'spam_rate_limit' | 'ecosystem_engagement' | 'marketing_opt_out';
    })
  /** The credentials no longer work: alert a person and pause the channel until they are replaced. */
  | (FailureCommon & {
      readonly kind: 'auth_invalid';
      readonly retry: false;
      readonly action: 'pause_channel';
    })
  /** A server error or a network failure: retry with back-off. */
  | (FailureCommon & { readonly kind: 'transient'; readonly retry: true; readonly retryAfterMs: number })
  /** Anything else the provider refused: do not retry. */
  | (FailureCommon & { readonly kind: 'permanent'; readonly retry: false });

export type SendResult =
  | {
      readonly ok: true;
      /** The provider's id of the new message (null for a read receipt, which creates none). */
      readonly providerMessageId: string | null;
      /** The recipient's key as the provider reports it (WhatsApp: `16505551234` for `+16505551234`). */
      readonly recipientKey: string | null;
    }
  | { readonly ok: false; readonly failure: SendFailure };

// ---------------------------------------------------------------------------------------------------
// The port

export interface ChannelProvider {
  readonly kind: ChannelKind;
  readonly capabilities: ChannelCapabilities;
  /** Checks the webhook's signature over the raw bytes; call it before `parseInbound`. Never throws. */
  verifySignature(rawBody: Buffer, headers: InboundHeaders): SignatureCheck;
  /** Turns a (verified) webhook body into normalised events. Never throws: junk is a stable error code. */
  parseInbound(rawBody: Buffer): ParseResult;
  /**
   * Checks the message against the capabilities, then sends it. Never rejects: a refused message, a
   * provider error or a network failure is a classified `SendFailure`.
   */
  send(message: OutboundMessage): Promise<SendResult>;
}
