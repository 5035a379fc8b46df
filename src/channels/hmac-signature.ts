import { createHmac, timingSafeEqual } from 'node:crypto';
import { FiloError } from '../core';
import { ChannelErrors } from './errors';
import type { InboundHeaders, SignatureCheck } from './port';

// "sha256=" + hex(HMAC-SHA256(secret, raw body)) in one header, compared in constant time over the raw
// bytes before anything is parsed. Meta's X-Hub-Signature-256 is this scheme; Filo's own web chat
// and e-mail webhooks use it too, so every channel checks its webhooks with this one function.

const FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

export function headerValue(headers: InboundHeaders, name: string): string | readonly string[] | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

export function signBody(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function verifyBodySignature(
  secret: string,
  header: string,
  rawBody: Buffer,
  headers: InboundHeaders,
): SignatureCheck {
  const raw = headerValue(headers, header);
  if (raw === undefined || raw.length === 0) {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_SIGNATURE_MISSING) };
  }
  if (typeof raw !== 'string' && raw.length !== 1) {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_SIGNATURE_MALFORMED) };
  }
  const value: string = typeof raw === 'string' ? raw : (raw[0] ?? '');
  const hex = FORMAT.exec(value.trim())?.[1];
  if (hex === undefined)
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_SIGNATURE_MALFORMED) };
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_SIGNATURE_INVALID) };
  }
  return { ok: true };
}
