// IBAN (ISO 13616), BIC (ISO 9362) and SEPA creditor identifier checks, and where SEPA Direct Debit
// reaches. Both check-digit schemes are ISO 7064 MOD 97-10 over the text with letters as 10..35.

/** IBAN length per country, from the SWIFT IBAN registry. */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
});

/** The European Economic Area: the EU's 27 and Iceland, Liechtenstein, Norway. */
// prettier-ignore
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT',
  'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
]);

/**
 * IBAN countries in the SEPA schemes' geographical scope outside the EEA. A collection from these
 * needs the debtor's BIC and address (EPC rulebook). Jersey, Guernsey and the Isle of Man use GB
 * IBANs, the French overseas departments FR ones. Countries admitted more recently (Albania, Moldova,
 * Montenegro, North Macedonia) are left out until their banks reach the scheme.
 */
export const NON_EEA_SEPA_COUNTRIES: ReadonlySet<string> = new Set([
  'AD',
  'CH',
  'GB',
  'GI',
  'MC',
  'SM',
  'VA',
]);

export function isSepaCountry(country: string): boolean {
  return EEA_COUNTRIES.has(country) || NON_EEA_SEPA_COUNTRIES.has(country);
}

/** A SEPA collection from this country carries the debtor's address and BIC. */
export function needsAddressAndBic(country: string): boolean {
  return NON_EEA_SEPA_COUNTRIES.has(country);
}

function digitsOf(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= 65 && code <= 90 ? String(code - 55) : ch;
  }
  return out;
}

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string (letters A=10 … Z=35). */
export function mod97(text: string): number {
  let remainder = 0;
  for (const ch of digitsOf(text)) remainder = (remainder * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return remainder;
}

export type IbanProblem = 'format' | 'country' | 'length' | 'checksum';

/** Removes spaces (and the "IBAN" prefix printed on some cards) and upper-cases. */
export function normaliseIban(input: string): string {
  return input
    .replace(/^\s*IBAN[:\s]*/i, '')
    .replace(/[\s\u00a0-]/g, '')
    .toUpperCase();
}

export type IbanCheck =
  | { readonly ok: true; readonly iban: string; readonly country: string }
  | { readonly ok: false; readonly problem: IbanProblem };

export function checkIban(input: string): IbanCheck {
  const iban = normaliseIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return { ok: false, problem: 'format' };
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return { ok: false, problem: 'country' };
  if (iban.length !== length) return { ok: false, problem: 'length' };
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return { ok: false, problem: 'checksum' };
  return { ok: true, iban, country };
}

/** "DE89 3704 0044 0532 0130 00" — the printed form, groups of four. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The form shown everywhere but the collection file: country, check digits and the last four
 * characters ("DE89 •••• •••• •••• •••• 3000" is too long for a list: "DE89 … 3000").
 */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} … ${iban.slice(-4)}`;
}

/** BIC (ISO 9362): 4 letters of institution, 2 of country, 2 of location, optionally 3 of branch. */
export function checkBic(input: string): string | null {
  const bic = input.replace(/\s/g, '').toUpperCase();
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? bic : null;
}

/**
 * The SEPA creditor identifier: country (2), check digits (2), creditor business code (3, any of the
 * SEPA characters, 'ZZZ' by default) and the national identifier. The check digits are MOD 97-10 over
 * the national identifier followed by the country and the check digits; the business code is left out.
 */
export function checkCreditorId(input: string): string | null {
  const id = input.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) return null;
  if (!isSepaCountry(id.slice(0, 2))) return null;
  return mod97(id.slice(7) + id.slice(0, 4)) === 1 ? id : null;
}

/** The creditor identifier for a national identifier (e.g. an Italian codice fiscale), with 'ZZZ'. */
export function creditorIdFor(country: string, nationalId: string, businessCode = 'ZZZ'): string {
  const check = 98 - mod97(`${nationalId}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${businessCode}${nationalId}`;
}
