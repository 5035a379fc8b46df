import { describe, expect, it } from 'vitest';
import { isFiloError } from '../../core';
import { parseCsv, splitCsv, type CsvMappingSettings } from './csv';

const base: CsvMappingSettings = {
  delimiter: ',',
  decimalSeparator: '.',
  dateFormat: 'YYYY-MM-DD',
  encoding: 'utf-8',
  skipLines: 0,
  defaultCurrency: 'EUR',
  columns: { date: 'Date', amount: 'Amount', counterpartyName: 'Name', remittance: 'Text' },
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isFiloError(e) ? e.code : 'not a FiloError';
  }
  return undefined;
}

describe('CSV exports', () => {
  it('splits RFC 4180 records with quotes, doubled quotes and line breaks', () => {
    expect(splitCsv('a,"b,c","d ""e""\nf"\r\ng,h', ',').map((r) => r.cells)).toEqual([
      ['a', 'b,c', 'd "e"\nf'],
      ['g', 'h'],
    ]);
  });

  it('reads signed amounts with thousands separators in both notations', () => {
    const csv =
      'Date,Amount,Name,Text\n2026-03-01,"1,234.50",Anna Verdi,Gift\n2026-03-02,-10.00,Shop,Paper\n2026-03-03,(3.10),Bank,Fee\n';
    const { entries } = parseCsv(Buffer.from(csv), base);
    expect(entries.map((e) => [e.direction, e.amountMinor, e.bookingDate])).toEqual([
      ['credit', 123450, '2026-03-01'],
      ['debit', 1000, '2026-03-02'],
      ['debit', 310, '2026-03-03'],
    ]);
    const de = parseCsv(Buffer.from('Date;Amount;Name;Text\n01.03.2026;1.234,5;A B;x\n'), {
      ...base,
      delimiter: ';',
      decimalSeparator: ',',
      dateFormat: 'DD.MM.YYYY',
    });
    expect(de.entries[0]?.amountMinor).toBe(123450);
    expect(de.entries[0]?.bookingDate).toBe('2026-03-01');
  });

  it('uses the currency exponent: no decimals for JPY', () => {
    const csv = 'Date,Amount,Name,Text\n2026-03-01,1500,A B,x\n';
    expect(parseCsv(Buffer.from(csv), { ...base, defaultCurrency: 'JPY' }).entries[0]?.amountMinor).toBe(
      1500,
    );
    const bad = 'Date,Amount,Name,Text\n2026-03-01,15.50,A B,x\n';
    expect(codeOf(() => parseCsv(Buffer.from(bad), { ...base, defaultCurrency: 'JPY' }))).toBe(
      'BANK_ENTRY_AMOUNT_INVALID',
    );
  });

  it('refuses ambiguous US dates under a European format and unreadable numbers', () => {
    const csv = 'Date,Amount,Name,Text\n03/31/2026,5.00,A B,x\n';
    expect(codeOf(() => parseCsv(Buffer.from(csv), { ...base, dateFormat: 'DD/MM/YYYY' }))).toBe(
      'BANK_ENTRY_DATE_INVALID',
    );
    expect(parseCsv(Buffer.from(csv), { ...base, dateFormat: 'MM/DD/YYYY' }).entries[0]?.bookingDate).toBe(
      '2026-03-31',
    );
    expect(codeOf(() => parseCsv(Buffer.from('Date,Amount,Name,Text\n2026-03-01,12abc,A B,x\n'), base))).toBe(
      'BANK_ENTRY_AMOUNT_INVALID',
    );
    expect(codeOf(() => parseCsv(Buffer.from('Date,Amount,Name,Text\n2026-03-01,"5.00,A B,x\n'), base))).toBe(
      'BANK_CSV_INVALID',
    );
  });
});
