import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles per failed attempt, drawn from the upper half of base·2^(n−1)', () => {
    expect(backoffDelay(1, 100, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, () => 0.999_999)).toBe(99);
    expect(backoffDelay(2, 100, () => 0)).toBe(100);
    expect(backoffDelay(3, 100, () => 0)).toBe(200);
    expect(backoffDelay(4, 1_000, () => 0.5)).toBe(6_000);
  });

  it('caps the exponent so that a large attempt budget stays a sane delay', () => {
    expect(backoffDelay(100, 1_000, () => 0)).toBe(backoffDelay(21, 1_000, () => 0));
    expect(Number.isSafeInteger(backoffDelay(100, 1_000, () => 0.999))).toBe(true);
  });

  it('treats a zero base as no wait', () => {
    expect(backoffDelay(5, 0)).toBe(0);
  });
});
