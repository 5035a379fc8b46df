import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatDateTime,
  formatMoney,
  formatPercent,
  goalPercent,
  minorToDecimal,
} from './format';

describe('minorToDecimal', () => {
  it('places the decimal point by the currency’s digits, exactly', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(0, 2)).toBe('0.00');
    expect(minorToDecimal(-150, 2)).toBe('-1.50');
    expect(minorToDecimal(1234, 0)).toBe('1234');
    expect(minorToDecimal(1234, 3)).toBe('1.234');
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
  });

  it('refuses anything that is not an integer of minor units', () => {
    expect(() => minorToDecimal(12.5, 2)).toThrow(RangeError);
    expect(() => minorToDecimal(Number.NaN, 2)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it('knows each currency’s minor units from ISO 4217', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('formats in the locale, dropping zero cents from whole amounts', () => {
    expect(formatMoney(123456, 'EUR', 'it-IT')).toBe('1234,56\u00a0€');
    expect(formatMoney(1234567, 'EUR', 'it-IT')).toBe('12.345,67\u00a0€');
    expect(formatMoney(123456, 'EUR', 'en-GB')).toBe('€1,234.56');
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(500000, 'EUR', 'de-DE')).toBe('5.000\u00a0€');
    expect(formatMoney(1050, 'USD', 'en-US')).toBe('$10.50');
    expect(formatMoney(1000, 'JPY', 'en-US')).toBe('¥1,000');
    expect(formatMoney(1500, 'KWD', 'en-US')).toBe('KWD\u00a01.500');
  });

  it('does not lose cents on amounts beyond float precision', () => {
    expect(formatMoney(900719925474099, 'EUR', 'en-GB')).toBe('€9,007,199,254,740.99');
  });

  it('shows the plain amount and code for a currency Intl does not know', () => {
    expect(formatMoney(1234, 'ZZ1', 'en')).toBe('12.34 ZZ1');
  });
});

describe('goalPercent', () => {
  it('is a floored whole percentage, so 99.9 % never reads as reached', () => {
    expect(goalPercent(2500, 10000)).toBe(25);
    expect(goalPercent(9999, 10000)).toBe(99);
    expect(goalPercent(15000, 10000)).toBe(150);
    expect(goalPercent(0, 10000)).toBe(0);
  });

  it('is null without a goal', () => {
    expect(goalPercent(100, 0)).toBeNull();
  });
});

describe('formatPercent and formatDateTime', () => {
  it('follow the locale', () => {
    expect(formatPercent(42, 'en')).toBe('42%');
    expect(formatPercent(42, 'de')).toBe('42\u00a0%');
    const date = new Date(Date.UTC(2026, 2, 12, 9, 30));
    expect(formatDateTime(date, 'it-IT')).toMatch(/12 mar 2026/);
    expect(formatDateTime(date, 'de-DE')).toMatch(/12\.03\.2026/);
  });
});
