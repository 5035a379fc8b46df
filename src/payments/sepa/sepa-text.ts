import { randomBytes } from 'node:crypto';

// Text as SEPA files may carry it. The EPC's implementation guidelines allow only the basic Latin set
// a–z A–Z 0–9 / - ? : ( ) . , ' + and space; a name like "Lucìa Müller" goes to the bank as
// "Lucia Mueller". References (mandate reference, message and end-to-end ids) use capitals, digits and
// '-' only, which every bank accepts, and never start or end with '/' nor contain '//'.

const ALLOWED = /[^A-Za-z0-9/\-?:().,'+ ]/g;
// prettier-ignore
const SPECIAL: Readonly<Record<string, string>> = {
  ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE',
  ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', '&': '+',
  '’': "'", '‘': "'", '`': "'", '´': "'", '–': '-', '—': '-', _: '-', '"': "'", '«': "'", '»': "'",
};

/** The text in the SEPA character set (transliterated, other characters as spaces), at most `max` long. */
export function sepaText(input: string, max: number): string {
  const mapped = [...input].map((ch) => SPECIAL[ch] ?? ch).join('');
  return mapped
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(ALLOWED, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

/** A reference of the SEPA character set: at most 35, no leading or trailing '/', no '//'. */
export function isSepaReference(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= 35 &&
    /^[A-Za-z0-9/\-?:().,'+ ]+$/.test(value) &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//')
  );
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` random characters of Crockford's base 32 (no I, L, O, U: nothing to misread on the phone). */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A new unique mandate reference, e.g. "FILO-M-7KQ2M9X4T8AB" (19 characters). */
export function newMandateReference(): string {
  return `FILO-M-${randomCode(12)}`;
}

/** GrpHdr/MsgId of a new file, e.g. "FILO-20260301-7K2Q9XQ4" (22 characters). */
export function newMessageId(on: Date): string {
  return `FILO-${on.toISOString().slice(0, 10).replace(/-/g, '')}-${randomCode(8)}`;
}

/** A collection's EndToEndId, e.g. "FILO-E-202603-7K2Q9XQ4AB" (24 characters): it comes back on returns. */
export function newEndToEndId(period: string): string {
  return `FILO-E-${period.replace('-', '')}-${randomCode(10)}`;
}
