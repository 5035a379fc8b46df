import { normalise } from '../text';
import { readNumberWords } from './numbers';

// The assistant's own entity extractor: money (digits or words, five languages) in minor units,
// dates (relative and absolute), distances and durations. NLP.js's built-in extraction does not
// cover Italian or German, and money must never pass through a float parser's rounding.

export type Entity =
  | {
      readonly type: 'money';
      /** Integer minor units. */
      readonly value: number;
      readonly currency: string;
      readonly text: string;
    }
  | {
      readonly type: 'date';
      /** ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY depending on the granularity. */
      readonly value: string;
      readonly granularity: 'day' | 'month' | 'year';
      readonly text: string;
    }
  | {
      readonly type: 'distance';
      /** metres */ readonly value: number;
      readonly unit: 'km' | 'mi' | 'm';
      readonly text: string;
    }
  | { readonly type: 'duration'; /** seconds */ readonly value: number; readonly text: string };

export interface ExtractOptions {
  /** The currency of amounts written without one ("10,50"). */
  readonly defaultCurrency: string;
  /** Reference time for relative dates (UTC). */
  readonly now: Date;
}

const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  euri: 'EUR',
  eu: 'EUR',
  $: 'USD',
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  dollari: 'USD',
  dolares: 'USD',
  dollaro: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  quid: 'GBP',
  sterline: 'GBP',
  libras: 'GBP',
  livres: 'GBP',
  pfund: 'GBP',
  chf: 'CHF',
  franken: 'CHF',
  franchi: 'CHF',
};
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', '£': 'GBP' };

const DISTANCE_UNITS: Readonly<Record<string, { unit: 'km' | 'mi' | 'm'; metres: number }>> = {
  km: { unit: 'km', metres: 1000 },
  k: { unit: 'km', metres: 1000 },
  kms: { unit: 'km', metres: 1000 },
  kilometre: { unit: 'km', metres: 1000 },
  kilometres: { unit: 'km', metres: 1000 },
  kilometer: { unit: 'km', metres: 1000 },
  kilometers: { unit: 'km', metres: 1000 },
  chilometri: { unit: 'km', metres: 1000 },
  chilometro: { unit: 'km', metres: 1000 },
  kilometri: { unit: 'km', metres: 1000 },
  kilometros: { unit: 'km', metres: 1000 },
  kilometro: { unit: 'km', metres: 1000 },
  kilometern: { unit: 'km', metres: 1000 },
  mi: { unit: 'mi', metres: 1609.344 },
  mile: { unit: 'mi', metres: 1609.344 },
  miles: { unit: 'mi', metres: 1609.344 },
  miglia: { unit: 'mi', metres: 1609.344 },
  meilen: { unit: 'mi', metres: 1609.344 },
  meile: { unit: 'mi', metres: 1609.344 },
  millas: { unit: 'mi', metres: 1609.344 },
  milla: { unit: 'mi', metres: 1609.344 },
  m: { unit: 'm', metres: 1 },
  metri: { unit: 'm', metres: 1 },
  metres: { unit: 'm', metres: 1 },
  meters: { unit: 'm', metres: 1 },
  meter: { unit: 'm', metres: 1 },
  metros: { unit: 'm', metres: 1 },
  metre: { unit: 'm', metres: 1 },
};

const DURATION_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  secondi: 1,
  sekunden: 1,
  segundos: 1,
  secondes: 1,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  minuti: 60,
  minuto: 60,
  minuten: 60,
  minutos: 60,
  minuts: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  ora: 3600,
  ore: 3600,
  stunde: 3600,
  stunden: 3600,
  std: 3600,
  hora: 3600,
  horas: 3600,
  heure: 3600,
  heures: 3600,
};

const HALF_HOUR = [
  ['mezz', 'ora'],
  ['mezza', 'ora'],
  ['half', 'an', 'hour'],
  ['halbe', 'stunde'],
  ['media', 'hora'],
  ['demi', 'heure'],
  ['une', 'demi', 'heure'],
];

const MONTHS: Readonly<Record<string, number>> = {};
for (const names of [
  'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
  'january february march april may june july august september october november december',
  'januar februar marz april mai juni juli august september oktober november dezember',
  'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
  'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre',
]) {
  names.split(' ').forEach((name, i) => {
    (MONTHS as Record<string, number>)[name] = i + 1;
  });
}
// "may" and "mai"/"mars" are everyday words too; a month name only counts next to a day or a preposition.
const MONTH_PREPOSITIONS = new Set([
  'in',
  'a',
  'im',
  'en',
  'di',
  'del',
  'de',
  'of',
  'since',
  'last',
  'scorso',
  'letzten',
  'pasado',
  'dernier',
]);

const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  today: 0,
  oggi: 0,
  heute: 0,
  hoy: 0,
  aujourd: 0,
  yesterday: -1,
  ieri: -1,
  gestern: -1,
  ayer: -1,
  hier: -1,
  tomorrow: 1,
  domani: 1,
  manana: 1,
  demain: 1,
  altroieri: -2,
  vorgestern: -2,
  anteayer: -2,
};
const LAST_WEEK = [
  ['last', 'week'],
  ['settimana', 'scorsa'],
  ['letzte', 'woche'],
  ['semana', 'pasada'],
  ['semaine', 'derniere'],
];

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(now: Date, days: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** "10,50" / "10.50" / "1.000" / "1,000.50" → minor units (2 decimals), exact; null if malformed. */
export function parseAmountDigits(raw: string): number | null {
  const s = raw.replace(/\s/g, '');
  let integer: string;
  let fraction = '';
  const m = /^(\d{1,3}(?:([.,'])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  if (m[3] && m[2] && m[3] === m[2]) return null;
  integer = (m[1] ?? '').replace(/[.,']/g, '');
  fraction = m[4] ?? '';
  // "1.000" in it/de/es/fr is a thousand; "1.5" is one and a half.
  if (!m[3] && m[2] === undefined && /^\d+$/.test(integer) === false) return null;
  integer = integer.replace(/^0+(?=\d)/, '');
  if (integer.length > 12) return null;
  return Number(integer) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Splits the raw text into tokens that keep digits with their separators ("10,50", "12/03/2025"). */
function rawTokens(text: string): string[] {
  const n = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/([€$£])/g, ' $1 ')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/(\p{L})-(?=\p{L})/gu, '$1 ')
    .replace(/[’'`´]/g, ' ');
  return n
    .split(/[^\p{L}\p{N}€$£.,:/-]+/u)
    .map((t) => t.replace(/^[.,:/-]+|[.,:/-]+$/g, ''))
    .filter((t) => t !== '');
}

export function extractEntities(text: string, options: ExtractOptions): Entity[] {
  const toks = rawTokens(text.slice(0, 2000));
  const normalisedToks = toks.map((x) => normalise(x));
  const out: Entity[] = [];
  const used = new Set<number>();
  const take = (from: number, to: number) => {
    for (let k = from; k < to; k += 1) used.add(k);
  };
  const numberAt = (
    i: number,
  ): { value: number; minor: number | null; length: number; digits: boolean } | null => {
    const t = toks[i];
    if (t === undefined) return null;
    if (/^\d/.test(t)) {
      const minor = parseAmountDigits(t);
      if (minor === null) return null;
      return { value: minor / 100, minor, length: 1, digits: true };
    }
    const words = readNumberWords(normalisedToks, i);
    if (!words) return null;
    return { value: words.value, minor: words.value * 100, length: words.length, digits: false };
  };

  for (let i = 0; i < toks.length; i += 1) {
    if (used.has(i)) continue;
    const t = toks[i] as string;

    // Absolute dates: 2025-03-12, 12/03/2025, 12.03.2025, 12/03.
    let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
      out.push({ type: 'date', value: t, granularity: 'day', text: t });
      take(i, i + 1);
      continue;
    }
    m = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$/.exec(t);
    if (m && (m[3] !== undefined || t.includes('/'))) {
      const y =
        m[3] === undefined
          ? options.now.getUTCFullYear()
          : m[3].length === 2
            ? 2000 + Number(m[3])
            : Number(m[3]);
      const d = Number(m[1]);
      const mo = Number(m[2]);
      if (validDay(y, mo, d)) {
        out.push({ type: 'date', value: `${y}-${pad(mo)}-${pad(d)}`, granularity: 'day', text: t });
        take(i, i + 1);
        continue;
      }
    }

    // Money with a symbol or code before the amount: "€10", "EUR 5", "$ 3.50".
    const before =
      CURRENCY_SYMBOLS[t] ??
      (t === 'eur' || t === 'usd' || t === 'gbp' || t === 'chf' ? t.toUpperCase() : undefined);
    if (before) {
      const n = numberAt(i + 1);
      if (n && n.minor !== null && n.minor > 0) {
        out.push({
          type: 'money',
          value: n.minor,
          currency: before,
          text: toks.slice(i, i + 1 + n.length).join(' '),
        });
        take(i, i + 1 + n.length);
        continue;
      }
    }

    // Half an hour in words.
    const half = HALF_HOUR.find((h) => h.every((w, k) => normalise(toks[i + k] ?? '') === w));
    if (half) {
      out.push({ type: 'duration', value: 1800, text: toks.slice(i, i + half.length).join(' ') });
      take(i, i + half.length);
      continue;
    }

    const n = numberAt(i);
    if (n) {
      const next = normalise(toks[i + n.length] ?? '');
      const after = i + n.length;
      // "10k €": thousands.
      if (next === 'k' && CURRENCY_WORDS[toks[after + 1] ?? ''] && n.minor !== null) {
        out.push({
          type: 'money',
          value: n.minor * 1000,
          currency: CURRENCY_WORDS[toks[after + 1] ?? ''] as string,
          text: toks.slice(i, after + 2).join(' '),
        });
        take(i, after + 2);
        continue;
      }
      const currency = CURRENCY_WORDS[toks[after] ?? ''] ?? CURRENCY_WORDS[next];
      if (currency && n.minor !== null && n.minor > 0) {
        out.push({ type: 'money', value: n.minor, currency, text: toks.slice(i, after + 1).join(' ') });
        take(i, after + 1);
        continue;
      }
      const distance = DISTANCE_UNITS[next];
      if (distance && n.value > 0) {
        out.push({
          type: 'distance',
          value: Math.round(n.value * distance.metres),
          unit: distance.unit,
          text: toks.slice(i, after + 1).join(' '),
        });
        take(i, after + 1);
        continue;
      }
      const seconds = DURATION_UNITS[next];
      if (seconds && n.value > 0) {
        out.push({
          type: 'duration',
          value: Math.round(n.value * seconds),
          text: toks.slice(i, after + 1).join(' '),
        });
        take(i, after + 1);
        continue;
      }
      // A day and a month name: "12 marzo (2025)", "12. März".
      const month = MONTHS[next];
      if (n.digits && month && Number.isInteger(n.value)) {
        const yTok = toks[after + 1];
        const y = yTok && /^\d{4}$/.test(yTok) ? Number(yTok) : options.now.getUTCFullYear();
        if (validDay(y, month, n.value)) {
          out.push({
            type: 'date',
            value: `${y}-${pad(month)}-${pad(n.value)}`,
            granularity: 'day',
            text: toks.slice(i, after + (yTok === String(y) ? 2 : 1)).join(' '),
          });
          take(i, after + (yTok === String(y) ? 2 : 1));
          continue;
        }
      }
      // A year on its own: "2025".
      if (n.digits && /^(19|20)\d{2}$/.test(t)) {
        out.push({ type: 'date', value: t, granularity: 'year', text: t });
        take(i, i + 1);
        continue;
      }
      // A bare amount with cents is money in the organisation's currency ("10,50").
      if (n.digits && /^\d+[.,]\d{2}$/.test(t) && n.minor !== null && n.minor > 0) {
        out.push({ type: 'money', value: n.minor, currency: options.defaultCurrency, text: t });
        take(i, i + 1);
        continue;
      }
    }

    const word = normalise(t);
    // Month names (after a preposition, or followed by a year): the most recent such month.
    const month = MONTHS[word];
    if (
      month &&
      (MONTH_PREPOSITIONS.has(normalise(toks[i - 1] ?? '')) || /^\d{4}$/.test(toks[i + 1] ?? ''))
    ) {
      const yTok = toks[i + 1];
      let y = yTok && /^\d{4}$/.test(yTok) ? Number(yTok) : options.now.getUTCFullYear();
      if (!(yTok && /^\d{4}$/.test(yTok)) && month > options.now.getUTCMonth() + 1) y -= 1;
      out.push({
        type: 'date',
        value: `${y}-${pad(month)}`,
        granularity: 'month',
        text: toks.slice(i, yTok === String(y) ? i + 2 : i + 1).join(' '),
      });
      take(i, yTok === String(y) ? i + 2 : i + 1);
      continue;
    }
    const lastWeek = LAST_WEEK.find((p) => p.every((w, k) => normalise(toks[i + k] ?? '') === w));
    if (lastWeek) {
      out.push({
        type: 'date',
        value: isoDay(addDays(options.now, -7)),
        granularity: 'day',
        text: lastWeek.join(' '),
      });
      take(i, i + lastWeek.length);
      continue;
    }
    const rel = RELATIVE_DAYS[word];
    // "morgen" alone is tomorrow, but "guten Morgen"/"heute Morgen" is a morning.
    const isMorning = word === 'morgen';
    if (
      rel !== undefined ||
      (isMorning && !['guten', 'heute', 'gestern', 'morgen'].includes(normalise(toks[i - 1] ?? '')) && i > 0)
    ) {
      if (word === 'hier' && toks.some((x) => normalise(x) === 'is' || normalise(x) === 'ist')) continue;
      out.push({ type: 'date', value: isoDay(addDays(options.now, rel ?? 1)), granularity: 'day', text: t });
      take(i, i + 1);
    }
  }
  return out;
}
