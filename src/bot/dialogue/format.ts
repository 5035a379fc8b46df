import type { BotLanguage } from '../intents';

// Figures as a supporter reads them, written from the ledger's integers (never through a float).

const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, BHD: 3, KWD: 3 };
const SYMBOLS: Readonly<Record<string, string>> = { EUR: '€', USD: '$', GBP: '£', CHF: 'CHF' };
const GROUP: Readonly<Record<BotLanguage, string>> = { en: ',', it: '.', de: '.', es: '.', fr: '\u202f' };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** `€10.00` in English, `10,00 €` in the other languages. */
export function formatMoney(minor: number, currency: string, language: BotLanguage): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const abs = BigInt(Math.abs(Math.trunc(minor)));
  const scale = 10n ** BigInt(digits);
  const major = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[language]);
  const fraction = digits > 0 ? (abs % scale).toString().padStart(digits, '0') : '';
  const decimal = language === 'en' ? '.' : ',';
  const number = fraction ? `${major}${decimal}${fraction}` : major;
  const symbol = SYMBOLS[currency] ?? currency;
  const sign = negative ? '-' : '';
  if (language === 'en')
    return symbol.length === 1 ? `${sign}${symbol}${number}` : `${sign}${symbol} ${number}`;
  return `${sign}${number} ${symbol}`;
}

/** The calendar day of an ISO 8601 date or time (UTC), as 12/03/2025 (12.03.2025 in German). */
export function formatDate(iso: string, language: BotLanguage): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, y, m, d] = match;
  return language === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** Reads an amount typed alone ("15", "15,50", "7.5") as minor units; null when it is not one. */
export function bareAmount(text: string, currency: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const digits = minorDigits(currency);
  const whole = Number(match[1]);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return whole * 10 ** digits + (fraction ? Number(fraction.padEnd(digits, '0')) : 0);
}

/** Cuts a text to a length in code points, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A distance as a supporter reads it: `800 m`, `5 km`, `21.1 km` (`21,1 km` outside English). */
export function formatDistance(metres: number, language: BotLanguage): string {
  const m = Math.max(0, Math.round(metres));
  if (m < 1000) return `${m} m`;
  const tenths = Math.round(m / 100);
  const whole = Math.floor(tenths / 10)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[language]);
  const fraction = tenths % 10;
  return fraction === 0 ? `${whole} km` : `${whole}${language === 'en' ? '.' : ','}${fraction} km`;
}

/** A duration as `45 s`, `30 min`, `1 h 05 min` or `2 h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}
