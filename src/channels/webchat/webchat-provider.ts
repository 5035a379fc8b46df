import { FiloError } from '../../core';
import { checkOutboundMessage, invalidMessage } from '../check-outbound';
import { ChannelErrors } from '../errors';
import type {
  ChannelCapabilities,
  ChannelProvider,
  InboundHeaders,
  OutboundMessage,
  ParseResult,
  SendFailure,
  SendResult,
  SignatureCheck,
} from '../port';
import { parseWebchatEnvelope } from './envelope';
import { renderReply, type ReplyContent } from './frames';
import { signBody, verifyBodySignature } from '../hmac-signature';
import { checkWebchatRules, WEBCHAT_CAPABILITIES } from './webchat-rules';

// The web chat adapter of the ChannelProvider port. Inbound: the gateway's signed envelopes. Outbound:
// a reply rendered for the widget and handed to a transport (the gateway, which stores it until the
// visitor's browser confirms it, and pushes it at once when the visitor is connected).

export const WEBCHAT_SIGNATURE_HEADER = 'x-filo-webchat-signature';

export type DeliverResult =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: 'unknown_session' };

export interface WebchatTransport {
  /** Keeps the reply for the session and pushes it when the visitor is connected. Throws when it cannot store it. */
  deliver(sessionId: string, content: ReplyContent, replyTo: string | null): Promise<DeliverResult>;
  /** Tells the visitor their message (and the ones before it) was read; false for an unknown message. */
  markRead(messageId: string, typing: boolean): Promise<boolean>;
}

export interface WebchatConfig {
  /** The key of the envelopes' HMAC (and of nothing else). */
  readonly secret: string;
  readonly transport: WebchatTransport;
}

export interface WebchatProvider extends ChannelProvider {
  readonly kind: 'webchat';
}

/** The least wait before retrying a reply the gateway could not store. */
export const WEBCHAT_RETRY_AFTER_MS = 1_000;

function transient(message: string): SendFailure {
  return {
    kind: 'transient',
    retry: true,
    retryAfterMs: WEBCHAT_RETRY_AFTER_MS,
    code: 'CHANNEL_SEND_FAILED',
    message,
    providerCode: null,
    httpStatus: null,
    details: null,
  };
}

function unknownRecipient(): SendFailure {
  return {
    kind: 'permanent',
    retry: false,
    code: 'CHANNEL_RECIPIENT_INVALID',
    message: 'No web chat session with this id',
    providerCode: null,
    httpStatus: null,
    details: { field: 'to' },
  };
}

class WebchatChannelProvider implements WebchatProvider {
  readonly kind = 'webchat' as const;
  readonly capabilities: ChannelCapabilities = WEBCHAT_CAPABILITIES;
  readonly #config: WebchatConfig;

  constructor(config: WebchatConfig) {
    this.#config = config;
  }

  verifySignature(rawBody: Buffer, headers: InboundHeaders): SignatureCheck {
    return verifyBodySignature(this.#config.secret, WEBCHAT_SIGNATURE_HEADER, rawBody, headers);
  }

  parseInbound(rawBody: Buffer): ParseResult {
    return parseWebchatEnvelope(rawBody);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    let content: ReplyContent | null = null;
    try {
      const found = checkOutboundMessage(message, this.capabilities) ?? checkWebchatRules(message);
      if (found !== null) return { ok: false, failure: invalidMessage(found) };
      // Templates never pass the capability check: only mark_read is left to handle apart.
      if (message.type !== 'mark_read' && message.type !== 'template') content = renderReply(message);
    } catch {
      return {
        ok: false,
        failure: invalidMessage({
          code: 'CHANNEL_MESSAGE_UNSUPPORTED',
          message: 'The message does not have the shape of its type',
          details: null,
        }),
      };
    }
    try {
      if (message.type === 'mark_read') {
        const known = await this.#config.transport.markRead(message.messageId, message.typing === true);
        return known
          ? { ok: true, providerMessageId: null, recipientKey: null }
          : { ok: false, failure: { ...unknownRecipient(), message: 'No web chat message with this id' } };
      }
      if (content === null || message.type === 'template')
        return { ok: false, failure: transient('nothing to send') };
      const result = await this.#config.transport.deliver(message.to, content, message.replyTo ?? null);
      if (!result.ok) return { ok: false, failure: unknownRecipient() };
      return { ok: true, providerMessageId: result.id, recipientKey: message.to };
    } catch (cause) {
      const reason = cause instanceof Error ? cause.name : 'unknown';
      return { ok: false, failure: transient(`The web chat gateway could not keep the reply (${reason})`) };
    }
  }
}

export function createWebchatProvider(config: WebchatConfig): WebchatProvider {
  if (typeof config.secret !== 'string' || config.secret.length < 16) {
    throw new FiloError(ChannelErrors.CHANNEL_CONFIG_INVALID, {
      message: 'Web chat: the secret must be at least 16 characters',
    });
  }
  return new WebchatChannelProvider(config);
}

/** The signature header the gateway sends with an envelope. */
export function signWebchatEnvelope(secret: string, rawBody: Buffer | string): string {
  return signBody(secret, rawBody);
}
