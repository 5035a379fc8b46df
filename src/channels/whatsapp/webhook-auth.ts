import { createHash, timingSafeEqual } from 'node:crypto';
import { FiloError } from '../../core';
import { ChannelErrors } from '../errors';
import { signBody, verifyBodySignature } from '../hmac-signature';
import type { InboundHeaders, SignatureCheck } from '../port';

// Meta's two webhook safeguards: the GET subscription handshake (hub.verify_token) and the
// X-Hub-Signature-256 header on every POST: "sha256=" + hex(HMAC-SHA256(app secret, raw body)).
// Both compare in constant time, and the signature is checked over the raw bytes, before any parsing,
// because re-serialised JSON would not be byte-identical to what Meta signed.

const SIGNATURE_HEADER = 'x-hub-signature-256';

export function verifyMetaSignature(
  appSecret: string,
  rawBody: Buffer,
  headers: InboundHeaders,
): SignatureCheck {
  // Two signature headers on one request is not something Meta sends: it is refused, not picked from.
  return verifyBodySignature(appSecret, SIGNATURE_HEADER, rawBody, headers);
}

/** The signature header Meta would send for this body: for tests, the sandbox and local tools. */
export function signMetaWebhook(appSecret: string, rawBody: Buffer | string): string {
  return signBody(appSecret, rawBody);
}

export type WebhookQuery = Readonly<Record<string, unknown>>;

export type ChallengeResult =
  { readonly ok: true; readonly challenge: string } | { readonly ok: false; readonly error: FiloError };

function single(query: WebhookQuery, name: string): string | null {
  const value = query[name];
  return typeof value === 'string' ? value : null;
}

/** Equal-length digests, so neither the token's content nor its length leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

// Meta sends an integer; allow a little more for other tools, but nothing that could be markup when
// the route echoes it back.
const CHALLENGE_FORMAT = /^[A-Za-z0-9_.~-]{1,256}$/;

/** Answers Meta's GET handshake: the challenge to echo back, or a stable error code. */
export function verifyWebhookChallenge(verifyToken: string, query: WebhookQuery): ChallengeResult {
  if (single(query, 'hub.mode') !== 'subscribe') {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_CHALLENGE_MODE_INVALID) };
  }
  const token = single(query, 'hub.verify_token');
  if (token === null || !sameSecret(token, verifyToken)) {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_VERIFY_TOKEN_INVALID) };
  }
  const challenge = single(query, 'hub.challenge');
  if (challenge === null || !CHALLENGE_FORMAT.test(challenge)) {
    return { ok: false, error: new FiloError(ChannelErrors.CHANNEL_CHALLENGE_MISSING) };
  }
  return { ok: true, challenge };
}
