import { describe, expect, it } from 'vitest';
import { amountInputValue, decimalSeparatorFor, parseAmount, validateAmount } from './donate-amount';

const limits = { minMinor: 100, maxMinor: 1_000_000 };

describe('parseAmount', () => {
  it.each([
    ['5', 500],
    ['05', 500],
    ['5,5', 550],
    ['5.5', 550],
    ['5,50', 550],
    ['5.50', 550],
    ['12,05', 1205],
    ['0,99', 99],
    [' 7 € ', 700],
    ['€7.25', 725],
    ['10 EUR', 1000],
    ['1.000', 100_000],
    ['1,000', 100_000],
    ['1.000,50', 100_050],
    ['1,000.50', 100_050],
    ['1 000,50', 100_050],
    ['1\u202f000,50', 100_050],
    ['1.000.000', 100_000_000],
  ])('reads %j as %i minor units', (input, minor) => {
    expect(parseAmount(input)).toEqual({ ok: true, minor });
  });

  it.each(['', '   ', '€'])('says %j is empty', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, problem: 'empty' });
  });

  it.each([
    'abc',
    '5a',
    '-5',
    '+5',
    '5e3',
    ',5',
    '5,',
    '5.',
    '5,5.5',
    '1.5.0',
    '1,000,00',
    '1.00.000',
    '1.000.50',
    '5,123.4,5',
    '0x10',
    'Infinity',
  ])('refuses %j as malformed rather than guessing', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, problem: 'format' });
  });

  it('reads a separator before exactly three digits as grouping thousands', () => {
    expect(parseAmount('5,555')).toEqual({ ok: true, minor: 555_500 });
    expect(parseAmount('5.005')).toEqual({ ok: true, minor: 500_500 });
  });

  it('follows the currency’s minor units', () => {
    expect(parseAmount('500', 0)).toEqual({ ok: true, minor: 500 });
    expect(parseAmount('5,5', 0)).toEqual({ ok: false, problem: 'format' });
    expect(parseAmount('1.000', 0)).toEqual({ ok: true, minor: 1000 });
    expect(parseAmount('1,5', 3)).toEqual({ ok: true, minor: 1500 });
  });

  it('never loses precision on absurdly long input', () => {
    expect(parseAmount('99999999999999999999')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseAmount('0000000000000000000005')).toEqual({ ok: true, minor: 500 });
  });
});

describe('validateAmount', () => {
  it('accepts the limits themselves', () => {
    expect(validateAmount('1', limits)).toEqual({ ok: true, minor: 100 });
    expect(validateAmount('10.000', limits)).toEqual({ ok: true, minor: 1_000_000 });
  });

  it('refuses amounts outside the limits', () => {
    expect(validateAmount('0,99', limits)).toEqual({ ok: false, problem: 'tooSmall' });
    expect(validateAmount('0', limits)).toEqual({ ok: false, problem: 'tooSmall' });
    expect(validateAmount('10.000,01', limits)).toEqual({ ok: false, problem: 'tooLarge' });
    expect(validateAmount('5,555', limits)).toEqual({ ok: true, minor: 555_500 });
    expect(validateAmount('50,555', limits)).toEqual({ ok: false, problem: 'tooLarge' });
  });

  it('passes format problems through', () => {
    expect(validateAmount('5,5,5', limits)).toEqual({ ok: false, problem: 'format' });
    expect(validateAmount('', limits)).toEqual({ ok: false, problem: 'empty' });
  });
});

describe('amountInputValue', () => {
  it('writes minor units as a person types them', () => {
    expect(amountInputValue(500, 2, ',')).toBe('5');
    expect(amountInputValue(550, 2, ',')).toBe('5,50');
    expect(amountInputValue(550, 2, '.')).toBe('5.50');
    expect(amountInputValue(5, 2, '.')).toBe('0.05');
    expect(amountInputValue(500, 0, '.')).toBe('500');
  });

  it('round-trips through parseAmount', () => {
    for (const minor of [100, 105, 199, 550, 1000, 123_456, 1_000_000])
      for (const separator of [',', '.'] as const)
        expect(parseAmount(amountInputValue(minor, 2, separator))).toEqual({ ok: true, minor });
  });
});

describe('decimalSeparatorFor', () => {
  it('knows the languages Filo speaks', () => {
    expect(decimalSeparatorFor('it-IT')).toBe(',');
    expect(decimalSeparatorFor('de-DE')).toBe(',');
    expect(decimalSeparatorFor('en-GB')).toBe('.');
  });
});
