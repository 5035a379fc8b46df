import { randomBytes, randomFillSync } from 'node:crypto';

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

// Random bytes for ids come from a pool refilled 4 KiB at a time: one call into the CSPRNG per ~400
// ids instead of one per id (it was a tenth of the ledger's write path under load).
const POOL = new Uint8Array(4096);
let poolOffset = POOL.length;

function randomInto(target: Uint8Array, offset: number, length: number): void {
  if (poolOffset + length > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  target.set(POOL.subarray(poolOffset, poolOffset + length), offset);
  // Bytes handed out are wiped so that no two ids can ever share them.
  POOL.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
}

export function newId(prefix: string, now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  // 48-bit millisecond timestamp, big-endian (plain arithmetic: no BigInt needed below 2^53).
  let time = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  randomInto(bytes, 6, 10);
  return `${prefix}_${base32(bytes)}`;
}

/** A random secret token, URL-safe, with `bits` of entropy. */
export function newToken(bits = 256): string {
  const length = Math.ceil(bits / 8);
  // Small tokens (request ids, receipt codes) come from the pool too; large ones straight from the CSPRNG.
  if (length > 64) return randomBytes(length).toString('base64url');
  const bytes = Buffer.alloc(length);
  randomInto(bytes, 0, length);
  return bytes.toString('base64url');
}
