import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DonationPage } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { it as italian } from '../i18n/it';
import { RouterProvider, createMemoryHistory } from '../router';
import { DonateForm } from './donate-form';
import {
  SepaConfirmationView,
  initialSepaValues,
  sepaErrorPlacement,
  validateSepa,
  type SepaConfirmation,
  type SepaMandateForm,
  type SepaOption,
} from './sepa-mandate';

// SEPA Direct Debit on the donation form: the card/direct-debit choice for a monthly gift, the
// account fields (with BIC and address only for accounts outside the EEA), the mandate wording as the
// server sent it with its box, the checks made before sending, and the confirmation with the mandate
// reference and the pre-notification, in English, Italian and German.

const page: DonationPage = {
  campaign: {
    slug: 'un-pasto',
    name: 'Un pasto per tutti',
    description: '',
    goalMinor: 2_500_000,
    raisedMinor: 0,
    donations: 0,
    currency: 'EUR',
  },
  presetsMinor: [200, 500, 1000],
  minMinor: 100,
  maxMinor: 1_000_000,
  frequencies: ['one-off', 'monthly'],
  consents: [],
  sandbox: true,
};

const form: SepaMandateForm = {
  available: true,
  creditorName: 'Associazione Filo Solidale ETS',
  creditorId: 'IT91ZZZ91234560375',
  version: 'sepa-core-2026-03',
  language: 'en',
  text: 'SEPA Direct Debit Mandate (SEPA Core, recurrent payments).\n\nBy signing this mandate form, you authorise (A) Associazione Filo Solidale ETS to send instructions to your bank.',
  prenotificationDays: 14,
  collectionDays: [1, 15],
  firstCollections: [
    { day: 1, date: '2026-04-01' },
    { day: 15, date: '2026-03-16' },
  ],
  sepaCountries: ['AT', 'BE', 'CH', 'DE', 'ES', 'FR', 'GB', 'IT', 'NL'],
  addressCountries: ['AD', 'CH', 'GB', 'GI', 'MC', 'SM', 'VA'],
};

const option: SepaOption = {
  form,
  sign: () => new Promise(() => undefined),
  reload: () => undefined,
};

function render(node: ReactNode, language: Language = 'en'): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/')}>{node}</RouterProvider>
    </I18nProvider>,
  );
}

const never = () => new Promise<string>(() => undefined);
const sepaValues = (over: Partial<ReturnType<typeof initialSepaValues>> = {}) => ({
  ...initialSepaValues(form),
  iban: 'DE89 3704 0044 0532 0130 00',
  authorised: true,
  ...over,
});

describe('direct debit on the donation form', () => {
  it('is offered only for a monthly gift, and only when the server offers it', () => {
    const monthly = render(
      <DonateForm page={page} onSubmit={never} sepa={option} initial={{ frequency: 'monthly' }} />,
    );
    expect(monthly).toContain(`<legend>${en['sepa.method']}</legend>`);
    expect(monthly).toContain(`<span>${en['sepa.methodSepa']}</span>`);
    // Card is chosen to start with: nothing of the mandate is shown yet.
    expect(monthly).not.toContain(en['sepa.iban']);
    const once = render(<DonateForm page={page} onSubmit={never} sepa={option} />);
    expect(once).not.toContain(en['sepa.method']);
    const without = render(<DonateForm page={page} onSubmit={never} initial={{ frequency: 'monthly' }} />);
    expect(without).not.toContain(en['sepa.method']);
  });

  it('asks for the IBAN, the day, and shows the server’s mandate wording with its box', () => {
    const html = render(
      <DonateForm
        page={page}
        onSubmit={never}
        sepa={option}
        initialMethod="sepa"
        initial={{ frequency: 'monthly', wantsTaxReceipt: true }}
      />,
    );
    expect(html).toContain(`>${en['sepa.iban']}</label>`);
    expect(html).toContain('autoCapitalize="characters"');
    expect(html).toContain('<p>SEPA Direct Debit Mandate (SEPA Core, recurrent payments).</p>');
    expect(html).toContain(
      '<p>By signing this mandate form, you authorise (A) Associazione Filo Solidale ETS',
    );
    expect(html).toContain('data-version="sepa-core-2026-03"');
    expect(html).toContain(
      'I have read the mandate and authorise Associazione Filo Solidale ETS to collect my monthly gift',
    );
    expect(html).toContain('<span>Day 1 of each month</span>');
    expect(html).toContain('<span>Day 15 of each month</span>');
    expect(html).toContain('First collection on April 1, 2026. We tell you at least 14 days before');
    expect(html).toContain('>Sign the mandate: €5 a month</button>');
    expect(html).toContain(en['sepa.secureNote']);
    // No BIC or address for an account in the EEA; the tax-receipt part is hidden.
    expect(html).not.toContain(en['sepa.street']);
    expect(html).toMatch(/<div class="donate-group" hidden="">/);
  });

  it('speaks Italian and German', () => {
    const it = render(
      <DonateForm
        page={page}
        onSubmit={never}
        sepa={option}
        initialMethod="sepa"
        initial={{ frequency: 'monthly' }}
      />,
      'it',
    );
    expect(it).toContain('>Firma il mandato: 5\u00a0€ al mese</button>');
    expect(it).toContain(`<span>${italian['sepa.methodSepa']}</span>`);
    expect(it).toContain('Primo addebito il 1 aprile 2026.');
    const de_ = render(
      <DonateForm
        page={page}
        onSubmit={never}
        sepa={option}
        initialMethod="sepa"
        initial={{ frequency: 'monthly' }}
      />,
      'de',
    );
    expect(de_).toContain('>Mandat erteilen: 5\u00a0€ im Monat</button>');
    expect(de_).toContain(`<legend>${de['sepa.account']}</legend>`);
    expect(de_).toContain('<span>Am 15. jedes Monats</span>');
  });
});

describe('validateSepa', () => {
  it('builds the request part for an account in the EEA (no BIC, no address)', () => {
    expect(validateSepa(sepaValues({ dayOfMonth: 15 }), form)).toEqual({
      ok: true,
      body: {
        iban: 'DE89370400440532013000',
        bic: null,
        address: null,
        dayOfMonth: 15,
        authorisation: { accepted: true, version: 'sepa-core-2026-03' },
      },
    });
  });

  it('checks the IBAN as the server does', () => {
    expect(validateSepa(sepaValues({ iban: '' }), form)).toEqual({
      ok: false,
      errors: { iban: 'sepa.errorIbanEmpty' },
    });
    expect(validateSepa(sepaValues({ iban: 'DE89370400440532013001' }), form)).toEqual({
      ok: false,
      errors: { iban: 'sepa.errorIban' },
    });
    // A valid IBAN, but Brazil is not in SEPA.
    expect(validateSepa(sepaValues({ iban: 'BR1800360305000010009795493C1' }), form)).toEqual({
      ok: false,
      errors: { iban: 'sepa.errorIbanNotSepa' },
    });
  });

  it('asks an account outside the EEA for its BIC and the holder’s address', () => {
    expect(validateSepa(sepaValues({ iban: 'CH9300762011623852957' }), form)).toEqual({
      ok: false,
      errors: { bic: 'sepa.errorBicRequired', street: 'sepa.errorStreet', town: 'sepa.errorTown' },
    });
    expect(
      validateSepa(
        sepaValues({
          iban: 'GB82 WEST 1234 5698 7654 32',
          bic: 'westgb22',
          street: '1 High Street',
          postcode: 'SW1A 1AA',
          town: 'London',
        }),
        form,
      ),
    ).toMatchObject({
      ok: true,
      body: {
        iban: 'GB82WEST12345698765432',
        bic: 'WESTGB22',
        address: { street: '1 High Street', postcode: 'SW1A 1AA', town: 'London', country: 'GB' },
      },
    });
  });

  it('needs the box ticked and a day offered', () => {
    expect(validateSepa(sepaValues({ authorised: false, dayOfMonth: 3 }), form)).toEqual({
      ok: false,
      errors: { day: 'sepa.errorDay', authorisation: 'sepa.errorAuthorisation' },
    });
  });

  it('places the server’s codes on their fields', () => {
    expect(sepaErrorPlacement('SEPA_IBAN_INVALID')).toEqual({ field: 'iban', key: 'sepa.errorIban' });
    expect(sepaErrorPlacement('SEPA_ADDRESS_REQUIRED')).toEqual({ field: 'street', key: 'sepa.errorStreet' });
    expect(sepaErrorPlacement('SEPA_MANDATE_TEXT_CHANGED')).toEqual({
      field: 'authorisation',
      key: 'sepa.errorTextChanged',
    });
    expect(sepaErrorPlacement('SEPA_NOT_AVAILABLE')).toEqual({ field: null, key: 'sepa.errorUnavailable' });
    expect(sepaErrorPlacement('PAYMENT_AMOUNT_INVALID')).toBeNull();
  });
});

describe('the signed mandate', () => {
  const confirmation: SepaConfirmation = {
    reference: 'FILO-M-7KQ2M9X4T8AB',
    status: 'active',
    creditorName: 'Associazione Filo Solidale ETS',
    creditorId: 'IT91ZZZ91234560375',
    debtorName: 'Juergen Mueller',
    ibanMasked: 'DE89 … 3000',
    amountMinor: 1000,
    currency: 'EUR',
    dayOfMonth: 15,
    firstCollectionDate: '2026-03-16',
    prenotificationDays: 14,
    campaign: { slug: 'un-pasto', name: 'Un pasto per tutti' },
    signedAt: '2026-03-02T10:00:00.000Z',
    wordingVersion: 'sepa-core-2026-03',
    manageUrl: 'http://localhost:3000/donate/manage/sdm_x.y',
  };

  it('shows the reference, the creditor identifier and the pre-notification of the first collection', () => {
    const html = render(<SepaConfirmationView confirmation={confirmation} />);
    expect(html).toContain(en['sepa.confirmedTitle']);
    expect(html).toContain('<code>FILO-M-7KQ2M9X4T8AB</code>');
    expect(html).toContain('<code>IT91ZZZ91234560375</code>');
    expect(html).toContain('<code>DE89 … 3000</code>');
    expect(html).toContain(
      'Pre-notification: we will collect €10 on March 16, 2026, then on day 15 of each month (or the next bank business day).',
    );
    expect(html).toContain('href="http://localhost:3000/donate/manage/sdm_x.y"');
    expect(html).not.toContain('370400440532013000');
    const it = render(<SepaConfirmationView confirmation={confirmation} />, 'it');
    expect(it).toContain('Preavviso: addebiteremo 10\u00a0€ il 16 marzo 2026, poi il giorno 15 di ogni mese');
    const de_ = render(<SepaConfirmationView confirmation={confirmation} />, 'de');
    expect(de_).toContain(
      'Vorabankündigung: Wir ziehen 10\u00a0€ am 16. März 2026 ein, danach am 15. jedes Monats',
    );
  });
});
