import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  CLIENT_ERROR_CODES,
  type CheckoutStatus,
  type DonationPage,
  type RecurringGift,
  type SandboxCheckoutSession,
} from '../api';
import { I18nProvider, type Language } from '../i18n';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { it as italian } from '../i18n/it';
import { RouterProvider, createMemoryHistory } from '../router';
import { CheckoutSandboxView } from './checkout-sandbox-page';
import {
  DonateForm,
  consentKey,
  initialValues,
  normalisePhone,
  serverErrorPlacement,
  validateDonation,
  type DonateValues,
} from './donate-form';
import { DonateView } from './donate-page';
import { DonateThanksView, PATIENT_ATTEMPTS, pollDelayMs } from './donate-thanks-page';
import { RecurringView } from './recurring-page';

const page: DonationPage = {
  campaign: {
    slug: 'un-pasto',
    name: 'Un pasto per tutti',
    description: 'Tre pasti caldi con 5 €.',
    goalMinor: 2_500_000,
    raisedMinor: 625_000,
    donations: 1234,
    currency: 'EUR',
  },
  presetsMinor: [200, 500, 1000],
  minMinor: 100,
  maxMinor: 1_000_000,
  frequencies: ['one-off', 'monthly'],
  consents: [
    { channel: 'email', purpose: 'news', version: 'v2', wording: 'News by e-mail, please.' },
    { channel: 'whatsapp', purpose: 'service', version: 'v2', wording: 'Thank me on WhatsApp.' },
    { channel: 'whatsapp', purpose: 'news', version: 'v2', wording: 'WhatsApp news, please.' },
  ],
  sandbox: true,
};

function render(node: ReactNode, language: Language = 'en'): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/')}>{node}</RouterProvider>
    </I18nProvider>,
  );
}

const never = () => new Promise<string>(() => undefined);
const values = (over: Partial<DonateValues> = {}): DonateValues => ({
  ...initialValues(page),
  name: 'Giulia Rossi',
  email: 'giulia@example.org',
  ...over,
});

describe('the donation form', () => {
  it('shows the campaign, its progress, the presets with 5 € chosen, and the server’s consent wording', () => {
    const html = render(<DonateView page={page} onSubmit={never} />);
    expect(html).toContain('<h1 id="donate-heading">Un pasto per tutti</h1>');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('Gifts so far: 1,234');
    expect(html).toContain(en['donate.sandboxNotice']);
    for (const label of [
      '€2',
      '€5',
      '€10',
      en['donate.otherAmount'],
      en['donate.oneOff'],
      en['donate.monthly'],
    ])
      expect(html).toContain(`<span>${label}</span>`);
    expect(html).toMatch(/<input[^>]*type="radio"[^>]*checked=""[^>]*\/><span>€5<\/span>/);
    for (const consent of page.consents) expect(html).toContain(`<span>${consent.wording}</span>`);
    expect(html).toContain('>Give €5</button>');
    // No tax fields until asked for; the e-mail and phone are labelled and described.
    expect(html).not.toContain(en['donate.taxCode']);
    expect(html).toContain(`>${en['donate.phoneHint']}</p>`);
    // How to hear from us is asked only once there is a choice: an e-mail address and a phone number.
    expect(html).not.toContain(en['donate.preferredChannel']);
    const both = render(
      <DonateForm
        page={page}
        onSubmit={never}
        initial={{ email: 'a@example.org', phone: '+393331234567', preferredChannel: 'whatsapp' }}
      />,
    );
    expect(both).toContain(`<legend>${en['donate.preferredChannel']}</legend>`);
    expect(both).toMatch(/type="radio"[^>]*checked=""[^>]*\/><span>On WhatsApp<\/span>/);
    expect(both).toContain(`<span>${en['donate.preferredEmail']}</span>`);
  });

  it('speaks Italian and German, with their money formats', () => {
    const it = render(<DonateForm page={page} onSubmit={never} initial={{ frequency: 'monthly' }} />, 'it');
    expect(it).toContain('>Dona 5\u00a0€ al mese</button>');
    expect(it).toContain(`<legend>${italian['donate.amount']}</legend>`);
    const de_ = render(<DonateForm page={page} onSubmit={never} />, 'de');
    expect(de_).toContain('>5\u00a0€ spenden</button>');
    expect(de_).toContain(de['donate.taxReceipt']);
  });

  it('shows the own-amount field, the tax fields and inline errors tied to their fields', () => {
    const html = render(
      <DonateForm
        page={page}
        onSubmit={never}
        initial={{ preset: 'other', customAmount: '7,5', wantsTaxReceipt: true }}
        initialErrors={{ name: 'donate.errorName', amount: 'donate.errorAmountTooSmall' }}
      />,
    );
    expect(html).toContain(en['donate.taxCode']);
    expect(html).toContain(en['donate.address']);
    expect(html).toContain('value="7,5"');
    expect(html).toContain('inputMode="decimal"');
    expect(html).toContain('>Give €7.50</button>');
    expect(html).toContain(`role="alert">${en['donate.errorSummary']}`);
    const nameError = /<p id="([^"]+)" class="field-error">Enter your name.<\/p>/.exec(html);
    expect(nameError).not.toBeNull();
    expect(html).toMatch(
      new RegExp(`autoComplete="name"[^>]*aria-invalid="true" aria-describedby="${nameError![1]}"`),
    );
    expect(html).toContain(en['donate.errorAmountTooSmall']);
  });
});

describe('validateDonation', () => {
  it('builds the request the API expects', () => {
    const result = validateDonation(
      values({
        preset: 'other',
        customAmount: '12,50',
        phone: '0039 333 123-4567',
        wantsTaxReceipt: true,
        taxCode: ' RSSGLI80A41H501U ',
        address: 'Via Roma 1, Roma',
        preferredChannel: 'email',
        consents: [consentKey(page.consents[0]!), consentKey(page.consents[1]!)],
      }),
      page,
      'it',
    );
    expect(result).toEqual({
      ok: true,
      body: {
        campaign: 'un-pasto',
        amountMinor: 1250,
        currency: 'EUR',
        frequency: 'one-off',
        name: 'Giulia Rossi',
        email: 'giulia@example.org',
        phone: '+393331234567',
        language: 'it',
        taxReceipt: { taxCode: 'RSSGLI80A41H501U', address: 'Via Roma 1, Roma' },
        preferredChannel: 'email',
        consents: [
          { channel: 'email', purpose: 'news', version: 'v2' },
          { channel: 'whatsapp', purpose: 'service', version: 'v2' },
        ],
      },
    });
  });

  it('sends no tax details unless asked for, and nulls for missing contact details', () => {
    const result = validateDonation(
      values({ taxCode: 'X', email: '', phone: '+39 333 1234567' }),
      page,
      'en',
    );
    expect(result.ok && result.body).toMatchObject({ taxReceipt: null, email: null, phone: '+393331234567' });
    // A channel chosen before the e-mail address was removed is not sent: there is no choice left.
    const without = validateDonation(
      values({ email: '', phone: '+39 333 1234567', preferredChannel: 'email' }),
      page,
      'en',
    );
    expect(without.ok && without.body.preferredChannel).toBeNull();
  });

  it.each<[Partial<DonateValues>, Record<string, string>]>([
    [{ name: '  ' }, { name: 'donate.errorName' }],
    [{ email: '', phone: '' }, { contact: 'donate.errorContact' }],
    [{ email: 'giulia@' }, { email: 'donate.errorEmail' }],
    [{ phone: '333 1234567' }, { phone: 'donate.errorPhone' }],
    [{ preset: 'other', customAmount: '' }, { amount: 'donate.errorAmountEmpty' }],
    [{ preset: 'other', customAmount: '5,555,5' }, { amount: 'donate.errorAmountFormat' }],
    [{ preset: 'other', customAmount: '0,50' }, { amount: 'donate.errorAmountTooSmall' }],
    [{ preset: 'other', customAmount: '10.000,01' }, { amount: 'donate.errorAmountTooLarge' }],
    [{ wantsTaxReceipt: true }, { taxCode: 'donate.errorTaxCode', address: 'donate.errorAddress' }],
    [
      { email: '', phone: '+393331234567', consents: ['email:news'] },
      { consents: 'donate.errorConsentEmail' },
    ],
    [{ consents: ['whatsapp:service'] }, { consents: 'donate.errorConsentPhone' }],
  ])('refuses %j', (over, errors) => {
    expect(validateDonation(values(over), page, 'en')).toEqual({ ok: false, errors });
  });

  it('normalises phone numbers to E.164 without guessing a country', () => {
    expect(normalisePhone('+39 (333) 123-45.67')).toBe('+393331234567');
    expect(normalisePhone('0049 151 2345678')).toBe('+491512345678');
    expect(normalisePhone('333 1234567')).toBe('3331234567');
  });
});

describe('serverErrorPlacement', () => {
  const error = (code: string, status = 400) => new ApiError(status, code, code, 'req_1');
  it.each([
    ['PAYMENT_AMOUNT_INVALID', 'amount', 'donate.errorAmountServer'],
    ['PAYMENT_DONOR_INVALID', 'contact', 'donate.errorContactServer'],
    ['PAYMENT_CONSENT_VERSION_UNKNOWN', 'consents', 'donate.errorConsentChanged'],
    ['PAYMENT_CAMPAIGN_NOT_OPEN', null, 'donate.errorCampaignClosed'],
    ['PAYMENT_CURRENCY_MISMATCH', null, 'donate.errorCurrency'],
    ['RATE_LIMITED', null, 'donate.errorRateLimited'],
    ['PAYMENT_PROVIDER_FAILED', null, 'donate.errorProvider'],
    [CLIENT_ERROR_CODES.NETWORK_ERROR, null, 'errors.network'],
    ['SOMETHING_NEW', null, 'errors.generic'],
  ])('puts %s on %s', (code, field, key) => {
    expect(serverErrorPlacement(error(code))).toEqual({ field, key });
  });
  it('treats a non-API failure as generic', () => {
    expect(serverErrorPlacement(new Error('boom'))).toEqual({ field: null, key: 'errors.generic' });
  });
});

describe('the thank-you page', () => {
  const recorded: CheckoutStatus = {
    status: 'recorded',
    frequency: 'monthly',
    amountMinor: 500,
    currency: 'EUR',
    campaign: { slug: 'un-pasto', name: 'Un pasto per tutti' },
    receiptCode: 'ABC123_x-9',
    trackUrl: '/track/ABC123_x-9',
    manageUrl: 'http://localhost:3000/donate/manage/rgf_1.sig',
  };

  it('waits politely while the gift is being recorded', () => {
    const html = render(
      <DonateThanksView state={{ kind: 'waiting', status: null, slow: false }} onCheckAgain={() => {}} />,
    );
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).toContain(en['donate.thanksPending']);
    const slow = render(
      <DonateThanksView state={{ kind: 'waiting', status: null, slow: true }} onCheckAgain={() => {}} />,
    );
    expect(slow).toContain(en['donate.thanksSlow']);
    expect(slow).toContain(`>${en['donate.thanksCheckAgain']}</button>`);
  });

  it('thanks the donor with the amount, the tracking link and the monthly self-service link', () => {
    const html = render(
      <DonateThanksView state={{ kind: 'done', status: recorded }} onCheckAgain={() => {}} />,
    );
    expect(html).toContain('Thank you!');
    expect(html).toContain('Your monthly gift of €5 to Un pasto per tutti has started');
    expect(html).toContain('href="/track/ABC123_x-9"');
    expect(html).toContain('<code>ABC123_x-9</code>');
    expect(html).toContain('href="http://localhost:3000/donate/manage/rgf_1.sig"');
    const oneOff = render(
      <DonateThanksView
        state={{ kind: 'done', status: { ...recorded, frequency: 'one-off', manageUrl: null } }}
        onCheckAgain={() => {}}
      />,
      'it',
    );
    expect(oneOff).toContain('Il tuo dono di 5\u00a0€ a Un pasto per tutti è nel nostro registro.');
    expect(oneOff).not.toContain('/donate/manage/');
  });

  it('says when the payment failed, and offers to try again', () => {
    const html = render(
      <DonateThanksView
        state={{ kind: 'done', status: { ...recorded, status: 'failed', receiptCode: null, trackUrl: null } }}
        onCheckAgain={() => {}}
      />,
    );
    expect(html).toContain(`role="alert" class="status status-error">${en['donate.thanksFailed']}`);
    expect(html).toContain('href="/donate/un-pasto"');
  });

  it('asks quickly at first, then more slowly, and gives up being patient after a while', () => {
    expect(pollDelayMs(1)).toBe(750);
    expect(pollDelayMs(100)).toBe(3000);
    const total = Array.from({ length: PATIENT_ATTEMPTS }, (_, i) => pollDelayMs(i + 1)).reduce(
      (a, b) => a + b,
    );
    expect(total).toBeGreaterThan(60_000);
    expect(total).toBeLessThan(180_000);
  });
});

describe('the sandbox checkout page', () => {
  const session: SandboxCheckoutSession = {
    id: 'cs_test_abc',
    status: 'open',
    mode: 'subscription',
    amountMinor: 500,
    currency: 'EUR',
    description: 'Un pasto per tutti',
    email: null,
    successUrl: '/donate/thanks/chk_1',
    cancelUrl: '/donate/un-pasto',
  };

  it('says loudly that it is a sandbox, and shows payee, purpose and amount', () => {
    const html = render(
      <CheckoutSandboxView session={session} organisation="Filo Solidale" onComplete={never} />,
    );
    expect(html).toContain('SANDBOX');
    expect(html).toContain(en['checkout.sandboxWarning']);
    expect(html).toContain('<dd>Filo Solidale</dd>');
    expect(html).toContain('€5 every month');
    expect(html).toContain('>Pay €5</button>');
    expect(html).toContain(`>${en['checkout.fail']}</button>`);
    expect(html).toContain(en['checkout.duplicate']);
    expect(html).toContain(en['checkout.reverse']);
    // No e-mail on the checkout (a chat link without a contact): the page asks for it.
    expect(html).toContain(en['checkout.email']);
    expect(
      render(
        <CheckoutSandboxView
          session={{ ...session, email: 'a@b.org' }}
          organisation="X"
          onComplete={never}
        />,
      ),
    ).not.toContain(en['checkout.email']);
  });

  it('explains a decline, and sends a finished checkout to its thank-you page', () => {
    const html = render(
      <CheckoutSandboxView
        session={session}
        organisation="X"
        onComplete={never}
        initialMessage={{ kind: 'declined', key: 'checkout.declined' }}
      />,
      'de',
    );
    expect(html).toContain(`role="alert"`);
    expect(html).toContain(de['checkout.declined']);
    const done = render(
      <CheckoutSandboxView
        session={{ ...session, status: 'complete' }}
        organisation="X"
        onComplete={never}
      />,
    );
    expect(done).toContain('href="/donate/thanks/chk_1"');
    expect(done).not.toContain('<form');
  });
});

describe('the recurring gift page', () => {
  const gift: RecurringGift = {
    status: 'paused',
    amountMinor: 750,
    currency: 'EUR',
    campaign: { slug: 'un-pasto', name: 'Un pasto per tutti' },
    minMinor: 100,
    maxMinor: 1_000_000,
  };
  const change = () => Promise.resolve(gift);

  it('shows the gift and offers to change, resume or stop it', () => {
    const html = render(<RecurringView gift={gift} change={change} reload={change} />, 'it');
    expect(html).toContain('7,50\u00a0€ al mese');
    expect(html).toContain('A Un pasto per tutti');
    expect(html).toContain(italian['recurring.statusPaused']);
    expect(html).toContain('value="7,50"');
    expect(html).toContain(`>${italian['recurring.resume']}</button>`);
    expect(html).not.toContain(`>${italian['recurring.pause']}</button>`);
    expect(html).toContain(`>${italian['recurring.cancel']}</button>`);
  });

  it('offers only to give again once the gift is stopped', () => {
    const html = render(
      <RecurringView gift={{ ...gift, status: 'cancelled' }} change={change} reload={change} />,
    );
    expect(html).toContain(en['recurring.statusCancelled']);
    expect(html).not.toContain('<form');
    expect(html).toContain('href="/donate/un-pasto"');
  });
});
