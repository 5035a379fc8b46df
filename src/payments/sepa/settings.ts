import { CoreErrors, FiloError } from '../../core';
import { SepaErrors } from './errors';
import { checkBic, checkCreditorId, checkIban, isSepaCountry } from './iban';
import { sepaText } from './sepa-text';

// The creditor's SEPA settings: who collects (name, creditor identifier, the account the money goes
// to), the pre-notification period agreed in the mandate text, the days of the month donors may pick,
// and how far ahead the collection job puts collections into a batch. Each may come from the
// environment (FILO_SEPA_*), which then fixes it; the rest is set on the admin screen.

export interface SepaSettings {
  readonly creditorId: string | null;
  readonly creditorName: string | null;
  readonly creditorIban: string | null;
  readonly creditorBic: string | null;
  /** Calendar days between the notice and a collection (the rulebook's default is 14). */
  readonly prenotificationDays: number;
  /** Days of the month (1–28) a donor may choose. */
  readonly collectionDays: readonly number[];
  /** The job batches collections falling due within this many days. */
  readonly daysAhead: number;
}

export type SettingsField = keyof SepaSettings;

export const DEFAULT_SETTINGS: SepaSettings = Object.freeze({
  creditorId: null,
  creditorName: null,
  creditorIban: null,
  creditorBic: null,
  prenotificationDays: 14,
  collectionDays: Object.freeze([1, 15]),
  daysAhead: 7,
});

/** A file must reach the bank one TARGET2 business day before the due date; Filo leaves one more. */
export const LEAD_BUSINESS_DAYS = 2;

function invalid(message: string): FiloError {
  return new FiloError(SepaErrors.SEPA_SETTINGS_INVALID, { message });
}

/** Checks and normalises settings; throws SEPA_* with a message naming the field. */
export function validateSettings(input: SepaSettings): SepaSettings {
  let creditorId: string | null = null;
  if (input.creditorId) {
    creditorId = checkCreditorId(input.creditorId);
    if (!creditorId) throw new FiloError(SepaErrors.SEPA_CREDITOR_ID_INVALID);
  }
  let creditorIban: string | null = null;
  if (input.creditorIban) {
    const iban = checkIban(input.creditorIban);
    if (!iban.ok) throw invalid(`creditorIban: the IBAN is not valid (${iban.problem})`);
    if (!isSepaCountry(iban.country)) throw invalid('creditorIban: not an account in a SEPA country');
    creditorIban = iban.iban;
  }
  let creditorBic: string | null = null;
  if (input.creditorBic) {
    creditorBic = checkBic(input.creditorBic);
    if (!creditorBic) throw invalid('creditorBic: 8 or 11 characters (ISO 9362)');
  }
  let creditorName: string | null = null;
  if (input.creditorName) {
    creditorName = sepaText(input.creditorName, 70);
    if (!creditorName) throw invalid('creditorName: no letters left in the SEPA character set');
  }
  const days = input.prenotificationDays;
  if (!Number.isInteger(days) || days < 1 || days > 30)
    throw invalid('prenotificationDays: a whole number from 1 to 30');
  const collectionDays = [...new Set(input.collectionDays)].sort((a, b) => a - b);
  if (
    collectionDays.length === 0 ||
    collectionDays.length > 6 ||
    collectionDays.some((d) => !Number.isInteger(d) || d < 1 || d > 28)
  )
    throw invalid('collectionDays: one to six days of the month, each from 1 to 28');
  if (!Number.isInteger(input.daysAhead) || input.daysAhead < 3 || input.daysAhead > 30)
    throw invalid('daysAhead: a whole number from 3 to 30');
  return Object.freeze({
    creditorId,
    creditorName,
    creditorIban,
    creditorBic,
    prenotificationDays: days,
    collectionDays: Object.freeze(collectionDays),
    daysAhead: input.daysAhead,
  });
}

/** What the environment fixes. A bad value stops the start, like any other bad configuration. */
export function settingsFromEnv(env: Record<string, string | undefined>): Partial<SepaSettings> {
  const out: { -readonly [K in SettingsField]?: SepaSettings[K] } = {};
  const text = (name: string) => env[name]?.trim() || undefined;
  const int = (name: string) => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value))
      throw new FiloError(CoreErrors.CONFIG_INVALID, { message: `${name} must be a whole number` });
    return value;
  };
  const id = text('FILO_SEPA_CREDITOR_ID');
  if (id !== undefined) out.creditorId = id;
  const name = text('FILO_SEPA_CREDITOR_NAME');
  if (name !== undefined) out.creditorName = name;
  const iban = text('FILO_SEPA_CREDITOR_IBAN');
  if (iban !== undefined) out.creditorIban = iban;
  const bic = text('FILO_SEPA_CREDITOR_BIC');
  if (bic !== undefined) out.creditorBic = bic;
  const days = int('FILO_SEPA_PRENOTIFICATION_DAYS');
  if (days !== undefined) out.prenotificationDays = days;
  const collection = text('FILO_SEPA_COLLECTION_DAYS');
  if (collection !== undefined) out.collectionDays = collection.split(',').map((d) => Number(d.trim()));
  const ahead = int('FILO_SEPA_DAYS_AHEAD');
  if (ahead !== undefined) out.daysAhead = ahead;
  try {
    validateSettings({ ...DEFAULT_SETTINGS, ...out });
  } catch (cause) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, {
      message: `FILO_SEPA_*: ${cause instanceof Error ? cause.message : 'invalid'}`,
      cause,
    });
  }
  return Object.freeze(out);
}

/** Collections can be taken: a creditor identifier, a name and an account. */
export function isComplete(s: SepaSettings): s is SepaSettings & {
  creditorId: string;
  creditorName: string;
  creditorIban: string;
} {
  return s.creditorId !== null && s.creditorName !== null && s.creditorIban !== null;
}
