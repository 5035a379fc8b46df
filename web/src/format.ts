// Locale-aware formatting with Intl. Money arrives as integer minor units plus an ISO 4217 code and
// is turned into an exact decimal string before formatting, so no amount ever passes through a float.

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string, fractionDigits: number | null): Intl.NumberFormat {
  const cacheKey = `${locale}|${currency}|${fractionDigits ?? ''}`;
  let format = moneyFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(fractionDigits === null
        ? {}
        : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }),
    });
    moneyFormats.set(cacheKey, format);
  }
  return format;
}

/** How many minor units the currency has (EUR 2, JPY 0, KWD 3), as Intl knows from ISO 4217. */
export function currencyDigits(currency: string): number {
  return moneyFormat('en', currency, null).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 123456 with 2 digits → "1234.56", exactly. */
export function minorToDecimal(minor: number, digits: number): `${number}` {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`Money must be an integer of minor units, got ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const units = Math.abs(minor).toString();
  if (digits === 0) return `${sign}${units}` as `${number}`;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as `${number}`;
}

/**
 * Formats money for people: "1.234,50 €" in Italian, "€1,234.50" in English. Whole amounts drop
 * their zero cents ("€5,000"), which is how goals and totals read best.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  let digits: number;
  try {
    digits = currencyDigits(currency);
  } catch {
    // An unknown code must not blank the page: show the plain amount and the code.
    return `${minorToDecimal(minor, 2)} ${currency}`;
  }
  const whole = digits === 0 || minor % 10 ** digits === 0;
  return moneyFormat(locale, currency, whole ? 0 : digits).format(minorToDecimal(minor, digits));
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A whole percentage: 42 → "42%" in English, "42 %" in German. */
export function formatPercent(whole: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(whole / 100);
}

export function formatDateTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Progress towards a goal as a whole percentage (floored, never over-claiming), or null without a goal. */
export function goalPercent(raisedMinor: number, goalMinor: number): number | null {
  if (goalMinor <= 0) return null;
  return Math.max(0, Math.floor((raisedMinor * 100) / goalMinor));
}
