import { FiloError } from '../../core';
import { validDate } from './camt';
import { ReconciliationErrors } from './errors';
import { requireCurrency, toMinor } from './money';
import { cleanText, normaliseIban, type RawEntry } from './statement';

// Bank CSV exports, read with a mapping saved per bank: which column holds what, the delimiter, the
// decimal separator, the date format and the encoding. Every row must read cleanly or the whole file
// is rejected with the row number.

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export const ENCODINGS = ['utf-8', 'latin1'] as const;

export interface CsvColumns {
  readonly date: string;
  /** A signed amount (negative = debit); or use `credit` and `debit` columns instead. */
  readonly amount?: string | undefined;
  readonly credit?: string | undefined;
  readonly debit?: string | undefined;
  readonly valueDate?: string | undefined;
  readonly currency?: string | undefined;
  readonly counterpartyName?: string | undefined;
  readonly iban?: string | undefined;
  readonly remittance?: string | undefined;
  readonly reference?: string | undefined;
}

export interface CsvMappingSettings {
  readonly delimiter: (typeof DELIMITERS)[number];
  readonly decimalSeparator: '.' | ',';
  readonly dateFormat: DateFormat;
  readonly encoding: (typeof ENCODINGS)[number];
  /** Lines before the header row (banks often print the account and period first). */
  readonly skipLines: number;
  /** Used when there is no currency column, or the cell is empty. */
  readonly defaultCurrency: string;
  /** The account these exports belong to (the nonprofit's IBAN), part of every entry key. */
  readonly accountIban?: string | null | undefined;
  /** Header names of the columns. */
  readonly columns: CsvColumns;
}

function mappingError(message: string): FiloError {
  return new FiloError(ReconciliationErrors.BANK_MAPPING_INVALID, { message });
}

/** Checks a mapping before it is saved (so a saved mapping can always be applied). */
export function validateMapping(s: CsvMappingSettings): CsvMappingSettings {
  if (!(DELIMITERS as readonly string[]).includes(s.delimiter)) throw mappingError('Unknown delimiter');
  if (s.decimalSeparator !== '.' && s.decimalSeparator !== ',')
    throw mappingError('Unknown decimal separator');
  if (s.decimalSeparator === s.delimiter) throw mappingError('The decimal separator cannot be the delimiter');
  if (!(DATE_FORMATS as readonly string[]).includes(s.dateFormat)) throw mappingError('Unknown date format');
  if (!(ENCODINGS as readonly string[]).includes(s.encoding)) throw mappingError('Unknown encoding');
  if (!Number.isInteger(s.skipLines) || s.skipLines < 0 || s.skipLines > 50)
    throw mappingError('skipLines must be 0–50');
  try {
    requireCurrency(s.defaultCurrency, 'defaultCurrency');
  } catch {
    throw mappingError('defaultCurrency must be a known ISO 4217 code');
  }
  if (s.accountIban && !normaliseIban(s.accountIban)) throw mappingError('accountIban is not an IBAN');
  const c = s.columns;
  if (!c.date?.trim()) throw mappingError('The date column is required');
  const hasAmount = !!c.amount?.trim();
  const hasPair = !!c.credit?.trim() && !!c.debit?.trim();
  if (hasAmount === hasPair)
    throw mappingError('Map either an amount column or both credit and debit columns');
  const names = Object.values(c).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (new Set(names.map((n) => n.trim().toLowerCase())).size !== names.length) {
    throw mappingError('Two fields are mapped to the same column');
  }
  return s;
}

export function decode(bytes: Uint8Array, encoding: CsvMappingSettings['encoding']): string {
  try {
    const textValue = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'latin1', { fatal: true }).decode(
      bytes,
    );
    return textValue.replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new FiloError(ReconciliationErrors.BANK_FILE_ENCODING, {
      message: `The file is not valid ${encoding}`,
      cause,
    });
  }
}

/** RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks. */
export function splitCsv(input: string, delimiter: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) {
    throw new FiloError(ReconciliationErrors.BANK_CSV_INVALID, {
      message: `Line ${rowLine}: an unclosed quote`,
    });
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
  }
  return rows;
}

function parseDate(value: string, format: DateFormat): string | null {
  const v = value.trim();
  let y: string | undefined, m: string | undefined, d: string | undefined;
  let match: RegExpExecArray | null;
  switch (format) {
    case 'YYYY-MM-DD':
      match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(v);
      [y, m, d] = [match?.[1], match?.[2], match?.[3]];
      break;
    case 'DD/MM/YYYY':
    case 'DD.MM.YYYY':
    case 'DD-MM-YYYY': {
      const sep = format[2] === '.' ? '\\.' : format[2];
      match = new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{4})$`).exec(v);
      [d, m, y] = [match?.[1], match?.[2], match?.[3]];
      break;
    }
    case 'MM/DD/YYYY':
      match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      [m, d, y] = [match?.[1], match?.[2], match?.[3]];
      break;
  }
  if (!y || !m || !d) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return validDate(iso) ? iso : null;
}

/** A signed decimal in the bank's notation → sign and the digit strings; null when unreadable. */
function parseDecimal(
  value: string,
  decimal: '.' | ',',
): { negative: boolean; whole: string; fraction: string } | null {
  let v = value.trim().replace(/[\s\u00a0']/g, '');
  if (v === '') return null;
  let negative = false;
  if (/^\(.*\)$/.test(v)) {
    negative = true;
    v = v.slice(1, -1);
  }
  if (v.startsWith('-') || v.startsWith('+')) {
    negative = negative || v.startsWith('-');
    v = v.slice(1);
  } else if (v.endsWith('-')) {
    negative = true;
    v = v.slice(0, -1);
  }
  const thousands = decimal === ',' ? '.' : ',';
  const grouped = new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+(\\${decimal}\\d+)?$`);
  if (grouped.test(v)) v = v.split(thousands).join('');
  const m = new RegExp(`^(\\d+)(?:\\${decimal}(\\d+))?$`).exec(v);
  if (!m) return null;
  return { negative, whole: m[1] ?? '', fraction: m[2] ?? '' };
}

export function parseCsv(bytes: Uint8Array, mapping: CsvMappingSettings): { entries: RawEntry[] } {
  const content = decode(bytes, mapping.encoding);
  const rows = splitCsv(content, mapping.delimiter).slice(mapping.skipLines);
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty[0];
  if (!header)
    throw new FiloError(ReconciliationErrors.BANK_FILE_EMPTY, { message: 'The CSV file has no header row' });
  const index = new Map(header.cells.map((h, i) => [h.trim().toLowerCase(), i] as const));
  const col = (name: string | undefined): number | undefined => {
    if (!name?.trim()) return undefined;
    const i = index.get(name.trim().toLowerCase());
    if (i === undefined) {
      throw new FiloError(ReconciliationErrors.BANK_CSV_INVALID, {
        message: `The header row has no column "${name}" that the mapping names`,
        details: { line: header.line, column: name },
      });
    }
    return i;
  };
  const c = mapping.columns;
  const at = {
    date: col(c.date),
    amount: col(c.amount),
    credit: col(c.credit),
    debit: col(c.debit),
    valueDate: col(c.valueDate),
    currency: col(c.currency),
    name: col(c.counterpartyName),
    iban: col(c.iban),
    remittance: col(c.remittance),
    reference: col(c.reference),
  };
  const accountIban = normaliseIban(mapping.accountIban ?? null);
  const entries: RawEntry[] = [];
  for (const row of nonEmpty.slice(1)) {
    const where = `line ${row.line}`;
    const cell = (i: number | undefined) => (i === undefined ? '' : (row.cells[i] ?? '').trim());
    const bookingDate = parseDate(cell(at.date), mapping.dateFormat);
    if (!bookingDate) {
      throw new FiloError(ReconciliationErrors.BANK_ENTRY_DATE_INVALID, {
        message: `${where}: ${JSON.stringify(cell(at.date).slice(0, 20))} is not a ${mapping.dateFormat} date`,
        details: { line: row.line },
      });
    }
    const currency = requireCurrency(cell(at.currency) || mapping.defaultCurrency, where);
    let sign: { negative: boolean; whole: string; fraction: string } | null;
    if (at.amount !== undefined) {
      sign = parseDecimal(cell(at.amount), mapping.decimalSeparator);
    } else {
      const credit = parseDecimal(cell(at.credit), mapping.decimalSeparator);
      const debit = parseDecimal(cell(at.debit), mapping.decimalSeparator);
      const creditZero = !credit || /^0*$/.test(credit.whole + credit.fraction);
      const debitZero = !debit || /^0*$/.test(debit.whole + debit.fraction);
      if (!creditZero && !debitZero) {
        throw new FiloError(ReconciliationErrors.BANK_ENTRY_AMOUNT_INVALID, {
          message: `${where}: both a credit and a debit amount`,
          details: { line: row.line },
        });
      }
      sign = !creditZero && credit ? credit : debit ? { ...debit, negative: !debit.negative } : null;
      if (sign && !creditZero && credit?.negative) sign = null;
    }
    if (!sign) {
      throw new FiloError(ReconciliationErrors.BANK_ENTRY_AMOUNT_INVALID, {
        message: `${where}: no readable amount`,
        details: { line: row.line },
      });
    }
    const amountMinor = toMinor(sign.whole, sign.fraction, currency, where);
    const valueDate = at.valueDate === undefined ? null : parseDate(cell(at.valueDate), mapping.dateFormat);
    entries.push({
      direction: sign.negative ? 'debit' : 'credit',
      amountMinor,
      currency,
      bookingDate,
      valueDate,
      accountIban,
      counterpartyName: cleanText(cell(at.name), 140),
      counterpartyIban: normaliseIban(cell(at.iban)),
      remittance: cleanText(cell(at.remittance)),
      reference: cleanText(cell(at.reference), 140),
      servicerRef: null,
      splitIndex: null,
      reversal: false,
    });
  }
  return { entries };
}
