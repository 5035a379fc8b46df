// Money, dates and numbers as receipts print them. Written by hand (not Intl) so that the bytes of a
// receipt do not change with the ICU data of the Node build that renders it.

export type Lang = 'it' | 'de' | 'en';

export function formatMoney(minor: number, currency: string, lang: Lang): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  const sep = lang === 'en' ? ',' : '.';
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const number = lang === 'en' ? `${grouped}.${cents}` : `${grouped},${cents}`;
  const symbol = currency === 'EUR' ? '€' : currency;
  const text = lang === 'en' && currency === 'EUR' ? `€${number}` : `${number} ${symbol}`;
  return negative ? `-${text}` : text;
}

/** A plain decimal for CSV: 123456 → "1234.56". */
export function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
}

/** YYYY-MM-DD → 12/03/2026 (it), 12.03.2026 (de), 2026-03-12 (en). */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  if (lang === 'it') return `${d}/${m}/${y}`;
  if (lang === 'de') return `${d}.${m}.${y}`;
  return `${y}-${m}-${d}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const ZONES: Readonly<Record<string, string>> = {
  IT: 'Europe/Rome',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  GB: 'Europe/London',
};

/** The organisation's time zone when its settings name none: the country's, else UTC. */
export function countryTimeZone(country: string): string {
  return ZONES[country] ?? 'UTC';
}

/** 2026, 42 → "2026/00042": the receipt number as printed. */
export function receiptNumber(year: number, number: number): string {
  return `${year}/${number.toString().padStart(5, '0')}`;
}
