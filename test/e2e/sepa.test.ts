// SEPA Direct Debit end to end, in a real browser against the real server and its demo: a monthly
// donor picks direct debit on the campaign page, is stopped by a wrong IBAN and an unticked mandate,
// signs, and gets the mandate reference with the pre-notification; the self-service link shows the
// mandate; staff batch next month's collections, the pain.008 file carries the mandate, and the
// Direct debits screen lists both with the IBAN masked.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en';
import {
  buildWebIfStale,
  launchBrowser,
  screenshot,
  startFilo,
  watchForErrors,
  type RunningFilo,
} from './harness';

const CAMPAIGN = 'un-pasto-per-tutti';
const ACCOUNTANT = { email: 'accountant@demo.filo.ngo', password: 'filo-demo-2026' };
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

let filo: RunningFilo | undefined;
let browser: Browser | undefined;
let origin = '';
let staffCookie = '';
let csrf = '';

async function api<T>(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(`${origin}${path}`, {
    ...init,
    headers: {
      accept: 'application/json',
      cookie: staffCookie,
      'x-csrf-token': csrf,
      ...(init.headers ?? {}),
    },
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : null) as T, text };
}

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
  origin = filo.url.replace('127.0.0.1', 'localhost');
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ACCOUNTANT),
  });
  expect(login.status).toBe(200);
  csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  staffCookie = (login.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .filter(Boolean)
    .join('; ');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

async function open(path: string, { width = 390, height = 844, locale = 'en-GB' } = {}) {
  if (!browser) throw new Error('chromium did not start');
  const context: BrowserContext = await browser.newContext({
    baseURL: origin,
    viewport: { width, height },
    locale,
  });
  context.setDefaultTimeout(15_000);
  const page: Page = await context.newPage();
  const errors = watchForErrors(page, { expectedStatuses: [400, 401] });
  await page.goto(path);
  return { context, page, errors };
}

describe('giving monthly by SEPA Direct Debit', () => {
  it('signs a mandate on the campaign page, then staff batch it into a pain.008 file', async () => {
    const { context, page } = await open(`/donate/${CAMPAIGN}`);
    let reference = '';
    let manageUrl = '';
    const sent: Array<Record<string, unknown>> = [];
    await page.route('**/api/v1/public/sepa/mandates', async (route) => {
      sent.push(route.request().postDataJSON() as Record<string, unknown>);
      await route.continue();
    });
    try {
      await page.getByRole('radio', { name: en['donate.monthly'] }).check();
      await page.getByRole('radio', { name: en['sepa.methodSepa'] }).check();
      await page.getByRole('textbox', { name: en['donate.name'], exact: true }).fill('Hannah Schmidt');
      await page
        .getByRole('textbox', { name: en['donate.email'], exact: true })
        .fill('hannah.e2e@example.org');
      await page.getByRole('textbox', { name: en['sepa.iban'] }).fill('DE89 3704 0044 0532 0130 01');
      const submit = page.getByRole('button', { name: fill(en['sepa.submit'], { amount: '€5' }) });
      await submit.click();
      // Checked in the browser: nothing is sent, the errors sit beside their fields, focus on the IBAN.
      await page.getByText(en['sepa.errorIban']).waitFor();
      await page.getByText(en['sepa.errorAuthorisation']).waitFor();
      expect(sent).toHaveLength(0);
      expect(await page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/-sepa-iban$/);

      await page.getByRole('textbox', { name: en['sepa.iban'] }).fill('DE89 3704 0044 0532 0130 00');
      await page.getByRole('checkbox', { name: /I have read the mandate and authorise/ }).check();
      await page.getByRole('radio', { name: fill(en['sepa.dayOption'], { day: '15' }) }).check();
      await screenshot(page, 'sepa-mandate-form');
      await submit.click();

      const confirmation = page.getByTestId('sepa-confirmation');
      await confirmation.waitFor();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        campaign: CAMPAIGN,
        amountMinor: 500,
        iban: 'DE89370400440532013000',
        dayOfMonth: 15,
        authorisation: { accepted: true, version: 'sepa-core-2026-03' },
      });
      expect(sent[0]).not.toHaveProperty('taxReceipt');
      reference = (await confirmation.locator('code').first().textContent()) ?? '';
      expect(reference).toMatch(/^FILO-M-[0-9A-Z]{12}$/);
      await confirmation.getByText('DE89 … 3000').waitFor();
      await confirmation
        .getByText(/^Pre-notification: we will collect €5 on .+, then on day 15 of each month/)
        .waitFor();
      expect(await confirmation.textContent()).not.toContain('370400440532013000');
      manageUrl =
        (await confirmation.getByRole('link', { name: en['donate.thanksManage'] }).getAttribute('href')) ??
        '';
      await screenshot(page, 'sepa-mandate-confirmation');
    } finally {
      await context.close();
    }

    // The self-service page serves the mandate.
    const manage = await open(new URL(manageUrl).pathname);
    try {
      await manage.page
        .getByText(fill(en['recurring.perMonth'], { amount: '€5' }))
        .first()
        .waitFor();
      await manage.page.getByText(en['recurring.statusActive']).waitFor();
    } finally {
      await manage.context.close();
    }

    // Staff batch next month: the file carries the mandate and its IBAN.
    const now = new Date();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    const made = await api<{
      created: boolean;
      batch: {
        id: string;
        messageId: string;
        collections: Array<{
          id: string;
          mandateReference: string;
          sequence: string;
          endToEndId: string;
          paymentInfoId: string;
        }>;
      } | null;
    }>('/api/v1/sepa/batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ period: next }),
    });
    expect(made.status).toBe(201);
    const mine = made.body.batch!.collections.find((c) => c.mandateReference === reference);
    // FRST — unless the collection job has already presented this month's collection (signed early in a month).
    expect(['FRST', 'RCUR']).toContain(mine?.sequence);
    const file = await api<null>(`/api/v1/sepa/batches/${made.body.batch!.id}/pain.008.xml`);
    expect(file.status).toBe(200);
    expect(file.text).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"');
    expect(file.text).toContain(`<MndtId>${reference}</MndtId>`);
    expect(file.text).toContain('<IBAN>DE89370400440532013000</IBAN>');

    // The Direct debits screen lists the mandate (IBAN masked) and the batch with its download.
    const admin = await open('/admin/', { width: 1280, height: 900 });
    try {
      await admin.page.getByRole('textbox', { name: en['signIn.email'] }).fill(ACCOUNTANT.email);
      await admin.page.getByLabel(en['signIn.password']).fill(ACCOUNTANT.password);
      await admin.page.getByRole('button', { name: en['signIn.submit'] }).click();
      await admin.page.getByRole('link', { name: en['nav.directDebits'] }).click();
      await admin.page.getByRole('heading', { level: 1, name: en['directDebits.title'] }).waitFor();
      const mandates = admin.page.getByTestId('sepa-mandates');
      await mandates.getByText(reference).waitFor();
      await mandates.getByText('DE89 … 3000').first().waitFor();
      expect(await mandates.textContent()).not.toContain('370400440532013000');
      // The batches load on their own: wait for the download link instead of counting at once.
      const batches = admin.page.getByTestId('sepa-batches');
      await batches.getByRole('link', { name: en['directDebits.download'] }).first().waitFor();
      expect(await batches.getByRole('link', { name: en['directDebits.download'] }).count()).toBeGreaterThan(
        0,
      );
      await screenshot(admin.page, 'sepa-direct-debits-screen');

      // The bank's status report rejects this collection (AM04): imported on the screen, it fails it.
      const report = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>E2E-STS-1</MsgId><CreDtTm>2026-11-29T08:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${made.body.batch!.messageId}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>${mine!.paymentInfoId}</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>${mine!.endToEndId}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf></TxInfAndSts></OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>`;
      await admin.page.getByLabel(en['directDebits.statusReport.file']).setInputFiles({
        name: 'pain002.xml',
        mimeType: 'application/xml',
        buffer: Buffer.from(report, 'utf8'),
      });
      const result = admin.page.getByTestId('status-report-result');
      await result.getByText(mine!.endToEndId).waitFor();
      expect(await result.textContent()).toContain('1 collections rejected now');
      const detail = await api<{ collections: Array<{ id: string; status: string; returnReason: string }> }>(
        `/api/v1/sepa/batches/${made.body.batch!.id}`,
      );
      expect(detail.body.collections.find((c) => c.id === mine!.id)).toMatchObject({
        status: 'failed',
        returnReason: 'AM04',
      });
      expect(admin.errors).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });
});
