import { FiloError } from '../../core';
import { ReconciliationErrors } from './errors';

// Amounts from bank files are decimal text; the ledger wants integer minor units. Parsing is exact
// (no floats) and refuses more decimals than the currency has.

/** The largest single bank entry accepted (10 million in major units of a two-decimal currency). */
export const MAX_ENTRY_MINOR = 1_000_000_000;

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);
}

export function currencyDigits(code: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

export function requireCurrency(code: string | undefined, where: string): string {
  const c = (code ?? '').trim().toUpperCase();
  if (!isKnownCurrency(c)) {
    throw new FiloError(ReconciliationErrors.BANK_ENTRY_CURRENCY_INVALID, {
      message: `${where}: ${c ? `unknown currency ${JSON.stringify(c.slice(0, 8))}` : 'no currency'}`,
      details: { where },
    });
  }
  return c;
}

/**
 * `digits` and `fraction` are the integer and decimal parts as plain digit strings (no sign); returns
 * minor units, or throws BANK_ENTRY_AMOUNT_INVALID (zero, too many decimals, above MAX_ENTRY_MINOR).
 */
export function toMinor(whole: string, fraction: string, currency: string, where: string): number {
  const exp = currencyDigits(currency);
  const frac = fraction.replace(/0+$/, '');
  const bad = (why: string) =>
    new FiloError(ReconciliationErrors.BANK_ENTRY_AMOUNT_INVALID, {
      message: `${where}: ${why}`,
      details: { where },
    });
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) throw bad('not a number');
  if (frac.length > exp) throw bad(`more than ${exp} decimals for ${currency}`);
  const trimmed = whole.replace(/^0+(?=\d)/, '');
  if (trimmed.length > 12) throw bad('amount out of range');
  const minor = Number(trimmed) * 10 ** exp + (frac ? Number(frac.padEnd(exp, '0')) : 0);
  if (!Number.isSafeInteger(minor) || minor > MAX_ENTRY_MINOR) throw bad('amount out of range');
  if (minor === 0) throw bad('amount is zero');
  return minor;
}
