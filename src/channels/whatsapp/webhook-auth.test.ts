import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signMetaWebhook, verifyMetaSignature, verifyWebhookChallenge } from './webhook-auth';

const SECRET = 'meta-app-secret';
const BODY = readFileSync(
  new URL('../../../test/fixtures/whatsapp/webhooks/pywa_inbound_text.json', import.meta.url),
);
const HEX = createHmac('sha256', SECRET).update(BODY).digest('hex');

describe('X-Hub-Signature-256', () => {
  it('accepts sha256=<hex HMAC of the raw bytes>, whatever the header name case or hex case', () => {
    expect(verifyMetaSignature(SECRET, BODY, { 'x-hub-signature-256': `sha256=${HEX}` })).toEqual({
      ok: true,
    });
    expect(
      verifyMetaSignature(SECRET, BODY, { 'X-Hub-Signature-256': `sha256=${HEX.toUpperCase()}` }),
    ).toEqual({ ok: true });
    expect(verifyMetaSignature(SECRET, BODY, { 'x-hub-signature-256': [`sha256=${HEX}`] })).toEqual({
      ok: true,
    });
    expect(signMetaWebhook(SECRET, BODY)).toBe(`sha256=${HEX}`);
  });

  it('checks the raw bytes: the same JSON re-serialised is not what Meta signed', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))));
    expect(
      verifyMetaSignature(SECRET, reserialised, { 'x-hub-signature-256': `sha256=${HEX}` }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CHANNEL_SIGNATURE_INVALID', statusCode: 401 },
    });
  });

  it.each([
    ['absent', {}, 'CHANNEL_SIGNATURE_MISSING'],
    ['empty', { 'x-hub-signature-256': '' }, 'CHANNEL_SIGNATURE_MISSING'],
    ['an empty list', { 'x-hub-signature-256': [] }, 'CHANNEL_SIGNATURE_MISSING'],
    [
      'only the old SHA-1 header',
      { 'x-hub-signature': `sha1=${'a'.repeat(40)}` },
      'CHANNEL_SIGNATURE_MISSING',
    ],
    ['without the sha256= prefix', { 'x-hub-signature-256': HEX }, 'CHANNEL_SIGNATURE_MALFORMED'],
    ['with another algorithm', { 'x-hub-signature-256': `sha1=${HEX}` }, 'CHANNEL_SIGNATURE_MALFORMED'],
    ['too short', { 'x-hub-signature-256': `sha256=${HEX.slice(2)}` }, 'CHANNEL_SIGNATURE_MALFORMED'],
    ['not hex', { 'x-hub-signature-256': `sha256=${'z'.repeat(64)}` }, 'CHANNEL_SIGNATURE_MALFORMED'],
    [
      'sent twice',
      { 'x-hub-signature-256': [`sha256=${HEX}`, `sha256=${HEX}`] },
      'CHANNEL_SIGNATURE_MALFORMED',
    ],
    [
      'from another secret',
      { 'x-hub-signature-256': signMetaWebhook('other-secret', BODY) },
      'CHANNEL_SIGNATURE_INVALID',
    ],
    [
      'of another body',
      { 'x-hub-signature-256': signMetaWebhook(SECRET, `${BODY.toString('utf8')} `) },
      'CHANNEL_SIGNATURE_INVALID',
    ],
  ] as const)('refuses a signature %s', (_, headers, code) => {
    expect(verifyMetaSignature(SECRET, BODY, headers)).toMatchObject({
      ok: false,
      error: { code, statusCode: 401 },
    });
  });
});

describe('GET subscription handshake', () => {
  const query = {
    'hub.mode': 'subscribe',
    'hub.verify_token': 'my-verify-token',
    'hub.challenge': '1158201444',
  };

  it('returns the challenge when the mode and token are right', () => {
    expect(verifyWebhookChallenge('my-verify-token', query)).toEqual({ ok: true, challenge: '1158201444' });
  });

  it.each([
    ['another mode', { ...query, 'hub.mode': 'unsubscribe' }, 'CHANNEL_CHALLENGE_MODE_INVALID', 400],
    [
      'no mode',
      { 'hub.verify_token': 'my-verify-token', 'hub.challenge': '1' },
      'CHANNEL_CHALLENGE_MODE_INVALID',
      400,
    ],
    [
      'a wrong token',
      { ...query, 'hub.verify_token': 'my-verify-tokeN' },
      'CHANNEL_VERIFY_TOKEN_INVALID',
      403,
    ],
    [
      'a longer token',
      { ...query, 'hub.verify_token': 'my-verify-token-2' },
      'CHANNEL_VERIFY_TOKEN_INVALID',
      403,
    ],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'CHANNEL_VERIFY_TOKEN_INVALID', 403],
    [
      'a token given twice',
      { ...query, 'hub.verify_token': ['my-verify-token', 'x'] },
      'CHANNEL_VERIFY_TOKEN_INVALID',
      403,
    ],
    [
      'no challenge',
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token' },
      'CHANNEL_CHALLENGE_MISSING',
      400,
    ],
    [
      'a challenge that could be markup',
      { ...query, 'hub.challenge': '<script>' },
      'CHANNEL_CHALLENGE_MISSING',
      400,
    ],
  ] as const)('refuses %s', (_, q, code, statusCode) => {
    expect(verifyWebhookChallenge('my-verify-token', q)).toMatchObject({
      ok: false,
      error: { code, statusCode },
    });
  });
});
