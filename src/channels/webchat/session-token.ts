import { createHmac, timingSafeEqual } from 'node:crypto';
import { SESSION_ID } from './webchat-rules';

// The visitor's session token: `wct1.<session id>.<HMAC>`. The browser keeps it in localStorage, so a
// reload continues the conversation; the HMAC (with a server-side secret) means a visitor cannot
// make up or guess another visitor's session. It says nothing else: no personal data in the token.

const PREFIX = 'wct1';

function mac(secret: string, sessionId: string): Buffer {
  return createHmac('sha256', secret).update(`filo-webchat-session\u0000${sessionId}`).digest();
}

export function issueSessionToken(secret: string, sessionId: string): string {
  return `${PREFIX}.${sessionId}.${mac(secret, sessionId).toString('base64url')}`;
}

/** The session id the token was issued for, or null for anything not issued with this secret. */
export function readSessionToken(secret: string, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [prefix, sessionId, signature, ...rest] = token.split('.');
  if (prefix !== PREFIX || sessionId === undefined || signature === undefined || rest.length > 0) return null;
  if (!SESSION_ID.test(sessionId) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, sessionId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? sessionId : null;
}
