import { createHmac, timingSafeEqual } from 'node:crypto';

// The unsubscribe token in List-Unsubscribe links: `<base64url(address)>.<HMAC>`. It names the list
// member and proves Filo issued it, so a one-click POST (RFC 8058) needs no session and no login.

const MAX_ADDRESS = 254;

function mac(secret: string, address: string): Buffer {
  return createHmac('sha256', secret).update(`filo-email-unsubscribe\u0000${address}`).digest();
}

export function issueUnsubscribeToken(secret: string, address: string): string {
  const normal = address.trim().toLowerCase();
  return `${Buffer.from(normal, 'utf8').toString('base64url')}.${mac(secret, normal).toString('base64url')}`;
}

/** The address the token was issued for, or null. */
export function readUnsubscribeToken(secret: string, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 500) return null;
  const match = /^([A-Za-z0-9_-]{4,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return null;
  const address = Buffer.from(match[1] as string, 'base64url').toString('utf8');
  if (address.length > MAX_ADDRESS || !/^[^\s@]+@[^\s@]+$/.test(address)) return null;
  const given = Buffer.from(match[2] as string, 'base64url');
  const expected = mac(secret, address);
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
}
