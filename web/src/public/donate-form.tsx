// The donation form: an amount (presets or the donor's own), once or monthly, a name and an e-mail
// or phone, tax-receipt details only when asked for, and the consent checkboxes exactly as the server
// worded them. Checked here first, then by the server, whose error codes land on the right field.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  isApiError,
  CLIENT_ERROR_CODES,
  type CheckoutStart,
  type DonationPage,
  type GiftFrequency,
} from '../api';
import { currencyDigits } from '../format';
import { useI18n, type PlainMessageKey } from '../i18n';
import { validateAmount, type AmountProblem } from './donate-amount';
import {
  PaymentMethodChoice,
  SEPA_FIELD_ORDER,
  SepaConfirmationView,
  SepaFields,
  initialSepaValues,
  sepaErrorPlacement,
  sepaFieldId,
  validateSepa,
  type PaymentMethod,
  type SepaConfirmation,
  type SepaErrors,
  type SepaField,
  type SepaOption,
  type SepaValues,
} from './sepa-mandate';

export type DonateField =
  'amount' | 'name' | 'contact' | 'email' | 'phone' | 'taxCode' | 'address' | 'consents';

export interface DonateValues {
  /** A preset in minor units, or 'other' for the donor's own amount. */
  readonly preset: number | 'other';
  readonly customAmount: string;
  readonly frequency: GiftFrequency;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly wantsTaxReceipt: boolean;
  readonly taxCode: string;
  readonly address: string;
  /** The channel the donor wants to hear from us on, asked only when they give both addresses. */
  readonly preferredChannel: '' | 'whatsapp' | 'email';
  /** The consent boxes ticked, as `channel:purpose` (see consentKey). */
  readonly consents: readonly string[];
}

export type DonateErrors = Partial<Record<DonateField, PlainMessageKey>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const PHONE_CHANNELS = new Set(['whatsapp', 'sms']);

const AMOUNT_PROBLEMS: Readonly<Record<AmountProblem, PlainMessageKey>> = {
  empty: 'donate.errorAmountEmpty',
  format: 'donate.errorAmountFormat',
  tooSmall: 'donate.errorAmountTooSmall',
  tooLarge: 'donate.errorAmountTooLarge',
};

/** "+39 333 123-4567" or "0039 333 1234567" → "+393331234567"; what the server expects (E.164). */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[\s().\-\u00a0]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

/** One consent box: a channel may have several purposes (the WhatsApp thank-you, WhatsApp news). */
export function consentKey(consent: { readonly channel: string; readonly purpose: string }): string {
  return `${consent.channel}:${consent.purpose}`;
}

export function amountProblemKey(problem: AmountProblem): PlainMessageKey {
  return AMOUNT_PROBLEMS[problem];
}

/** Checks the form as the server will; returns the request body, or the errors per field. */
export function validateDonation(
  values: DonateValues,
  page: DonationPage,
  language: string,
):
  | { readonly ok: true; readonly body: CheckoutStart }
  | { readonly ok: false; readonly errors: DonateErrors } {
  const errors: DonateErrors = {};
  const digits = currencyDigits(page.campaign.currency);
  let amountMinor = 0;
  if (values.preset === 'other') {
    const amount = validateAmount(values.customAmount, page, digits);
    if (amount.ok) amountMinor = amount.minor;
    else errors.amount = AMOUNT_PROBLEMS[amount.problem];
  } else if (values.preset < page.minMinor || values.preset > page.maxMinor) {
    errors.amount = 'donate.errorAmountEmpty';
  } else {
    amountMinor = values.preset;
  }

  const name = values.name.trim();
  if (name === '') errors.name = 'donate.errorName';
  const email = values.email.trim();
  const phone = normalisePhone(values.phone);
  if (email === '' && phone === '') errors.contact = 'donate.errorContact';
  if (email !== '' && !EMAIL.test(email)) errors.email = 'donate.errorEmail';
  if (phone !== '' && !E164.test(phone)) errors.phone = 'donate.errorPhone';

  const taxCode = values.taxCode.trim();
  const address = values.address.trim();
  if (values.wantsTaxReceipt) {
    if (taxCode.length < 4 || taxCode.length > 32) errors.taxCode = 'donate.errorTaxCode';
    if (address.length < 5 || address.length > 300) errors.address = 'donate.errorAddress';
  }

  const ticked = page.consents.filter((c) => values.consents.includes(consentKey(c)));
  if (ticked.some((c) => c.channel === 'email') && email === '') errors.consents = 'donate.errorConsentEmail';
  else if (ticked.some((c) => PHONE_CHANNELS.has(c.channel)) && phone === '')
    errors.consents = 'donate.errorConsentPhone';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      campaign: page.campaign.slug,
      amountMinor,
      currency: page.campaign.currency,
      frequency: values.frequency,
      name,
      email: email === '' ? null : email,
      phone: phone === '' ? null : phone,
      language,
      taxReceipt: values.wantsTaxReceipt ? { taxCode, address } : null,
      // Asked (and sent) only when there is a choice to make: both an address and a phone number.
      preferredChannel:
        email !== '' && phone !== '' && values.preferredChannel !== '' ? values.preferredChannel : null,
      consents: ticked.map((c) => ({ channel: c.channel, purpose: c.purpose, version: c.version })),
    },
  };
}

/** Where a refusal from the server belongs: on a field, or above the form. */
export function serverErrorPlacement(error: unknown): {
  readonly field: DonateField | null;
  readonly key: PlainMessageKey;
} {
  if (!isApiError(error)) return { field: null, key: 'errors.generic' };
  switch (error.code) {
    case 'PAYMENT_AMOUNT_INVALID':
      return { field: 'amount', key: 'donate.errorAmountServer' };
    case 'PAYMENT_DONOR_INVALID':
      return { field: 'contact', key: 'donate.errorContactServer' };
    case 'PAYMENT_CONSENT_VERSION_UNKNOWN':
      return { field: 'consents', key: 'donate.errorConsentChanged' };
    case 'PAYMENT_CAMPAIGN_NOT_OPEN':
      return { field: null, key: 'donate.errorCampaignClosed' };
    case 'PAYMENT_CURRENCY_MISMATCH':
    case 'PAYMENT_CURRENCY_UNKNOWN':
      return { field: null, key: 'donate.errorCurrency' };
    case 'RATE_LIMITED':
      return { field: null, key: 'donate.errorRateLimited' };
    case 'PAYMENT_PROVIDER_FAILED':
      return { field: null, key: 'donate.errorProvider' };
    case CLIENT_ERROR_CODES.NETWORK_ERROR:
      return { field: null, key: 'errors.network' };
    default:
      return { field: null, key: 'errors.generic' };
  }
}

export function initialValues(page: DonationPage): DonateValues {
  const presets = page.presetsMinor;
  return {
    // The middle preset is chosen to start with: giving should take seconds.
    preset: presets[Math.floor((presets.length - 1) / 2)] ?? 'other',
    customAmount: '',
    frequency: page.frequencies[0] ?? 'one-off',
    name: '',
    email: '',
    phone: '',
    wantsTaxReceipt: false,
    taxCode: '',
    address: '',
    preferredChannel: '',
    consents: [],
  };
}

const FIELD_ORDER: readonly DonateField[] = [
  'amount',
  'name',
  'contact',
  'email',
  'phone',
  'taxCode',
  'address',
  'consents',
];

/** Which errors an edit of each value makes stale. */
const CLEARS: Readonly<Record<keyof DonateValues, readonly DonateField[]>> = {
  preset: ['amount'],
  customAmount: ['amount'],
  frequency: [],
  name: ['name'],
  email: ['email', 'contact', 'consents'],
  phone: ['phone', 'contact', 'consents'],
  wantsTaxReceipt: ['taxCode', 'address'],
  taxCode: ['taxCode'],
  address: ['address'],
  preferredChannel: [],
  consents: ['consents'],
};

function omit(errors: DonateErrors, fields: readonly DonateField[]): DonateErrors {
  const kept: DonateErrors = { ...errors };
  for (const field of fields) delete kept[field];
  return kept;
}

export interface DonateFormProps {
  readonly page: DonationPage;
  /** Sends the checkout; resolves with the hosted checkout's URL. */
  readonly onSubmit: (body: CheckoutStart) => Promise<string>;
  /** Leaves for the checkout page (the browser's own navigation by default). */
  readonly go?: (url: string) => void;
  /** When the consent wording changed under the donor: fetch the page again. */
  readonly onConsentsChanged?: () => void;
  /** Tests: start from these values. */
  readonly initial?: Partial<DonateValues>;
  readonly initialErrors?: DonateErrors;
  /** When given, a monthly gift may be paid by SEPA Direct Debit: a mandate signed here, no payment page. */
  readonly sepa?: SepaOption | null;
  /** Tests: start with this payment method. */
  readonly initialMethod?: PaymentMethod;
}

export function DonateForm({
  page,
  onSubmit,
  go = (url) => window.location.assign(url),
  onConsentsChanged,
  initial,
  initialErrors = {},
  sepa = null,
  initialMethod = 'card',
}: DonateFormProps) {
  const { t, money, language } = useI18n();
  const id = useId();
  const [values, setValues] = useState<DonateValues>(() => ({ ...initialValues(page), ...initial }));
  const [errors, setErrors] = useState<DonateErrors>(initialErrors);
  const [formError, setFormError] = useState<PlainMessageKey | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [method, setMethod] = useState<PaymentMethod>(initialMethod);
  const [sepaValues, setSepaValues] = useState<SepaValues>(() => initialSepaValues(sepa?.form));
  const [sepaErrors, setSepaErrors] = useState<SepaErrors>({});
  const [confirmation, setConfirmation] = useState<SepaConfirmation | null>(null);
  const bySepa = sepa !== null && values.frequency === 'monthly' && method === 'sepa';
  // The days offered arrive with the mandate form: until one is picked, the first of them.
  const sepaShown =
    sepa && !sepa.form.collectionDays.includes(sepaValues.dayOfMonth)
      ? { ...sepaValues, dayOfMonth: sepa.form.collectionDays[0] ?? sepaValues.dayOfMonth }
      : sepaValues;
  const shownSepaErrors = bySepa ? sepaErrors : {};
  useReleaseOnReturn(() => setSubmitting(false));
  const currency = page.campaign.currency;
  const limits = { min: money(page.minMinor, currency), max: money(page.maxMinor, currency) };

  const set = <K extends keyof DonateValues>(key: K, value: DonateValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // Editing a field takes its error away; the form checks everything again on submit.
    const cleared = CLEARS[key];
    setErrors((e) => (cleared.some((f) => e[f]) ? omit(e, cleared) : e));
  };
  const fieldId = (field: string) => `${id}-${field}`;
  const errorId = (field: DonateField) => `${id}-${field}-error`;
  const describedBy = (field: DonateField, ...more: string[]) =>
    [errors[field] ? errorId(field) : null, ...more].filter(Boolean).join(' ') || undefined;

  const focusFirstError = (found: DonateErrors) => {
    const first = FIELD_ORDER.find((f) => found[f]);
    if (!first) return;
    // A group's error moves focus to its chosen or first control, a field's to the field itself.
    const target: Record<DonateField, string> = {
      amount: values.preset === 'other' ? fieldId('custom') : fieldId(`preset-${values.preset}`),
      name: fieldId('name'),
      contact: fieldId('email'),
      email: fieldId('email'),
      phone: fieldId('phone'),
      taxCode: fieldId('taxCode'),
      address: fieldId('address'),
      consents: fieldId('consent-0'),
    };
    formRef.current?.querySelector<HTMLElement>(`[id="${target[first]}"]`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    setFormError(null);
    // A direct debit takes no tax-receipt fields.
    const checked = validateDonation(bySepa ? { ...values, wantsTaxReceipt: false } : values, page, language);
    if (!checked.ok) {
      setErrors(checked.errors);
      if (bySepa && sepa) setSepaErrors(sepaProblems(sepa));
      focusFirstError(checked.errors);
      return;
    }
    if (bySepa && sepa) {
      await submitSepa(sepa, checked.body);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const url = await onSubmit(checked.body);
      go(url);
      // Stay "submitting" while the browser leaves: a second press must not start a second checkout.
    } catch (error) {
      setSubmitting(false);
      const { field, key } = serverErrorPlacement(error);
      if (field) {
        const found = { [field]: key };
        setErrors(found);
        focusFirstError(found);
        if (field === 'consents') {
          setValues((v) => ({ ...v, consents: [] }));
          onConsentsChanged?.();
        }
      } else {
        setFormError(key);
      }
    }
  };

  function sepaProblems(option: SepaOption): SepaErrors {
    const result = validateSepa(sepaShown, option.form);
    return result.ok ? {} : result.errors;
  }

  const focusSepa = (found: SepaErrors) => {
    const first = SEPA_FIELD_ORDER.find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[id="${sepaFieldId(id, first)}"]`)?.focus();
  };

  /** Signs the mandate: the donor's part checked above, the account and the authorisation here. */
  const submitSepa = async (option: SepaOption, body: CheckoutStart) => {
    const sepaChecked = validateSepa(sepaShown, option.form);
    if (!sepaChecked.ok) {
      setErrors({});
      setSepaErrors(sepaChecked.errors);
      focusSepa(sepaChecked.errors);
      return;
    }
    setErrors({});
    setSepaErrors({});
    setSubmitting(true);
    try {
      setConfirmation(
        await option.sign({
          campaign: body.campaign,
          amountMinor: body.amountMinor,
          ...(body.currency ? { currency: body.currency } : {}),
          name: body.name,
          email: body.email,
          phone: body.phone,
          language: body.language,
          preferredChannel: body.preferredChannel,
          consents: body.consents,
          ...sepaChecked.body,
        }),
      );
    } catch (error) {
      setSubmitting(false);
      const sepaPlace = isApiError(error) ? sepaErrorPlacement(error.code) : null;
      if (sepaPlace?.field) {
        const found = { [sepaPlace.field]: sepaPlace.key } as Partial<Record<SepaField, PlainMessageKey>>;
        setSepaErrors(found);
        focusSepa(found);
        if (isApiError(error, 'SEPA_MANDATE_TEXT_CHANGED')) {
          setSepaValues((v) => ({ ...v, authorised: false }));
          option.reload();
        }
        return;
      }
      if (sepaPlace) {
        setFormError(sepaPlace.key);
        return;
      }
      const { field, key } = serverErrorPlacement(error);
      if (field) {
        const found = { [field]: key };
        setErrors(found);
        focusFirstError(found);
        if (field === 'consents') {
          setValues((v) => ({ ...v, consents: [] }));
          onConsentsChanged?.();
        }
      } else {
        setFormError(key);
      }
    }
  };

  const selectedMinor =
    values.preset === 'other'
      ? (() => {
          const parsed = validateAmount(values.customAmount, page, currencyDigits(currency));
          return parsed.ok ? parsed.minor : null;
        })()
      : values.preset;
  const amountText = selectedMinor === null ? null : money(selectedMinor, currency);
  const submitLabel =
    amountText === null
      ? t('donate.submitPlain')
      : bySepa
        ? t('sepa.submit', { amount: amountText })
        : values.frequency === 'monthly'
          ? t('donate.submitMonthly', { amount: amountText })
          : t('donate.submit', { amount: amountText });
  const errorCount = Object.keys(errors).length + Object.keys(shownSepaErrors).length;

  if (confirmation) return <SepaConfirmationView confirmation={confirmation} />;

  return (
    <form
      ref={formRef}
      className="form donate-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-busy={submitting}
    >
      {errorCount > 0 && (
        <p className="status status-error" role="alert">
          {t('donate.errorSummary')}
        </p>
      )}

      {page.frequencies.length > 1 && (
        <fieldset className="donate-group">
          <legend>{t('donate.frequency')}</legend>
          <div className="choices choices-2">
            {page.frequencies.map((frequency) => (
              <Choice
                key={frequency}
                id={fieldId(`frequency-${frequency}`)}
                name={fieldId('frequency')}
                checked={values.frequency === frequency}
                onChange={() => set('frequency', frequency)}
              >
                {t(frequency === 'monthly' ? 'donate.monthly' : 'donate.oneOff')}
              </Choice>
            ))}
          </div>
        </fieldset>
      )}

      {sepa !== null && values.frequency === 'monthly' && (
        <PaymentMethodChoice
          idPrefix={id}
          method={method}
          onChange={(m) => {
            setMethod(m);
            setSepaErrors({});
          }}
        />
      )}

      <fieldset
        className="donate-group"
        aria-describedby={describedBy('amount', fieldId('amount-hint'))}
        aria-invalid={errors.amount ? true : undefined}
      >
        <legend>{t('donate.amount')}</legend>
        <div className="choices">
          {page.presetsMinor.map((minor) => (
            <Choice
              key={minor}
              id={fieldId(`preset-${minor}`)}
              name={fieldId('amount')}
              checked={values.preset === minor}
              onChange={() => set('preset', minor)}
            >
              {money(minor, currency)}
            </Choice>
          ))}
          <Choice
            id={fieldId('preset-other')}
            name={fieldId('amount')}
            checked={values.preset === 'other'}
            onChange={() => set('preset', 'other')}
          >
            {t('donate.otherAmount')}
          </Choice>
        </div>
        {values.preset === 'other' && (
          <div className="field donate-custom">
            <label htmlFor={fieldId('custom')}>{t('donate.customAmount', { currency })}</label>
            <input
              id={fieldId('custom')}
              inputMode="decimal"
              autoComplete="transaction-amount"
              value={values.customAmount}
              aria-invalid={errors.amount ? true : undefined}
              aria-describedby={describedBy('amount', fieldId('amount-hint'))}
              onChange={(e) => set('customAmount', e.target.value)}
            />
          </div>
        )}
        <p id={fieldId('amount-hint')} className="field-hint">
          {t('donate.amountHint', limits)}
        </p>
        <FieldError id={errorId('amount')} message={errors.amount} />
      </fieldset>

      <fieldset className="donate-group">
        <legend>{t('donate.aboutYou')}</legend>
        <div className="field">
          <label htmlFor={fieldId('name')}>{t('donate.name')}</label>
          <input
            id={fieldId('name')}
            autoComplete="name"
            maxLength={120}
            required
            value={values.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name')}
            onChange={(e) => set('name', e.target.value)}
          />
          <FieldError id={errorId('name')} message={errors.name} />
        </div>
        <p id={fieldId('contact-hint')} className="field-hint">
          {t('donate.contactHint')}
        </p>
        <FieldError id={errorId('contact')} message={errors.contact} />
        <div className="field">
          <label htmlFor={fieldId('email')}>{t('donate.email')}</label>
          <input
            id={fieldId('email')}
            type="email"
            autoComplete="email"
            maxLength={254}
            value={values.email}
            aria-invalid={errors.email || errors.contact ? true : undefined}
            aria-describedby={describedBy(
              'email',
              fieldId('contact-hint'),
              errors.contact ? errorId('contact') : '',
            )}
            onChange={(e) => set('email', e.target.value)}
          />
          <FieldError id={errorId('email')} message={errors.email} />
        </div>
        <div className="field">
          <label htmlFor={fieldId('phone')}>{t('donate.phone')}</label>
          <input
            id={fieldId('phone')}
            type="tel"
            autoComplete="tel"
            maxLength={32}
            value={values.phone}
            aria-invalid={errors.phone || errors.contact ? true : undefined}
            aria-describedby={describedBy('phone', fieldId('phone-hint'))}
            onChange={(e) => set('phone', e.target.value)}
          />
          <p id={fieldId('phone-hint')} className="field-hint">
            {t('donate.phoneHint')}
          </p>
          <FieldError id={errorId('phone')} message={errors.phone} />
        </div>
        {values.email.trim() !== '' && values.phone.trim() !== '' && (
          <fieldset className="donate-group">
            <legend>{t('donate.preferredChannel')}</legend>
            <div className="choices choices-2">
              {(['whatsapp', 'email'] as const).map((channel) => (
                <Choice
                  key={channel}
                  id={fieldId(`preferred-${channel}`)}
                  name={fieldId('preferred')}
                  checked={values.preferredChannel === channel}
                  onChange={() => set('preferredChannel', channel)}
                >
                  {t(channel === 'whatsapp' ? 'donate.preferredWhatsapp' : 'donate.preferredEmail')}
                </Choice>
              ))}
            </div>
          </fieldset>
        )}
      </fieldset>

      <div className="donate-group" hidden={bySepa}>
        <label className="check">
          <input
            type="checkbox"
            checked={values.wantsTaxReceipt}
            aria-expanded={values.wantsTaxReceipt}
            aria-controls={fieldId('tax')}
            onChange={(e) => set('wantsTaxReceipt', e.target.checked)}
          />
          <span>{t('donate.taxReceipt')}</span>
        </label>
        <div id={fieldId('tax')} className="donate-tax" hidden={!values.wantsTaxReceipt}>
          {values.wantsTaxReceipt && (
            <>
              <p className="field-hint">{t('donate.taxReceiptHint')}</p>
              <div className="field">
                <label htmlFor={fieldId('taxCode')}>{t('donate.taxCode')}</label>
                <input
                  id={fieldId('taxCode')}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={32}
                  value={values.taxCode}
                  aria-invalid={errors.taxCode ? true : undefined}
                  aria-describedby={describedBy('taxCode')}
                  onChange={(e) => set('taxCode', e.target.value)}
                />
                <FieldError id={errorId('taxCode')} message={errors.taxCode} />
              </div>
              <div className="field">
                <label htmlFor={fieldId('address')}>{t('donate.address')}</label>
                <textarea
                  id={fieldId('address')}
                  autoComplete="street-address"
                  rows={3}
                  maxLength={300}
                  value={values.address}
                  aria-invalid={errors.address ? true : undefined}
                  aria-describedby={describedBy('address')}
                  onChange={(e) => set('address', e.target.value)}
                />
                <FieldError id={errorId('address')} message={errors.address} />
              </div>
            </>
          )}
        </div>
      </div>

      {page.consents.length > 0 && (
        <fieldset className="donate-group" aria-describedby={describedBy('consents')}>
          <legend>{t('donate.consents')}</legend>
          {page.consents.map((consent, index) => (
            <label key={consentKey(consent)} className="check">
              <input
                id={fieldId(`consent-${index}`)}
                type="checkbox"
                name="consent"
                value={consentKey(consent)}
                data-version={consent.version}
                checked={values.consents.includes(consentKey(consent))}
                onChange={(e) =>
                  set(
                    'consents',
                    e.target.checked
                      ? [...values.consents, consentKey(consent)]
                      : values.consents.filter((c) => c !== consentKey(consent)),
                  )
                }
              />
              <span>{consent.wording}</span>
            </label>
          ))}
          <FieldError id={errorId('consents')} message={errors.consents} />
        </fieldset>
      )}

      {bySepa && sepa && (
        <SepaFields
          idPrefix={id}
          form={sepa.form}
          values={sepaShown}
          errors={shownSepaErrors}
          onChange={(next, cleared) => {
            setSepaValues(next);
            setSepaErrors((e) => {
              const kept = { ...e };
              for (const f of cleared) delete kept[f];
              return kept;
            });
          }}
        />
      )}

      {formError && (
        <p className="status status-error" role="alert">
          {t(formError)}
        </p>
      )}

      <button
        type="submit"
        className="button button-primary button-block donate-submit"
        disabled={submitting}
      >
        {submitting ? t(bySepa ? 'sepa.submitting' : 'donate.submitting') : submitLabel}
      </button>
      <p className="field-hint donate-secure">
        {t(bySepa ? 'sepa.secureNote' : page.sandbox ? 'donate.sandboxNote' : 'donate.secureNote')}
      </p>
    </form>
  );
}

/** A radio drawn as a large button; the native input keeps the keyboard and screen readers working. */
function Choice({
  id,
  name,
  checked,
  onChange,
  children,
}: {
  readonly id: string;
  readonly name: string;
  readonly checked: boolean;
  readonly onChange: () => void;
  readonly children: ReactNode;
}) {
  return (
    <label className="choice">
      <input id={id} type="radio" name={name} checked={checked} onChange={onChange} />
      <span>{children}</span>
    </label>
  );
}

function FieldError({ id, message }: { readonly id: string; readonly message: PlainMessageKey | undefined }) {
  const { t } = useI18n();
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {t(message)}
    </p>
  );
}

/**
 * The form stays disabled while the browser leaves for the payment page; coming back with the Back
 * button restores the page from the back-forward cache as it was, so enable it again then.
 */
export function useReleaseOnReturn(release: () => void): void {
  const latest = useRef(release);
  latest.current = release;
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) latest.current();
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);
}
