// Giving end to end, in a real browser against the real server and its demo: the campaign page →
// the payment sandbox's checkout → the signed webhooks processed in the background → the donation in
// the ledger → the thank-you page with the tracking link → the thank-you message on the donor's
// WhatsApp (the sandbox phone) → the tracking page. Also: a declined payment records nothing, a monthly
// gift is managed from its self-service link, and an expired chat link lands on its own page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../web/src/format';
import { en } from '../../web/src/i18n/en';
import { it as italian } from '../../web/src/i18n/it';
import {
  buildWebIfStale,
  DEMO_ADMIN,
  launchBrowser,
  screenshot,
  startFilo,
  watchForErrors,
  type RunningFilo,
} from './harness';

const CAMPAIGN = 'un-pasto-per-tutti';
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

interface DonationPageBody {
  readonly campaign: { readonly name: string; readonly raisedMinor: number };
  readonly consents: readonly {
    readonly channel: string;
    readonly purpose: string;
    readonly version: string;
    readonly wording: string;
  }[];
}
interface Donation {
  readonly id: string;
  readonly receiptCode: string;
  readonly grossMinor: number;
  readonly campaignId: string | null;
  readonly provider: string;
}

let filo: RunningFilo | undefined;
let browser: Browser | undefined;
/** The server's public URL is http://localhost:<port>: pages are opened there, so redirects stay same-origin. */
let origin = '';
let staffCookie = '';

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    ...init,
    headers: { accept: 'application/json', cookie: staffCookie, ...(init.headers ?? {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function donations(): Promise<readonly Donation[]> {
  return (await api<{ items: Donation[] }>('/api/v1/donations?limit=200')).items;
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
  origin = filo.url.replace('127.0.0.1', 'localhost');
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  });
  expect(login.status).toBe(200);
  staffCookie = (login.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .filter(Boolean)
    .join('; ');
  expect(staffCookie).not.toBe('');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

/** Watches the form's POST /api/v1/public/checkout: what it sent, and the checkout it got back. */
async function watchCheckout(page: Page) {
  const seen: { sent?: Record<string, unknown>; checkoutId?: string } = {};
  await page.route('**/api/v1/public/checkout', async (route) => {
    const response = await route.fetch();
    seen.sent = route.request().postDataJSON() as Record<string, unknown>;
    seen.checkoutId = ((await response.json()) as { checkoutId: string }).checkoutId;
    await route.fulfill({ response });
  });
  return seen;
}

async function open(
  path: string,
  { width = 390, height = 844, locale = 'en-GB', expected = [] as number[] } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser) throw new Error('chromium did not start');
  const context = await browser.newContext({ baseURL: origin, viewport: { width, height }, locale });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // The unknown-link checks below get their 400 and 404 answers by design.
  const errors = watchForErrors(page, { expectedStatuses: expected });
  await page.goto(path);
  return { context, page, errors };
}

describe('giving from the campaign page', () => {
  it('takes a 5 € gift through the sandbox into the ledger, thanks the donor and links to the tracking page', async () => {
    const wording = await api<DonationPageBody>(`/api/v1/public/donate/${CAMPAIGN}?lang=en`);
    const before = await donations();
    // 409: the tracking page may open before the log's next checkpoint seals the new gift; it asks
    // again until it is sealed (LOG_ENTRY_NOT_INTEGRATED), as in the traceability test.
    const { context, page, errors } = await open(`/donate/${CAMPAIGN}`, { expected: [409] });
    try {
      await page.getByRole('heading', { level: 1, name: wording.campaign.name }).waitFor();
      await page.getByRole('progressbar').waitFor();
      await page.getByText(en['donate.sandboxNotice']).waitFor();
      await screenshot(page, 'donate-page-mobile');

      // The form checks itself first: an empty name is refused inline, and focus goes to it.
      await page.getByRole('button', { name: /^Give/ }).click();
      await page.getByText(en['donate.errorName']).waitFor();
      await page.getByText(en['donate.errorContact']).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('name');
      expect(await page.getByLabel(en['donate.name'], { exact: true }).getAttribute('aria-invalid')).toBe(
        'true',
      );

      // An own amount with a decimal comma, then back to the 5 € preset.
      await page.getByRole('radio', { name: en['donate.otherAmount'] }).check();
      await page.getByLabel(fill(en['donate.customAmount'], { currency: 'EUR' })).fill('7,5');
      await page.getByRole('button', { name: fill(en['donate.submit'], { amount: '€7.50' }) }).waitFor();
      await page.getByRole('radio', { name: formatMoney(500, 'EUR', 'en-GB') }).check();

      await page.getByLabel(en['donate.name'], { exact: true }).fill('Giulia Rossi');
      await page.getByLabel(en['donate.email'], { exact: true }).fill('giulia.e2e@example.org');
      await page.getByLabel(en['donate.phone'], { exact: true }).fill('+39 333 765 4321');
      // Tax-receipt fields appear only on request.
      expect(await page.getByLabel(en['donate.taxCode']).count()).toBe(0);
      await page.getByLabel(en['donate.taxReceipt']).check();
      await page.getByLabel(en['donate.taxCode']).fill('RSSGLI80A41H501U');
      await page.getByLabel(en['donate.address']).fill('Via Roma 1, 00100 Roma');
      // Every box but SMS: news by e-mail, the thank-you on WhatsApp, news on WhatsApp.
      const ticked = wording.consents.filter((c) => c.channel !== 'sms');
      expect(ticked.map((c) => `${c.channel}/${c.purpose}`).sort()).toEqual([
        'email/news',
        'whatsapp/news',
        'whatsapp/service',
      ]);
      for (const consent of ticked) await page.getByLabel(consent.wording).check();
      // With both an address and a phone number, the donor says where they want to hear from us.
      await page
        .getByRole('group', { name: en['donate.preferredChannel'] })
        .getByLabel(en['donate.preferredWhatsapp'])
        .check();
      await screenshot(page, 'donate-form-filled');

      const checkout = await watchCheckout(page);
      await page.getByRole('button', { name: fill(en['donate.submit'], { amount: '€5' }) }).click();
      await page.waitForURL(/\/checkout\/sandbox\/cs_test_/);
      const sent = checkout.sent!;
      expect(sent).toMatchObject({
        campaign: CAMPAIGN,
        amountMinor: 500,
        frequency: 'one-off',
        phone: '+393337654321',
        preferredChannel: 'whatsapp',
        taxReceipt: { taxCode: 'RSSGLI80A41H501U', address: 'Via Roma 1, 00100 Roma' },
      });
      expect(sent.consents).toEqual(
        ticked.map((c) => ({ channel: c.channel, purpose: c.purpose, version: c.version })),
      );

      // The sandbox checkout says what it is, and what is being paid.
      await page.getByText(en['checkout.sandboxBadge'], { exact: true }).waitFor();
      await page.getByText(en['checkout.sandboxWarning']).waitFor();
      await page.getByText(wording.campaign.name).waitFor();
      await screenshot(page, 'donate-sandbox-checkout');
      await page.getByRole('button', { name: fill(en['checkout.pay'], { amount: '€5' }) }).click();

      // The thank-you page waits for the webhook to be processed, then links to the tracking page.
      await page.waitForURL(new RegExp(`/donate/thanks/${checkout.checkoutId!}$`));
      await page.getByRole('heading', { level: 1, name: en['donate.thanksTitle'] }).waitFor();
      const track = page.getByRole('link', { name: en['donate.thanksTrack'] });
      const href = await track.getAttribute('href');
      expect(href).toMatch(/^\/track\/[A-Za-z0-9_-]+$/);
      const code = href!.split('/').pop()!;
      await page.getByText(code, { exact: true }).waitFor();
      await screenshot(page, 'donate-thank-you');

      // Exactly one new gift, in the ledger, for this campaign, with that receipt code.
      const after = await donations();
      const fresh = after.filter((d) => !before.some((b) => b.id === d.id));
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({ receiptCode: code, grossMinor: 500, provider: 'sandbox' });
      const publicTrace = await api<{ receiptCode?: string; code?: string }>(
        `/api/v1/public/donations/${code}`,
      );
      expect(JSON.stringify(publicTrace)).toContain(code);

      // The thank-you went to the donor's WhatsApp (the sandbox phone), with the tracking link.
      const thread = await waitFor(async () => {
        const phone = await api<{ messages: { direction: string; text: string }[] }>(
          '/sandbox/whatsapp/phone/393337654321',
        );
        return phone.messages.some((m) => m.direction === 'out' && m.text.includes(code)) ? phone : null;
      }, 'the thank-you message on the sandbox phone');
      expect(thread.messages.filter((m) => m.text.includes(code))).toHaveLength(1);

      // The tracking page opens from the thank-you page.
      await track.click();
      await page.waitForURL(new RegExp(`/track/${code}$`));
      await page.getByText(code).first().waitFor();
      expect(await page.getByTestId('track-not-found').count()).toBe(0);
      await screenshot(page, 'donate-track-page');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says clearly when the payment is declined, and records nothing', async () => {
    const before = await donations();
    const { context, page, errors } = await open(`/donate/${CAMPAIGN}`, { expected: [400, 404] });
    try {
      await page.getByLabel(en['donate.name'], { exact: true }).fill('Marco Bianchi');
      await page.getByLabel(en['donate.email'], { exact: true }).fill('marco.e2e@example.org');
      const checkout = await watchCheckout(page);
      await page.getByRole('button', { name: /^Give/ }).click();
      await page.waitForURL(/\/checkout\/sandbox\/cs_test_/);
      const checkoutId = checkout.checkoutId!;
      const declined = page.waitForResponse(
        (r) => r.url().includes('/api/v1/public/sandbox/checkout/') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: en['checkout.fail'] }).click();
      expect((await declined).status()).toBe(200);
      await page.getByRole('alert').filter({ hasText: en['checkout.declined'] }).waitFor();
      expect(page.url()).toMatch(/\/checkout\/sandbox\/cs_test_/);
      await screenshot(page, 'donate-sandbox-declined');

      // Give the failure's webhook time to arrive and be processed: still nothing recorded.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const status = await api<{ status: string; receiptCode: string | null }>(
        `/api/v1/public/checkout/${checkoutId}`,
      );
      expect(status).toMatchObject({ status: 'pending', receiptCode: null });
      const after = await donations();
      expect(after.map((d) => d.id)).toEqual(before.map((d) => d.id));
      // The donor can go back to the campaign page.
      await page.getByRole('link', { name: en['checkout.back'] }).click();
      await page.waitForURL(new RegExp(`/donate/${CAMPAIGN}$`));
      // Mangled or unknown links say so plainly.
      await page.goto('/donate/thanks/not-a-checkout');
      await page.getByRole('heading', { level: 1, name: en['donate.thanksNotFound'] }).waitFor();
      await page.goto('/donate/manage/rgf_00000000000000000000000000.forged-signature');
      await page.getByRole('alert').filter({ hasText: en['recurring.notFound'] }).waitFor();
      await page.goto('/checkout/sandbox/cs_test_doesnotexist');
      await page.getByRole('heading', { level: 1, name: en['checkout.notFound'] }).waitFor();
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets a monthly donor change the amount, pause, resume and stop from the self-service link', async () => {
    const { context, page, errors } = await open(`/donate/${CAMPAIGN}`, { locale: 'it-IT' });
    try {
      await page.getByRole('radio', { name: italian['donate.monthly'] }).check();
      await page.getByLabel(italian['donate.name'], { exact: true }).fill('Anna Verdi');
      await page.getByLabel(italian['donate.email'], { exact: true }).fill('anna.e2e@example.org');
      await page.getByRole('button', { name: /al mese$/ }).click();
      await page.waitForURL(/\/checkout\/sandbox\/cs_test_/);
      // Ask the sandbox for duplicated, reversed webhooks: still one gift.
      await page.getByText(italian['checkout.options']).click();
      await page.getByLabel(italian['checkout.duplicate']).check();
      await page.getByLabel(italian['checkout.reverse']).check();
      await page.getByRole('button', { name: /^Paga/ }).click();
      await page.getByRole('heading', { level: 1, name: italian['donate.thanksTitle'] }).waitFor();
      const manage = page.getByRole('link', { name: italian['donate.thanksManage'] });
      expect(await manage.getAttribute('href')).toMatch(/\/donate\/manage\/rgf_/);
      await manage.click();

      await page.getByRole('heading', { level: 1, name: italian['recurring.title'] }).waitFor();
      await page.getByText(italian['recurring.statusActive'], { exact: true }).waitFor();
      await page.getByLabel(fill(italian['recurring.newAmount'], { currency: 'EUR' })).fill('7,50');
      await page.getByRole('button', { name: italian['recurring.save'] }).click();
      await page.getByText(/7,50/).first().waitFor();
      await page.getByRole('button', { name: italian['recurring.pause'], exact: true }).click();
      await page.getByText(italian['recurring.statusPaused'], { exact: true }).waitFor();
      await page.getByRole('button', { name: italian['recurring.resume'], exact: true }).click();
      await page.getByText(italian['recurring.statusActive'], { exact: true }).waitFor();
      await page.getByRole('button', { name: italian['recurring.cancel'] }).click();
      await page.getByRole('button', { name: italian['recurring.cancelYes'] }).click();
      await page.getByText(italian['recurring.cancelled']).waitFor();
      await page.getByText(italian['recurring.statusCancelled'], { exact: true }).waitFor();
      await screenshot(page, 'donate-recurring-cancelled');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a 360 px phone in Italian, works by keyboard, keeps the form across languages, and sends an expired chat link to its own page', async () => {
    const { context, page, errors } = await open(`/donate/${CAMPAIGN}`, {
      width: 360,
      height: 740,
      locale: 'it-IT',
    });
    try {
      await page
        .getByRole('button', { name: fill(italian['donate.submit'], { amount: '5\u00a0€' }) })
        .waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, 'donate-page-360-it');
      // By keyboard: the presets are one radio group; arrows move the choice, the button follows.
      await page.getByRole('radio', { name: '5\u00a0€' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('radio', { name: '10\u00a0€' }).isChecked()).toBe(true);
      await page
        .getByRole('button', { name: fill(italian['donate.submit'], { amount: '10\u00a0€' }) })
        .waitFor();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('decimal');
      // Switching language keeps what was typed, and shows the consent wording in the new language.
      await page.getByLabel(italian['donate.name'], { exact: true }).fill('Luca');
      await page.getByLabel(italian['common.language']).selectOption('en');
      const english = await api<DonationPageBody>(`/api/v1/public/donate/${CAMPAIGN}?lang=en`);
      await page.getByLabel(english.consents[0]!.wording).waitFor();
      expect(await page.getByLabel(en['donate.name'], { exact: true }).inputValue()).toBe('Luca');
      // The choice of English is remembered on the next page.
      await page.goto('/give/this-token-does-not-exist-0123456789');
      await page.waitForURL(/\/donate\/link-expired$/);
      await page.getByRole('heading', { level: 1, name: en['donate.linkExpiredTitle'] }).waitFor();
      await page
        .getByRole('link', { name: fill(en['donate.giveTo'], { campaign: 'Un pasto per tutti' }) })
        .click();
      await page.waitForURL(new RegExp(`/donate/${CAMPAIGN}$`));
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
