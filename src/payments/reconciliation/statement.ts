import { createHash } from 'node:crypto';

// What every bank file becomes: statements of booked entries in integer minor units, each with an
// entry key that is the same whenever the same bank entry is seen again (a re-import, an overlapping
// statement, a statement inside a ZIP), so it is stored once.

export type BankFileFormat = 'camt.053.001.02' | 'camt.053.001.08' | 'camt.053-zip' | 'csv';
export type Direction = 'credit' | 'debit';

/** One booked bank entry, as parsed (before it has a key). */
export interface RawEntry {
  readonly direction: Direction;
  readonly amountMinor: number;
  readonly currency: string;
  /** YYYY-MM-DD */
  readonly bookingDate: string;
  readonly valueDate: string | null;
  /** The statement's own account (the nonprofit's). */
  readonly accountIban: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyIban: string | null;
  readonly remittance: string | null;
  /** End-to-end id or structured creditor reference. */
  readonly reference: string | null;
  /** The bank's unique reference for the entry (camt AcctSvcrRef). */
  readonly servicerRef: string | null;
  /** Index of a transaction inside a batch-booked entry, else null. */
  readonly splitIndex: number | null;
  readonly reversal: boolean;
}

export interface ParsedEntry extends RawEntry {
  /** Entry-level idempotency key; becomes the ledger's providerPaymentId. */
  readonly key: string;
}

export interface ParsedFile {
  readonly format: BankFileFormat;
  readonly statements: number;
  readonly entries: readonly ParsedEntry[];
  /** Entries not booked (pending, information only): not imported. */
  readonly skipped: number;
}

export function normaliseIban(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(v) ? v : null;
}

/** Collapses white space; empty becomes null. */
export function cleanText(value: string | null | undefined, max = 500): string | null {
  if (value === null || value === undefined) return null;
  const v = value.replace(/\s+/g, ' ').trim();
  return v ? v.slice(0, max) : null;
}

/**
 * The bank's own reference when it has one (scoped by account), else a hash of what identifies a
 * transfer: the account, the counterparty IBAN, the booking date, direction, amount, currency and
 * reference/remittance. Identical entries within one file are told apart by their order.
 */
export function assignKeys(entries: readonly RawEntry[]): ParsedEntry[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    let base: string;
    if (e.servicerRef) {
      base = `asr:${e.accountIban ?? '-'}:${e.servicerRef}${e.splitIndex === null ? '' : `/${e.splitIndex}`}`;
    } else {
      const material = [
        e.accountIban ?? '',
        e.counterpartyIban ?? '',
        e.bookingDate,
        e.direction,
        String(e.amountMinor),
        e.currency,
        e.reference ?? e.remittance ?? '',
        e.splitIndex === null ? '' : String(e.splitIndex),
      ].join('\u001f');
      base = `h:${createHash('sha256').update(material).digest('hex').slice(0, 40)}`;
    }
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...e, key: n === 1 ? base : `${base}#${n}` };
  });
}
