// SEPA Direct Debit on the donation form: the choice between card and direct debit for a monthly
// gift, the account holder's IBAN (with the BIC and address an account outside the EEA needs), the
// collection day, the mandate wording exactly as the server worded it with its box, and the
// confirmation with the mandate reference and the pre-notification of the first collection.
// The IBAN is checked here with the same code as on the server (MOD 97, length per country).
import { useEffect, useState } from 'react';
import type { ApiClient, RequestOptions } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { checkBic, checkIban, formatIban } from '../../../src/payments/sepa/iban';
import '../styles/sepa.css';

/** What the donation page needs to offer SEPA Direct Debit (GET /api/v1/public/sepa/mandate-form). */
export interface SepaMandateForm {
  readonly available: boolean;
  readonly creditorName: string | null;
  readonly creditorId: string | null;
  readonly version: string;
  readonly language: string;
  readonly text: string | null;
  readonly prenotificationDays: number;
  readonly collectionDays: readonly number[];
  readonly firstCollections: readonly { readonly day: number; readonly date: string }[];
  readonly sepaCountries: readonly string[];
  readonly addressCountries: readonly string[];
}

export interface SepaMandateStart {
  readonly campaign: string;
  readonly amountMinor: number;
  readonly currency?: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
  readonly preferredChannel: 'whatsapp' | 'email' | null;
  readonly iban: string;
  readonly bic: string | null;
  readonly address: {
    readonly street: string;
    readonly postcode: string;
    readonly town: string;
    readonly country: string;
  } | null;
  readonly dayOfMonth: number;
  readonly authorisation: { readonly accepted: boolean; readonly version: string };
  readonly consents: readonly {
    readonly channel: string;
    readonly purpose: string;
    readonly version: string;
  }[];
}

export interface SepaConfirmation {
  readonly reference: string;
  readonly status: string;
  readonly creditorName: string;
  readonly creditorId: string;
  readonly debtorName: string;
  readonly ibanMasked: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly dayOfMonth: number;
  readonly firstCollectionDate: string;
  readonly prenotificationDays: number;
  readonly campaign: { readonly slug: string; readonly name: string } | null;
  readonly signedAt: string;
  readonly wordingVersion: string;
  readonly manageUrl: string;
}

/** The SEPA calls of the public site, over the page's ApiClient. */
export class SepaPublicApi {
  readonly #api: ApiClient;
  constructor(api: ApiClient) {
    this.#api = api;
  }
  mandateForm(language: string, options: RequestOptions = {}): Promise<SepaMandateForm> {
    return this.#api.call(
      'GET',
      `/api/v1/public/sepa/mandate-form?lang=${encodeURIComponent(language)}`,
      undefined,
      options,
    );
  }
  sign(body: SepaMandateStart, options: RequestOptions = {}): Promise<SepaConfirmation> {
    return this.#api.call('POST', '/api/v1/public/sepa/mandates', body, options);
  }
}

/** What the donation form is given when direct debit can be offered. */
export interface SepaOption {
  readonly form: SepaMandateForm;
  readonly sign: (body: SepaMandateStart) => Promise<SepaConfirmation>;
  /** Fetches the wording again (it changed under the donor). */
  readonly reload: () => void;
}

/** Loads the mandate form in the reader's language; null while loading, when unavailable or failed. */
export function useSepaOption(api: ApiClient, language: string): SepaOption | null {
  const [option, setOption] = useState<SepaOption | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const client = new SepaPublicApi(api);
    const reload = () => setRound((n) => n + 1);
    client.mandateForm(language, { signal: controller.signal }).then(
      (form) => setOption(form.available ? { form, sign: (body) => client.sign(body), reload } : null),
      // Without it the form simply offers the card, as before.
      () => undefined,
    );
    return () => controller.abort();
  }, [api, language, round]);
  return option;
}

export type PaymentMethod = 'card' | 'sepa';
export type SepaField = 'iban' | 'bic' | 'street' | 'town' | 'day' | 'authorisation';
export type SepaErrors = Partial<Record<SepaField, PlainMessageKey>>;

export interface SepaValues {
  readonly iban: string;
  readonly bic: string;
  readonly street: string;
  readonly postcode: string;
  readonly town: string;
  readonly dayOfMonth: number;
  readonly authorised: boolean;
}

export const SEPA_FIELD_ORDER: readonly SepaField[] = [
  'iban',
  'bic',
  'street',
  'town',
  'day',
  'authorisation',
];

export function initialSepaValues(form: SepaMandateForm | undefined): SepaValues {
  return {
    iban: '',
    bic: '',
    street: '',
    postcode: '',
    town: '',
    dayOfMonth: form?.collectionDays[0] ?? 1,
    authorised: false,
  };
}

/** The IBAN's country when it is a valid IBAN, else null. */
function ibanCountry(iban: string): string | null {
  const checked = checkIban(iban);
  return checked.ok ? checked.country : null;
}

/** An account outside the EEA: the holder's address and the BIC are needed. */
export function needsAddress(values: SepaValues, form: SepaMandateForm): boolean {
  const country = ibanCountry(values.iban);
  return country !== null && form.addressCountries.includes(country);
}

/** Checks the SEPA part as the server will; returns its part of the request body, or the errors. */
export function validateSepa(
  values: SepaValues,
  form: SepaMandateForm,
):
  | {
      readonly ok: true;
      readonly body: Pick<SepaMandateStart, 'iban' | 'bic' | 'address' | 'dayOfMonth' | 'authorisation'>;
    }
  | { readonly ok: false; readonly errors: SepaErrors } {
  const errors: SepaErrors = {};
  const iban = checkIban(values.iban);
  if (!iban.ok) errors.iban = values.iban.trim() === '' ? 'sepa.errorIbanEmpty' : 'sepa.errorIban';
  else if (!form.sepaCountries.includes(iban.country)) errors.iban = 'sepa.errorIbanNotSepa';
  const outside = iban.ok && form.addressCountries.includes(iban.country);
  const bic = values.bic.trim() === '' ? null : checkBic(values.bic);
  if (values.bic.trim() !== '' && bic === null) errors.bic = 'sepa.errorBic';
  else if (outside && bic === null) errors.bic = 'sepa.errorBicRequired';
  const street = values.street.trim();
  const town = values.town.trim();
  if (outside && street === '') errors.street = 'sepa.errorStreet';
  if (outside && town === '') errors.town = 'sepa.errorTown';
  if (!form.collectionDays.includes(values.dayOfMonth)) errors.day = 'sepa.errorDay';
  if (!values.authorised) errors.authorisation = 'sepa.errorAuthorisation';
  if (Object.keys(errors).length > 0 || !iban.ok) return { ok: false, errors };
  return {
    ok: true,
    body: {
      iban: iban.iban,
      bic,
      address:
        outside || (street !== '' && town !== '')
          ? { street, postcode: values.postcode.trim(), town, country: iban.country }
          : null,
      dayOfMonth: values.dayOfMonth,
      authorisation: { accepted: true, version: form.version },
    },
  };
}

/** Where a SEPA refusal from the server belongs; null when it is not a SEPA code. */
export function sepaErrorPlacement(
  code: string,
): { readonly field: SepaField | null; readonly key: PlainMessageKey } | null {
  switch (code) {
    case 'SEPA_IBAN_INVALID':
      return { field: 'iban', key: 'sepa.errorIban' };
    case 'SEPA_IBAN_NOT_SEPA':
      return { field: 'iban', key: 'sepa.errorIbanNotSepa' };
    case 'SEPA_BIC_INVALID':
      return { field: 'bic', key: 'sepa.errorBic' };
    case 'SEPA_BIC_REQUIRED':
      return { field: 'bic', key: 'sepa.errorBicRequired' };
    case 'SEPA_ADDRESS_REQUIRED':
      return { field: 'street', key: 'sepa.errorStreet' };
    case 'SEPA_DAY_INVALID':
      return { field: 'day', key: 'sepa.errorDay' };
    case 'SEPA_AUTHORISATION_MISSING':
      return { field: 'authorisation', key: 'sepa.errorAuthorisation' };
    case 'SEPA_MANDATE_TEXT_CHANGED':
      return { field: 'authorisation', key: 'sepa.errorTextChanged' };
    case 'SEPA_NAME_INVALID':
      return { field: null, key: 'sepa.errorName' };
    case 'SEPA_NOT_AVAILABLE':
      return { field: null, key: 'sepa.errorUnavailable' };
    default:
      return null;
  }
}

export function sepaFieldId(prefix: string, field: SepaField): string {
  return `${prefix}-sepa-${field === 'day' ? 'day-0' : field}`;
}

export function formatSepaDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** Card or SEPA Direct Debit, for a monthly gift. */
export function PaymentMethodChoice({
  idPrefix,
  method,
  onChange,
}: {
  readonly idPrefix: string;
  readonly method: PaymentMethod;
  readonly onChange: (method: PaymentMethod) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="donate-group">
      <legend>{t('sepa.method')}</legend>
      <div className="choices choices-2">
        {(['card', 'sepa'] as const).map((m) => (
          <label key={m} className="choice">
            <input
              id={`${idPrefix}-method-${m}`}
              type="radio"
              name={`${idPrefix}-method`}
              checked={method === m}
              onChange={() => onChange(m)}
            />
            <span>{t(m === 'card' ? 'sepa.methodCard' : 'sepa.methodSepa')}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The account, the collection day and the mandate with its box. */
export function SepaFields({
  idPrefix,
  form,
  values,
  errors,
  onChange,
}: {
  readonly idPrefix: string;
  readonly form: SepaMandateForm;
  readonly values: SepaValues;
  readonly errors: SepaErrors;
  readonly onChange: (values: SepaValues, cleared: readonly SepaField[]) => void;
}) {
  const { t, locale } = useI18n();
  const id = (field: SepaField) => sepaFieldId(idPrefix, field);
  const errorId = (field: SepaField) => `${id(field)}-error`;
  const set = <K extends keyof SepaValues>(key: K, value: SepaValues[K], cleared: readonly SepaField[]) =>
    onChange({ ...values, [key]: value }, cleared);
  const outside = needsAddress(values, form);
  const described = (field: SepaField, hint?: string) =>
    [errors[field] ? errorId(field) : null, hint].filter(Boolean).join(' ') || undefined;

  return (
    <fieldset className="donate-group sepa-fields" data-testid="sepa-fields">
      <legend>{t('sepa.account')}</legend>
      <p className="field-hint">{t('sepa.accountHint')}</p>
      <div className="field">
        <label htmlFor={id('iban')}>{t('sepa.iban')}</label>
        <input
          id={id('iban')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={50}
          value={values.iban}
          aria-invalid={errors.iban ? true : undefined}
          aria-describedby={described('iban', `${id('iban')}-hint`)}
          onChange={(e) => set('iban', e.target.value, ['iban', 'bic', 'street', 'town'])}
          onBlur={() => {
            const checked = checkIban(values.iban);
            if (checked.ok) set('iban', formatIban(checked.iban), []);
          }}
        />
        <p id={`${id('iban')}-hint`} className="field-hint">
          {t('sepa.ibanHint')}
        </p>
        <SepaError id={errorId('iban')} message={errors.iban} />
      </div>
      {(outside || values.bic !== '' || errors.bic) && (
        <div className="field">
          <label htmlFor={id('bic')}>{t(outside ? 'sepa.bicRequired' : 'sepa.bic')}</label>
          <input
            id={id('bic')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={11}
            value={values.bic}
            aria-invalid={errors.bic ? true : undefined}
            aria-describedby={described('bic')}
            onChange={(e) => set('bic', e.target.value, ['bic'])}
          />
          <SepaError id={errorId('bic')} message={errors.bic} />
        </div>
      )}
      {outside && (
        <div className="sepa-address">
          <p className="field-hint">{t('sepa.addressHint')}</p>
          <div className="field">
            <label htmlFor={id('street')}>{t('sepa.street')}</label>
            <input
              id={id('street')}
              autoComplete="address-line1"
              maxLength={70}
              value={values.street}
              aria-invalid={errors.street ? true : undefined}
              aria-describedby={described('street')}
              onChange={(e) => set('street', e.target.value, ['street'])}
            />
            <SepaError id={errorId('street')} message={errors.street} />
          </div>
          <div className="field">
            <label htmlFor={`${idPrefix}-sepa-postcode`}>{t('sepa.postcode')}</label>
            <input
              id={`${idPrefix}-sepa-postcode`}
              autoComplete="postal-code"
              maxLength={16}
              value={values.postcode}
              onChange={(e) => set('postcode', e.target.value, [])}
            />
          </div>
          <div className="field">
            <label htmlFor={id('town')}>{t('sepa.town')}</label>
            <input
              id={id('town')}
              autoComplete="address-level2"
              maxLength={60}
              value={values.town}
              aria-invalid={errors.town ? true : undefined}
              aria-describedby={described('town')}
              onChange={(e) => set('town', e.target.value, ['town'])}
            />
            <SepaError id={errorId('town')} message={errors.town} />
          </div>
        </div>
      )}
      {form.collectionDays.length > 1 && (
        <fieldset className="sepa-days" aria-describedby={described('day')}>
          <legend>{t('sepa.day')}</legend>
          <div className="choices choices-2">
            {form.collectionDays.map((day, index) => (
              <label key={day} className="choice">
                <input
                  id={`${idPrefix}-sepa-day-${index}`}
                  type="radio"
                  name={`${idPrefix}-sepa-day`}
                  checked={values.dayOfMonth === day}
                  onChange={() => set('dayOfMonth', day, ['day'])}
                />
                <span>{t('sepa.dayOption', { day })}</span>
              </label>
            ))}
          </div>
          <SepaError id={errorId('day')} message={errors.day} />
        </fieldset>
      )}
      <FirstCollection form={form} day={values.dayOfMonth} locale={locale} />
      <div className="sepa-mandate" aria-describedby={described('authorisation')}>
        <h3 id={`${idPrefix}-sepa-mandate-title`}>{t('sepa.mandateTitle')}</h3>
        <div className="sepa-mandate-text" aria-labelledby={`${idPrefix}-sepa-mandate-title`}>
          {(form.text ?? '').split('\n\n').map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
        <label className="check">
          <input
            id={id('authorisation')}
            type="checkbox"
            checked={values.authorised}
            data-version={form.version}
            aria-invalid={errors.authorisation ? true : undefined}
            aria-describedby={described('authorisation')}
            onChange={(e) => set('authorised', e.target.checked, ['authorisation'])}
          />
          <span>{t('sepa.authorise', { creditor: form.creditorName ?? '' })}</span>
        </label>
        <SepaError id={errorId('authorisation')} message={errors.authorisation} />
      </div>
    </fieldset>
  );
}

function FirstCollection({
  form,
  day,
  locale,
}: {
  readonly form: SepaMandateForm;
  readonly day: number;
  readonly locale: string;
}) {
  const { t } = useI18n();
  const first = form.firstCollections.find((f) => f.day === day);
  if (!first) return null;
  return (
    <p className="field-hint sepa-first" aria-live="polite">
      {t('sepa.firstCollectionHint', {
        date: formatSepaDate(first.date, locale),
        days: form.prenotificationDays,
      })}
    </p>
  );
}

function SepaError({ id, message }: { readonly id: string; readonly message: PlainMessageKey | undefined }) {
  const { t } = useI18n();
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {t(message)}
    </p>
  );
}

/** After signing: the mandate reference and the pre-notification of the first collection. */
export function SepaConfirmationView({ confirmation }: { readonly confirmation: SepaConfirmation }) {
  const { t, money, locale } = useI18n();
  const amount = money(confirmation.amountMinor, confirmation.currency);
  return (
    <section
      className="sepa-confirmation"
      aria-labelledby="sepa-confirmation-title"
      data-testid="sepa-confirmation"
    >
      <p role="status" className="visually-hidden">
        {t('sepa.confirmedStatus')}
      </p>
      <h2 id="sepa-confirmation-title" tabIndex={-1}>
        {t('sepa.confirmedTitle')}
      </h2>
      <p className="donate-lead">
        {confirmation.campaign
          ? t('sepa.confirmedBody', { amount, campaign: confirmation.campaign.name })
          : t('sepa.confirmedBodyGeneral', { amount })}
      </p>
      <dl className="sepa-facts">
        <div>
          <dt>{t('sepa.reference')}</dt>
          <dd>
            <code>{confirmation.reference}</code>
          </dd>
        </div>
        <div>
          <dt>{t('sepa.creditor')}</dt>
          <dd>
            {confirmation.creditorName} · {t('sepa.creditorId')} <code>{confirmation.creditorId}</code>
          </dd>
        </div>
        <div>
          <dt>{t('sepa.account')}</dt>
          <dd>
            {confirmation.debtorName} · <code>{confirmation.ibanMasked}</code>
          </dd>
        </div>
      </dl>
      <p className="notice sepa-prenotification">
        {t('sepa.prenotification', {
          amount,
          date: formatSepaDate(confirmation.firstCollectionDate, locale),
          day: confirmation.dayOfMonth,
        })}
      </p>
      <p>{t('sepa.confirmedKeep')}</p>
      <p>
        <a href={confirmation.manageUrl} className="button button-secondary">
          {t('donate.thanksManage')}
        </a>
      </p>
    </section>
  );
}
