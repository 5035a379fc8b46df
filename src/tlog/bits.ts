// Bit operations on non-negative safe integers (< 2^53). JavaScript's bitwise operators truncate to
// 32 bits, and tree sizes and storage indexes outgrow that, so these split into two 32-bit halves.

const TWO_32 = 0x1_0000_0000;

/** Number of trailing zero bits of n (n > 0); 0 for n = 0 is never asked for. */
export function trailingZeros(n: number): number {
  const lo = n % TWO_32;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(n / TWO_32);
  return 32 + (31 - Math.clz32(hi & -hi));
}

/** Number of bits needed to represent n: 0 for 0, 1 for 1, 3 for 5, ... */
export function bitLength(n: number): number {
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / TWO_32));
}

export function onesCount(n: number): number {
  return popcount32(n % TWO_32) + popcount32(Math.floor(n / TWO_32));
}

function popcount32(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function xor(a: number, b: number): number {
  const lo = ((a % TWO_32) ^ (b % TWO_32)) >>> 0;
  const hi = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  return hi * TWO_32 + lo;
}

/** n >> k without 32-bit truncation. */
export function shiftRight(n: number, k: number): number {
  return Math.floor(n / 2 ** k);
}

/** Bit i of n (0 or 1). */
export function bitAt(n: number, i: number): number {
  return Math.floor(n / 2 ** i) % 2;
}

/** The largest power of two strictly smaller than n (n >= 2). */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}
