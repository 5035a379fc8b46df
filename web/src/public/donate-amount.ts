// Amounts as donors type them, into integer minor units, without ever passing through a float.
// "5", "5,50", "5.50", "€ 5", "1.000", "1,000.50" and "1.000,50" are understood; anything ambiguous or
// malformed is refused rather than guessed.

export type AmountProblem = 'empty' | 'format' | 'tooSmall' | 'tooLarge';

export type AmountResult =
  { readonly ok: true; readonly minor: number } | { readonly ok: false; readonly problem: AmountProblem };

const CURRENCY_MARKS = /[\s\u00a0\u202f€$£]|EUR|CHF|USD|GBP/gi;

/**
 * Parses a typed amount into minor units of a currency with `digits` decimals (2 for EUR).
 * A separator followed by exactly three digits groups thousands; one followed by up to `digits`
 * digits is the decimal separator. When both "." and "," appear, the last one is the decimal one.
 */
export function parseAmount(input: string, digits = 2): AmountResult {
  const text = input.replace(CURRENCY_MARKS, '');
  if (text === '') return { ok: false, problem: 'empty' };
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return { ok: false, problem: 'format' };

  let whole = text;
  let fraction = '';
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  const last = Math.max(lastDot, lastComma);
  if (last >= 0) {
    const separator = text.charAt(last);
    const other = separator === '.' ? ',' : '.';
    const tail = text.slice(last + 1);
    const mixed = text.includes(other);
    const repeated = text.indexOf(separator) !== last;
    // Decimal: the last separator, the only one of its kind, not followed by a group of three digits
    // (unless the other kind also appears, which then groups the thousands).
    const decimal = !repeated && (mixed || tail.length !== 3);
    if (decimal) {
      if (tail.length > digits) return { ok: false, problem: 'format' };
      whole = text.slice(0, last);
      fraction = tail;
    }
    // What is left may only group thousands, with one kind of separator.
    const groupSeparator = decimal ? other : separator;
    if (whole.includes(groupSeparator === '.' ? ',' : '.')) return { ok: false, problem: 'format' };
    if (whole.includes(groupSeparator)) {
      if (!new RegExp(`^\\d{1,3}(\\${groupSeparator}\\d{3})+$`).test(whole))
        return { ok: false, problem: 'format' };
      whole = whole.split(groupSeparator).join('');
    }
  }
  if (!/^\d+$/.test(whole) || (digits === 0 && fraction !== '')) return { ok: false, problem: 'format' };
  const normalised = `${whole.replace(/^0+(?=\d)/, '')}${fraction.padEnd(digits, '0')}`;
  // Longer than any gift could be: refuse before it loses precision as a number.
  if (normalised.replace(/^0+/, '').length > 15) return { ok: false, problem: 'tooLarge' };
  return { ok: true, minor: Number(normalised) };
}

/** Parses and checks the amount against the page's limits (inclusive, minor units). */
export function validateAmount(
  input: string,
  limits: { readonly minMinor: number; readonly maxMinor: number },
  digits = 2,
): AmountResult {
  const parsed = parseAmount(input, digits);
  if (!parsed.ok) return parsed;
  if (parsed.minor < limits.minMinor) return { ok: false, problem: 'tooSmall' };
  if (parsed.minor > limits.maxMinor) return { ok: false, problem: 'tooLarge' };
  return parsed;
}

/** Minor units back into what a person would type in their language: 550 → "5,50" (it) or "5.50" (en). */
export function amountInputValue(minor: number, digits: number, decimalSeparator: ',' | '.'): string {
  if (digits === 0) return String(minor);
  const units = String(minor).padStart(digits + 1, '0');
  const whole = units.slice(0, -digits);
  const fraction = units.slice(-digits);
  return /^0+$/.test(fraction) ? whole : `${whole}${decimalSeparator}${fraction}`;
}

/** The decimal separator people use in a locale ("," in it/de, "." in en). */
export function decimalSeparatorFor(locale: string): ',' | '.' {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value === ',' ? ',' : '.';
}
