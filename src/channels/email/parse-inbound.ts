import { createHash } from 'node:crypto';
import { FiloError } from '../../core';
import { ChannelErrors } from '../errors';
import type { ChannelUser, InboundContent, NormalisedEvent, ParseResult, SendFailure } from '../port';
import {
  addressOf,
  header,
  htmlToText,
  leaves,
  messageIds,
  parseHeaderBlock,
  parseMessage,
  textOf,
  type MimePart,
} from './mime';
import { readUnsubscribeToken } from './unsubscribe';

// Raw MIME → normalised events. Three kinds of mail reach Filo's inbound webhook:
// - a delivery status notification (RFC 3464, multipart/report; report-type=delivery-status): one
//   status per recipient (failed or delivered; "delayed" is the remote server still trying: no event);
// - a mail to the List-Unsubscribe mailto address: a preference event (stop);
// - anything else: the supporter's message, its quoted history cut off.

export interface EmailParseConfig {
  /** The List-Unsubscribe mailto address (lower-case). */
  readonly unsubscribeAddress: string;
  readonly unsubscribeSecret: string;
}

export interface DsnRecipient {
  readonly recipient: string;
  /** failed | delayed | delivered | relayed | expanded */
  readonly action: string;
  /** The enhanced status code, e.g. 5.1.1. */
  readonly status: string;
  readonly diagnostic: string | null;
}

export interface DsnReport {
  /** The Message-ID of the mail that bounced (without brackets). */
  readonly originalMessageId: string;
  readonly recipients: readonly DsnRecipient[];
}

export const EMAIL_ENDPOINT = Object.freeze({ id: 'email', display: null, accountId: null });

function invalid(message?: string): ParseResult {
  return {
    ok: false,
    error: new FiloError(ChannelErrors.CHANNEL_PAYLOAD_INVALID, message === undefined ? {} : { message }),
  };
}

function user(address: string, name: string | null): ChannelUser {
  return { key: address, name, waId: null, userId: null, parentUserId: null, username: null };
}

/** The DSN's report, or null when the message is not a delivery status notification. */
export function readDsn(root: MimePart): DsnReport | null {
  if (root.contentType !== 'multipart/report') return null;
  if ((root.params['report-type'] ?? '').toLowerCase() !== 'delivery-status') return null;
  const all = leaves(root);
  const statusPart = all.find((p) => p.contentType === 'message/delivery-status');
  if (statusPart === undefined) return null;
  const blocks = statusPart.body
    .toString('latin1')
    .split(/\r?\n[ \t]*\r?\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const [perMessageText, ...perRecipient] = blocks;
  const perMessage = perMessageText === undefined ? null : parseHeaderBlock(perMessageText);
  const recipients: DsnRecipient[] = [];
  for (const block of perRecipient.slice(0, 100)) {
    const fields = parseHeaderBlock(block);
    if (fields === null) continue;
    const final = header(fields, 'final-recipient') ?? header(fields, 'original-recipient');
    const recipient = addressOf(final?.replace(/^[^;]*;/, '') ?? null)?.address;
    const action = header(fields, 'action')?.toLowerCase().trim();
    const status = /^([245])\.\d{1,3}\.\d{1,3}/.exec(header(fields, 'status') ?? '')?.[0];
    if (recipient === undefined || action === undefined || status === undefined) continue;
    const diagnostic = header(fields, 'diagnostic-code');
    recipients.push({
      recipient,
      action,
      status,
      diagnostic: diagnostic === null ? null : diagnostic.replace(/^[^;]*;\s*/, '').slice(0, 500),
    });
  }
  // The bounced mail's Message-ID: from its returned headers, or the envelope id we gave.
  const returned = all.find(
    (p) => p.contentType === 'text/rfc822-headers' || p.contentType === 'message/rfc822',
  );
  const returnedHeaders = returned === undefined ? null : parseHeaderBlock(returned.body.toString('latin1'));
  const originalMessageId =
    messageIds(returnedHeaders === null ? null : header(returnedHeaders, 'message-id'))[0] ??
    (perMessage === null ? undefined : (header(perMessage, 'original-envelope-id') ?? undefined));
  if (originalMessageId === undefined || originalMessageId === '' || recipients.length === 0) return null;
  return { originalMessageId, recipients };
}

/** A DSN status as the outbound worker's classification: 5.x.x permanent, 4.x.x transient. */
export function dsnFailure(r: DsnRecipient): SendFailure {
  const common = {
    code: 'CHANNEL_SEND_FAILED' as const,
    message: r.diagnostic ?? `Delivery failed with status ${r.status}`,
    providerCode: Number(r.status.split('.')[0]) * 100 + Number(r.status.split('.')[1] ?? 0) * 10,
    httpStatus: null,
    details: { smtpStatus: r.status, recipient: r.recipient },
  };
  return r.status.startsWith('5.')
    ? { ...common, kind: 'permanent', retry: false }
    : { ...common, kind: 'transient', retry: true, retryAfterMs: 15 * 60_000 };
}

// "On Tue, … wrote:" and its Italian, German, Spanish and French forms start the quoted history.
const QUOTE_INTRO =
  /^(on\s.+wrote|il\s.+(ha\s)?scritto|am\s.+schrieb.*|el\s.+escribió|le\s.+a\sécrit)\s*:?\s*$/i;

/** The new part of a reply: up to the quoted history or the signature separator. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (
      QUOTE_INTRO.test(trimmed) ||
      /^-{2,}\s*(original message|messaggio originale|ursprüngliche nachricht)/i.test(trimmed)
    )
      break;
    if (line === '-- ') break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

function bodyText(root: MimePart): string | null {
  const all = leaves(root).filter((p) => !/attachment/i.test(header(p.headers, 'content-disposition') ?? ''));
  const plain = all.find((p) => p.contentType === 'text/plain');
  if (plain !== undefined) return textOf(plain);
  const html = all.find((p) => p.contentType === 'text/html');
  return html === undefined ? null : htmlToText(textOf(html));
}

export function parseEmail(rawBody: Buffer, config: EmailParseConfig): ParseResult {
  const root = parseMessage(rawBody);
  if (root === null) return invalid('The body is not an Internet message');
  const dsn = readDsn(root);
  if (dsn !== null) {
    const events: NormalisedEvent[] = [];
    for (const r of dsn.recipients) {
      if (r.action !== 'failed' && r.action !== 'delivered') continue;
      const failure = r.action === 'failed' ? dsnFailure(r) : null;
      events.push({
        type: 'status',
        channel: 'email',
        dedupeKey: `email:dsn:${dsn.originalMessageId}:${r.recipient}:${r.action}`,
        via: EMAIL_ENDPOINT,
        messageId: dsn.originalMessageId,
        status: r.action === 'failed' ? 'failed' : 'delivered',
        recipient: user(r.recipient, null),
        at: dateOf(root) ?? '1970-01-01T00:00:00.000Z',
        conversation: null,
        pricing: null,
        errors: [
          {
            code: failure?.providerCode ?? 250,
            title: r.status,
            message: r.diagnostic,
            details: null,
          },
        ],
        failure,
      });
    }
    return { ok: true, events };
  }
  if (root.contentType === 'multipart/report')
    return invalid('A report that is not a readable delivery status');
  const from = addressOf(header(root.headers, 'from'));
  const sentAt = dateOf(root);
  if (from === null || sentAt === null) return invalid('The message has no From or no valid Date');
  const id =
    messageIds(header(root.headers, 'message-id'))[0] ??
    `sha256-${createHash('sha256').update(rawBody).digest('hex')}`;
  const to = (header(root.headers, 'to') ?? '').toLowerCase();
  const recipients = to.split(',').map((part) => addressOf(part)?.address);
  if (config.unsubscribeAddress !== '' && recipients.includes(config.unsubscribeAddress)) {
    const subject = header(root.headers, 'subject') ?? '';
    const token = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}/.exec(subject)?.[0] ?? null;
    const tokenAddress = token === null ? null : readUnsubscribeToken(config.unsubscribeSecret, token);
    return {
      ok: true,
      events: [
        {
          type: 'preference',
          channel: 'email',
          dedupeKey: `email:${id}`,
          via: EMAIL_ENDPOINT,
          // The token names the list member even when they write from another address.
          user: user(tokenAddress ?? from.address, from.name),
          topic: 'marketing',
          value: 'stop',
          detail: tokenAddress === null ? 'mailto_without_token' : 'mailto',
          signupId: null,
          at: sentAt,
        },
      ],
    };
  }
  const text = bodyText(root);
  const stripped = text === null ? '' : stripQuoted(text);
  const content: InboundContent =
    stripped !== ''
      ? { kind: 'text', body: stripped.slice(0, 20_000) }
      : { kind: 'unsupported', providerType: root.contentType, reason: 'invalid_content', errors: [] };
  const replyTo = messageIds(header(root.headers, 'in-reply-to'))[0] ?? null;
  return {
    ok: true,
    events: [
      {
        type: 'message',
        channel: 'email',
        dedupeKey: `email:${id}`,
        via: EMAIL_ENDPOINT,
        id,
        from: user(from.address, from.name),
        sentAt,
        context: {
          replyTo: replyTo === null ? null : { id: replyTo, from: null },
          forwarded: false,
          frequentlyForwarded: false,
        },
        content,
      },
    ],
  };
}

function dateOf(root: MimePart): string | null {
  const raw = header(root.headers, 'date');
  if (raw === null) return null;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
