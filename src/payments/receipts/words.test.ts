import { describe, expect, it } from 'vitest';
import { germanEuros, germanNumber, italianEuros, italianNumber } from './words';

describe('Italian numbers in words', () => {
  it.each([
    [0, 'zero'],
    [1, 'uno'],
    [3, 'tre'],
    [11, 'undici'],
    [17, 'diciassette'],
    [20, 'venti'],
    [21, 'ventuno'],
    [23, 'ventitré'],
    [28, 'ventotto'],
    [38, 'trentotto'],
    [99, 'novantanove'],
    [100, 'cento'],
    [101, 'centouno'],
    [103, 'centotré'],
    [108, 'centotto'],
    [180, 'centottanta'],
    [200, 'duecento'],
    [999, 'novecentonovantanove'],
    [1000, 'mille'],
    [1001, 'milleuno'],
    [1003, 'milletré'],
    [1100, 'millecento'],
    [1234, 'milleduecentotrentaquattro'],
    [2000, 'duemila'],
    [21_000, 'ventunmila'],
    [23_000, 'ventitremila'],
    [100_000, 'centomila'],
    [1_000_000, 'un milione'],
    [1_000_001, 'un milione uno'],
    [2_500_000, 'due milioni cinquecentomila'],
    [21_000_000, 'ventun milioni'],
    [1_000_000_000, 'un miliardo'],
  ])('%i → %s', (n, words) => {
    expect(italianNumber(n)).toBe(words);
  });

  it('writes euro amounts with cents', () => {
    expect(italianEuros(123_456)).toBe('milleduecentotrentaquattro euro e cinquantasei centesimi');
    expect(italianEuros(0)).toBe('zero euro');
    expect(italianEuros(100)).toBe('un euro');
    expect(italianEuros(101)).toBe('un euro e un centesimo');
    expect(italianEuros(5)).toBe('zero euro e cinque centesimi');
    expect(italianEuros(2_100)).toBe('ventuno euro');
    expect(italianEuros(100_000_000)).toBe('un milione euro');
  });

  it('refuses negative and fractional values', () => {
    expect(() => italianNumber(-1)).toThrow(RangeError);
    expect(() => italianEuros(1.5)).toThrow(RangeError);
  });
});

describe('German numbers in words', () => {
  it.each([
    [0, 'null'],
    [1, 'eins'],
    [7, 'sieben'],
    [12, 'zwölf'],
    [16, 'sechzehn'],
    [17, 'siebzehn'],
    [21, 'einundzwanzig'],
    [30, 'dreißig'],
    [56, 'sechsundfünfzig'],
    [100, 'einhundert'],
    [101, 'einhunderteins'],
    [111, 'einhundertelf'],
    [1000, 'eintausend'],
    [1001, 'eintausendeins'],
    [1234, 'eintausendzweihundertvierunddreißig'],
    [21_000, 'einundzwanzigtausend'],
    [101_000, 'einhunderteintausend'],
    [1_000_000, 'eine Million'],
    [1_000_001, 'eine Million eins'],
    [2_000_000, 'zwei Millionen'],
    [3_021_500, 'drei Millionen einundzwanzigtausendfünfhundert'],
    [1_000_000_000, 'eine Milliarde'],
  ])('%i → %s', (n, words) => {
    expect(germanNumber(n)).toBe(words);
  });

  it('writes euro amounts with cents', () => {
    expect(germanEuros(123_456)).toBe('eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent');
    expect(germanEuros(0)).toBe('null Euro');
    expect(germanEuros(100)).toBe('ein Euro');
    expect(germanEuros(101)).toBe('ein Euro und ein Cent');
    expect(germanEuros(30_000)).toBe('dreihundert Euro');
    expect(germanEuros(2_199)).toBe('einundzwanzig Euro und neunundneunzig Cent');
  });
});
