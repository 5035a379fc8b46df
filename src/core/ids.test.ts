import { describe, expect, it } from 'vitest';
import { newId, newToken } from './ids';

describe('newId', () => {
  it('starts with its 48-bit millisecond timestamp, so ids sort by creation time', () => {
    const a = newId('x', 1_700_000_000_000);
    const b = newId('x', 1_700_000_000_001);
    const c = newId('x', 2_000_000_000_000);
    expect(a < b && b < c).toBe(true);
    expect(a).toMatch(/^x_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('encodes the timestamp exactly as the BigInt encoding did (ids stay comparable with older rows)', () => {
    const now = 1_764_000_123_456;
    const bytes = new Uint8Array(6);
    const time = BigInt(now);
    for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
    const hex = Buffer.from(bytes).toString('hex');
    // Decode the first 45 bits (9 base32 characters) of the id and compare with the bytes' first 45 bits.
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    const id = newId('d', now).slice(2, 11);
    let bits = 0n;
    for (const ch of id) bits = (bits << 5n) | BigInt(alphabet.indexOf(ch));
    expect(bits).toBe(BigInt(`0x${hex}`) >> 3n);
  });

  it('never repeats across many ids in the same millisecond (the random pool is refilled)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(newId('u', 1_700_000_000_000));
    expect(seen.size).toBe(5_000);
  });

  it('makes URL-safe tokens of the asked entropy', () => {
    expect(newToken(256)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken(128)).not.toBe(newToken(128));
  });
});
