import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { FiloError, systemClock, type Clock } from '../../core';
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
import { classifySmtpError } from './classify-error';
import { checkEmailRules, EMAIL_ADDRESS, EMAIL_CAPABILITIES } from './email-rules';
import { signBody, verifyBodySignature } from '../hmac-signature';
import { addressOf } from './mime';
import { parseEmail } from './parse-inbound';
import { issueUnsubscribeToken } from './unsubscribe';

// The e-mail adapter of the ChannelProvider port. Outbound: a plain-text message composed with
// nodemailer (our own Message-ID, so a bounce can be matched to it), List-Unsubscribe (mailto and
// https one-click, RFC 8058) on every non-transactional mail, handed to a transport (SMTP, or the
// sandbox outbox). Inbound: raw MIME posted to Filo's webhook with an HMAC signature.

export const EMAIL_SIGNATURE_HEADER = 'x-filo-email-signature';

/** Where composed mail goes. Rejects with nodemailer's error (responseCode, code) when refused. */
export interface EmailTransport {
  sendRaw(envelope: { readonly from: string; readonly to: string }, raw: Buffer): Promise<void>;
}

export type Suppression = 'unsubscribed' | 'bounced' | null;

export interface EmailConfig {
  /** `Name <address>` or an address. */
  readonly from: string;
  readonly transport: EmailTransport;
  /** The key of the inbound webhooks' HMAC. */
  readonly webhookSecret: string;
  readonly unsubscribe: {
    readonly secret: string;
    /** The https page that takes the one-click POST, e.g. https://filo.example.org/unsubscribe/email */
    readonly url: string;
    /** The mailbox whose mail reaches the inbound webhook, e.g. unsubscribe@example.org */
    readonly mailto: string;
  };
  /** The subject of a message that gives none (a chat reply); a function is asked at each send. */
  readonly defaultSubject: string | (() => string);
  readonly clock?: Clock;
  /** Ids for Message-ID (tests pin them). */
  readonly newId?: () => string;
  /** Whether the address is suppressed (it unsubscribed, or hard-bounced). */
  readonly suppression?: (address: string) => Promise<Suppression>;
  /** Told of every refused send (a 5xx to record as a bounce); its own errors are swallowed. */
  readonly onFailure?: (to: string, messageId: string, failure: SendFailure) => Promise<void>;
}

export interface EmailSendOptions {
  readonly subject?: string | undefined;
  /** A receipt or a reply the person asked for: no List-Unsubscribe, and an unsubscribe does not stop it. */
  readonly transactional?: boolean | undefined;
}

export interface EmailProvider extends ChannelProvider {
  readonly kind: 'email';
  /** The port's send, with a subject and the transactional flag. */
  sendEmail(message: OutboundMessage, options: EmailSendOptions): Promise<SendResult>;
  /** The token of an address's unsubscribe link. */
  unsubscribeToken(address: string): string;
}

function failure(kind: 'permanent', code: 'CHANNEL_SEND_FAILED', message: string): SendFailure {
  return { kind, retry: false, code, message, providerCode: null, httpStatus: null, details: null };
}

function bodyOf(message: Exclude<OutboundMessage, { type: 'mark_read' }>): string | null {
  switch (message.type) {
    case 'text':
      return message.body;
    case 'media': {
      const link = 'link' in message.source ? message.source.link : '';
      return [message.caption, message.filename === undefined ? link : `${message.filename}: ${link}`]
        .filter((line) => line !== undefined && line !== '')
        .join('\n\n');
    }
    case 'buttons':
    case 'list':
    case 'template':
      return null;
  }
}

class SmtpEmailProvider implements EmailProvider {
  readonly kind = 'email' as const;
  readonly capabilities: ChannelCapabilities = EMAIL_CAPABILITIES;
  readonly #config: EmailConfig;
  readonly #fromAddress: string;
  readonly #domain: string;
  readonly #clock: Clock;

  constructor(config: EmailConfig, fromAddress: string) {
    this.#config = config;
    this.#fromAddress = fromAddress;
    this.#domain = fromAddress.split('@')[1] ?? 'localhost';
    this.#clock = config.clock ?? systemClock;
  }

  verifySignature(rawBody: Buffer, headers: InboundHeaders): SignatureCheck {
    return verifyBodySignature(this.#config.webhookSecret, EMAIL_SIGNATURE_HEADER, rawBody, headers);
  }

  parseInbound(rawBody: Buffer): ParseResult {
    return parseEmail(rawBody, {
      unsubscribeAddress: this.#config.unsubscribe.mailto.toLowerCase(),
      unsubscribeSecret: this.#config.unsubscribe.secret,
    });
  }

  unsubscribeToken(address: string): string {
    return issueUnsubscribeToken(this.#config.unsubscribe.secret, address);
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return this.sendEmail(message, {});
  }

  async sendEmail(message: OutboundMessage, options: EmailSendOptions): Promise<SendResult> {
    let body: string | null;
    try {
      const found = checkOutboundMessage(message, this.capabilities) ?? checkEmailRules(message);
      if (found !== null) return { ok: false, failure: invalidMessage(found) };
      body = message.type === 'mark_read' ? null : bodyOf(message);
    } catch {
      body = null;
    }
    if (body === null || message.type === 'mark_read') {
      return {
        ok: false,
        failure: invalidMessage({
          code: 'CHANNEL_MESSAGE_UNSUPPORTED',
          message: 'The message does not have the shape of its type',
          details: null,
        }),
      };
    }
    const to = message.to.toLowerCase();
    const transactional = options.transactional === true;
    try {
      const suppressed = (await this.#config.suppression?.(to)) ?? null;
      if (suppressed === 'bounced') {
        return {
          ok: false,
          failure: failure('permanent', 'CHANNEL_SEND_FAILED', 'The address bounced before'),
        };
      }
      if (suppressed === 'unsubscribed' && !transactional) {
        return {
          ok: false,
          failure: {
            kind: 'undeliverable',
            retry: false,
            reason: 'marketing_opt_out',
            code: 'CHANNEL_SEND_FAILED',
            message: 'The address unsubscribed',
            providerCode: null,
            httpStatus: null,
            details: null,
          },
        };
      }
    } catch {
      return {
        ok: false,
        failure: classifySmtpError({
          responseCode: null,
          errorCode: null,
          message: 'Suppression list unavailable',
        }),
      };
    }
    const id = `${this.#config.newId?.() ?? randomUUID()}@${this.#domain}`;
    const headers: Record<string, string> = {};
    let text = body;
    if (!transactional) {
      const token = this.unsubscribeToken(to);
      const url = `${this.#config.unsubscribe.url}?t=${token}`;
      headers['List-Unsubscribe'] =
        `<mailto:${this.#config.unsubscribe.mailto}?subject=unsubscribe%20${token}>, <${url}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      text = `${body}\n\n-- \nUnsubscribe: ${url}`;
    }
    const fallback =
      typeof this.#config.defaultSubject === 'string'
        ? this.#config.defaultSubject
        : this.#config.defaultSubject();
    const subject = options.subject ?? (message.replyTo !== undefined ? `Re: ${fallback}` : fallback);
    let raw: Buffer;
    try {
      raw = await new MailComposer({
        from: this.#config.from,
        to,
        subject,
        text,
        messageId: `<${id}>`,
        date: this.#clock.now(),
        headers,
        ...(message.replyTo === undefined
          ? {}
          : { inReplyTo: `<${message.replyTo}>`, references: [`<${message.replyTo}>`] }),
      })
        .compile()
        .build();
    } catch {
      return {
        ok: false,
        failure: failure('permanent', 'CHANNEL_SEND_FAILED', 'The message could not be composed'),
      };
    }
    try {
      await this.#config.transport.sendRaw({ from: this.#fromAddress, to }, raw);
    } catch (cause) {
      const e = (cause ?? {}) as {
        responseCode?: unknown;
        code?: unknown;
        response?: unknown;
        message?: unknown;
      };
      const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
      const reply =
        typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : 'unknown';
      const classified = classifySmtpError({
        responseCode,
        errorCode: typeof e.code === 'string' ? e.code : null,
        // The reply line names the recipient; keep the codes and the server's words, not the address.
        message: reply.split(to).join('<recipient>'),
      });
      await this.#config.onFailure?.(to, id, classified).catch(() => undefined);
      return { ok: false, failure: classified };
    }
    return { ok: true, providerMessageId: id, recipientKey: to };
  }
}

/** Builds the adapter; throws CHANNEL_CONFIG_INVALID when the configuration is incomplete. */
export function createEmailProvider(config: EmailConfig): EmailProvider {
  const from = addressOf(config.from);
  const bad = (message: string) =>
    new FiloError(ChannelErrors.CHANNEL_CONFIG_INVALID, { message: `E-mail: ${message}` });
  if (from === null || !EMAIL_ADDRESS.test(from.address))
    throw bad('FILO_EMAIL_FROM must be an e-mail address');
  if (config.webhookSecret.length < 16) throw bad('the webhook secret must be at least 16 characters');
  if (config.unsubscribe.secret.length < 16)
    throw bad('the unsubscribe secret must be at least 16 characters');
  if (!/^https?:\/\//.test(config.unsubscribe.url)) throw bad('the unsubscribe URL must be http(s)');
  if (!EMAIL_ADDRESS.test(config.unsubscribe.mailto)) throw bad('the unsubscribe mailbox must be an address');
  return new SmtpEmailProvider(config, from.address);
}

/** The signature header for an inbound webhook body: for the sandbox, tests and relay scripts. */
export function signEmailWebhook(secret: string, rawBody: Buffer | string): string {
  return signBody(secret, rawBody);
}
