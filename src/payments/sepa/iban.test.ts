import { describe, expect, it } from 'vitest';
import {
  IBAN_LENGTHS,
  checkBic,
  checkCreditorId,
  checkIban,
  creditorIdFor,
  formatIban,
  maskIban,
  mod97,
  needsAddressAndBic,
  isSepaCountry,
} from './iban';

// IBAN and creditor identifier checks against published examples (the IBAN registry's and the
// European Payments Council's sample IBANs, the Bundesbank's test creditor identifier).

const PUBLISHED_IBANS = [
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'IT60X0542811101000000123456',
  'FR1420041010050500013M02606',
  'ES9121000418450200051332',
  'NL91ABNA0417164300',
  'BE68539007547034',
  'AT611904300234573201',
  'CH9300762011623852957',
  'NO9386011117947',
  'MT84MALT011000012345MTLCAST001S',
];

describe('IBAN', () => {
  it.each(PUBLISHED_IBANS)('accepts the published example %s', (iban) => {
    const result = checkIban(iban);
    expect(result).toEqual({ ok: true, iban, country: iban.slice(0, 2) });
    expect(iban.length).toBe(IBAN_LENGTHS[iban.slice(0, 2)]);
  });

  it('accepts the printed form: spaces, lower case, an "IBAN" prefix', () => {
    expect(checkIban('IBAN de89 3704 0044 0532 0130 00')).toEqual({
      ok: true,
      iban: 'DE89370400440532013000',
      country: 'DE',
    });
  });

  it('names what is wrong: format, country, length, checksum', () => {
    expect(checkIban('not an iban')).toEqual({ ok: false, problem: 'format' });
    expect(checkIban('DEXX370400440532013000')).toEqual({ ok: false, problem: 'format' });
    expect(checkIban('ZZ89370400440532013000')).toEqual({ ok: false, problem: 'country' });
    expect(checkIban('DE8937040044053201300')).toEqual({ ok: false, problem: 'length' });
    expect(checkIban('IT60X05428111010000001234567')).toEqual({ ok: false, problem: 'length' });
    // One digit changed, and two digits swapped: MOD 97 catches both.
    expect(checkIban('DE89370400440532013001')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkIban('GB82WEST12345698765423')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkIban('IT61X0542811101000000123456')).toEqual({ ok: false, problem: 'checksum' });
  });

  it('knows where SEPA Direct Debit reaches, and where it needs an address and a BIC', () => {
    expect(isSepaCountry('DE')).toBe(true);
    expect(isSepaCountry('NO')).toBe(true);
    expect(isSepaCountry('GB')).toBe(true);
    expect(isSepaCountry('BR')).toBe(false);
    expect(isSepaCountry('TR')).toBe(false);
    expect(needsAddressAndBic('IT')).toBe(false);
    expect(needsAddressAndBic('CH')).toBe(true);
    expect(needsAddressAndBic('GB')).toBe(true);
    expect(needsAddressAndBic('SM')).toBe(true);
  });

  it('masks and formats', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 … 3000');
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});

describe('BIC', () => {
  it('accepts 8 and 11 characters and refuses the rest', () => {
    expect(checkBic('COBADEFFXXX')).toBe('COBADEFFXXX');
    expect(checkBic('deutdeff')).toBe('DEUTDEFF');
    expect(checkBic('DEUTDEF')).toBeNull();
    expect(checkBic('1EUTDEFF')).toBeNull();
    expect(checkBic('DEUTDEFF50')).toBeNull();
  });
});

describe('SEPA creditor identifier', () => {
  it('accepts the Bundesbank test identifier DE98ZZZ09999999999', () => {
    expect(checkCreditorId('DE98ZZZ09999999999')).toBe('DE98ZZZ09999999999');
    expect(checkCreditorId('de98 zzz 0999 9999 999')).toBe('DE98ZZZ09999999999');
  });

  it('leaves the creditor business code out of the check (any code, same digits)', () => {
    expect(checkCreditorId('DE98ABC09999999999')).toBe('DE98ABC09999999999');
  });

  it('refuses a wrong check, a wrong national identifier, a country outside SEPA, a bad shape', () => {
    expect(checkCreditorId('DE97ZZZ09999999999')).toBeNull();
    expect(checkCreditorId('DE98ZZZ09999999998')).toBeNull();
    expect(checkCreditorId('US98ZZZ09999999999')).toBeNull();
    expect(checkCreditorId('DE98ZZ')).toBeNull();
    expect(checkCreditorId('DE98ZZZ0999999999_')).toBeNull();
  });

  it('builds the identifier from a national identifier (an Italian codice fiscale)', () => {
    const id = creditorIdFor('IT', '91234560375');
    expect(id).toBe('IT91ZZZ91234560375');
    expect(checkCreditorId(id)).toBe(id);
    expect(creditorIdFor('DE', '09999999999')).toBe('DE98ZZZ09999999999');
    // ISO 7064 MOD 97-10: the identifier with its check digits is 1 modulo 97.
    expect(mod97('09999999999DE98')).toBe(1);
  });
});
