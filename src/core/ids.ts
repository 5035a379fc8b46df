import { randomBytes } from 'node:crypto';

// Identifiers are prefixed random strings: sortable by creation time (48-bit ms timestamp first),
// unguessable (80 random bits), and the same on SQLite and PostgreSQL (no sequences needed).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function newId(prefix: string, now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  const time = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes.set(randomBytes(10), 6);
  return `${prefix}_${base32(bytes)}`;
}

/** A random secret token, URL-safe, with `bits` of entropy. */
export function newToken(bits = 256): string {
  return randomBytes(Math.ceil(bits / 8)).toString('base64url');
}
