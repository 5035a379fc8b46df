// Small pieces the traceability screens share: one client per page, dates, and errors shown by code.
import { useMemo } from 'react';
import { isApiError } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { ErrorNotice } from '../ui';
import { LedgerClient } from './ledger-client';

export function useLedgerClient(): LedgerClient {
  return useMemo(() => new LedgerClient(), []);
}

/**
 * "2026-03-12" is a calendar day (an expense's date) and must not shift with the reader's time zone;
 * anything longer is an instant, shown as a date in the reader's zone.
 */
export function formatDay(iso: string, locale: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date);
}

const KNOWN_CODES: Readonly<Record<string, PlainMessageKey>> = {
  AUTH_FORBIDDEN: 'ledgerError.AUTH_FORBIDDEN',
  EXPENSE_NOT_DRAFT: 'ledgerError.EXPENSE_NOT_DRAFT',
  REFUND_EXCEEDS_DONATION: 'ledgerError.REFUND_EXCEEDS_DONATION',
  EVIDENCE_TOO_LARGE: 'ledgerError.EVIDENCE_TOO_LARGE',
  PAYLOAD_TOO_LARGE: 'ledgerError.PAYLOAD_TOO_LARGE',
  PROJECT_SLUG_TAKEN: 'ledgerError.PROJECT_SLUG_TAKEN',
  VALIDATION_FAILED: 'ledgerError.VALIDATION_FAILED',
  DONATION_CONFLICT: 'ledgerError.DONATION_CONFLICT',
  CONTACT_CONFLICT: 'ledgerError.CONTACT_CONFLICT',
};

/** A failed action: what went wrong in words where the code is known, and always the code itself. */
export function ActionError({ error }: { readonly error: unknown }) {
  const { t } = useI18n();
  if (!isApiError(error)) return <ErrorNotice error={error} />;
  const known = KNOWN_CODES[error.code];
  return (
    <div className="status status-error" role="alert" data-error-code={error.code}>
      <p>{known ? t(known) : error.message}</p>
      <p className="status-reference">{t('ledger.errorCode', { code: error.code })}</p>
    </div>
  );
}
