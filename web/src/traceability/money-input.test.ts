import { describe, expect, it } from 'vitest';
import { bytesToBase64, parseMoneyInput } from './money-input';

describe('parseMoneyInput', () => {
  it('reads whole amounts and either decimal separator exactly', () => {
    expect(parseMoneyInput('12', 2)).toBe(1200);
    expect(parseMoneyInput('12,5', 2)).toBe(1250);
    expect(parseMoneyInput(' 12.05 ', 2)).toBe(1205);
    expect(parseMoneyInput('0,01', 2)).toBe(1);
    expect(parseMoneyInput('12.', 2)).toBe(1200);
    expect(parseMoneyInput('1500', 0)).toBe(1500);
    expect(parseMoneyInput('1.234', 3)).toBe(1234);
    // 0.1 + 0.2 style traps: no float arithmetic anywhere.
    expect(parseMoneyInput('0.29', 2)).toBe(29);
    expect(parseMoneyInput('19.99', 2)).toBe(1999);
  });

  it('refuses what it cannot read unambiguously', () => {
    for (const bad of ['', 'abc', '-5', '1.234,50', '1,234.50', '12.345', '1e3', '12,5,0', '€12']) {
      expect(parseMoneyInput(bad, 2), bad).toBeNull();
    }
    expect(parseMoneyInput('5.5', 0)).toBeNull();
    expect(parseMoneyInput('99999999999999999', 2)).toBeNull();
  });
});

describe('bytesToBase64', () => {
  it('matches Node’s encoder, also across chunk boundaries', () => {
    const bytes = new Uint8Array(0x8000 * 2 + 7).map((_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });
});
