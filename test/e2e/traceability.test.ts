// Traceability end to end, against the real server and a real browser: an accountant records an
// expense with an uploaded invoice and approves it, and sees it funded; a donor's tracking page
// verifies its proofs in the browser (and reports a proof with one altered entry byte as failed);
// the transparency page shows the totals and the fund-flow diagram.
import { createHash } from 'node:crypto';
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

const ACCOUNTANT = { email: 'accountant@demo.filo.ngo', password: 'filo-demo-2026' };

interface Donation {
  readonly id: string;
  readonly receiptCode: string;
  readonly logIndex: number;
}
interface Expense {
  readonly id: string;
  readonly status: string;
  readonly fundedMinor: number;
  readonly underfunded: boolean;
  readonly description: string;
  readonly evidence: readonly { readonly sha256: string; readonly filename: string }[];
}

let filo: RunningFilo | undefined;
let browser: Browser | undefined;
let staff: { cookie: string; csrf: string };
let project: { id: string; name: string };

function server(): RunningFilo {
  if (!filo) throw new Error('filo did not start');
  return filo;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${server().url}${path}`, {
    method,
    headers: {
      cookie: staff.cookie,
      ...(method === 'GET' ? {} : { 'x-csrf-token': staff.csrf }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as T };
}

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
  const login = await fetch(`${filo.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ACCOUNTANT),
  });
  expect(login.status).toBe(200);
  staff = {
    cookie: login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: ((await login.json()) as { csrfToken: string }).csrfToken,
  };
  const projects = await api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/projects');
  project = projects.json.items[0]!;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

async function newPage(width = 390): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser) throw new Error('chromium did not start');
  const context = await browser.newContext({
    baseURL: server().url,
    viewport: { width, height: 900 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page, errors: watchForErrors(page, { expectedStatuses: [401, 404, 409] }) };
}

/** A gift to the project, recorded through the API as a bank transfer would be. */
async function recordGift(grossMinor: number): Promise<Donation> {
  const { status, json } = await api<Donation>('POST', '/api/v1/donations', {
    grossMinor,
    currency: 'EUR',
    receivedAt: '2026-03-01',
    restriction: 'project',
    projectId: project.id,
    providerPaymentId: `e2e-${Date.now()}-${Math.random()}`,
  });
  expect(status).toBe(201);
  return json;
}

describe('traceability screens', () => {
  it('an accountant records an expense with an uploaded invoice, approves it, and sees it funded', async () => {
    await recordGift(2_000);
    const { context, page, errors } = await newPage(1280);
    const invoice = Buffer.from(`%PDF-1.4\n% e2e invoice ${Date.now()}\n%%EOF\n`);
    const description = `Quaderni per il doposcuola ${Date.now()}`;
    try {
      await page.goto('/admin/ledger#expenses');
      await page.getByLabel(en['signIn.email']).fill(ACCOUNTANT.email);
      await page.getByLabel(en['signIn.password']).fill(ACCOUNTANT.password);
      await page.getByRole('button', { name: en['signIn.submit'] }).click();
      await page.getByRole('tab', { name: en['ledger.tab.expenses'], selected: true }).waitFor();

      await page.getByText(en['ledger.expenses.create']).click();
      await page.locator('#expense-payee').fill('Cartoleria Centrale');
      await page.locator('#expense-date').fill('2026-03-10');
      await page.locator('#expense-amount').fill('12,50');
      await page.locator('#expense-category').fill('books');
      await page.locator('#expense-description').fill(description);
      await page.locator('#expense-project').selectOption(project.id);
      await page
        .locator('#expense-evidence')
        .setInputFiles({ name: 'invoice-e2e.pdf', mimeType: 'application/pdf', buffer: invoice });
      await page.getByRole('button', { name: en['ledger.expenses.submit'] }).click();
      await page.getByText(en['ledger.expenses.created']).waitFor();

      const row = page.locator('li[data-expense]', { hasText: description });
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('draft');
      await row.getByText('invoice-e2e.pdf').waitFor();
      await row.getByRole('button', { name: en['ledger.expenses.approve'] }).click();
      await page.locator('li[data-expense][data-status="approved"]', { hasText: description }).waitFor();
      await row.getByText(en['ledger.expenses.fullyFunded']).waitFor();
      expect(await row.getByTestId('funding').textContent()).toContain('€12.50 of €12.50 funded');
      await screenshot(page, 'traceability-expense-approved');

      // What the browser sent is what the server keeps: the evidence hash is the file's SHA-256.
      const listed = await api<{ items: Expense[] }>('GET', '/api/v1/expenses?status=approved');
      const expense = listed.json.items.find((e) => e.description === description)!;
      expect(expense).toMatchObject({ status: 'approved', fundedMinor: 1250, underfunded: false });
      expect(expense.evidence.map((f) => f.sha256)).toEqual([
        createHash('sha256').update(invoice).digest('hex'),
      ]);
      const file = await fetch(`${server().url}/api/v1/public/evidence/${expense.evidence[0]!.sha256}`);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(invoice);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a tracking page verifies its proofs in the browser, and a tampered proof fails', async () => {
    const gift = await recordGift(3_000);
    // Spend part of it, so the page shows an allocation with evidence and has several proofs.
    const created = await api<Expense>('POST', '/api/v1/expenses', {
      payee: 'Forno Sociale',
      spentOn: '2026-03-12',
      amountMinor: 100_000_00,
      currency: 'EUR',
      category: 'food',
      description: 'Pane per la mensa',
      projectId: project.id,
      fallback: 'none',
      evidence: [
        {
          filename: 'bolla.txt',
          mimeType: 'text/plain',
          contentBase64: Buffer.from('bolla 7').toString('base64'),
        },
      ],
    });
    expect(created.status).toBe(201);
    expect((await api<Expense>('POST', `/api/v1/expenses/${created.json.id}/approve`)).status).toBe(200);

    const { context, page, errors } = await newPage();
    try {
      await page.goto(`/track/${gift.receiptCode}`);
      await page.getByRole('heading', { level: 1, name: en['track.title'] }).waitFor();
      await page.getByText('Pane per la mensa').waitFor();
      await page.locator('[data-verification="verified"]').waitFor({ timeout: 30_000 });
      const entries = page.locator('li[data-status="verified"]');
      expect(await entries.count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('li[data-status="failed"]').count()).toBe(0);
      await page.getByTestId('key-match').getByText(en['track.verify.keyMatches']).waitFor();
      // The verified entry is shown as recorded: open the gift's own entry.
      const own = page.locator(`li[data-index="${gift.logIndex}"]`);
      await own.locator('summary').click();
      const json = await own.locator('pre').textContent();
      expect(JSON.parse(json ?? '{}')).toMatchObject({
        type: 'donation.received',
        gross: 3000,
        currency: 'EUR',
      });
      await screenshot(page, 'traceability-track-verified');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // The same page, with one byte of one entry altered on the way: the browser must say so.
    const tampered = await newPage();
    try {
      await tampered.page.route('**/proof?index=*', async (route) => {
        const response = await route.fetch();
        const text = await response.text();
        const altered = text.replace(/^extra (.+)$/m, (_line, b64: string) => {
          const bytes = Buffer.from(b64, 'base64');
          bytes[10] = bytes[10]! ^ 0x01;
          return `extra ${bytes.toString('base64')}`;
        });
        expect(altered).not.toBe(text);
        await route.fulfill({ response, body: altered });
      });
      await tampered.page.goto(`/track/${gift.receiptCode}`);
      await tampered.page.locator('[data-verification="failed"]').waitFor({ timeout: 30_000 });
      await tampered.page.getByText(en['track.verify.failed']).first().waitFor();
      const failed = tampered.page.locator('li[data-status="failed"]').first();
      await failed.locator('summary').click();
      await failed.getByText(en['track.verify.reason'].replace('{code}', 'TLOG_BAD_PROOF')).waitFor();
      expect(await tampered.page.locator('li[data-status="verified"]').count()).toBe(0);
      await screenshot(tampered.page, 'traceability-track-tampered');
    } finally {
      await tampered.context.close();
    }

    // While the log has not sealed an entry yet, the page says so and tries again by itself.
    const sealing = await newPage();
    try {
      // Every proof answers "not integrated yet" until the test has seen the page say so.
      let sealed = false;
      let held = 0;
      await sealing.page.route('**/proof?index=*', async (route) => {
        if (!sealed) {
          held++;
          await route.fulfill({
            status: 409,
            contentType: 'application/json',
            body: JSON.stringify({
              statusCode: 409,
              code: 'LOG_ENTRY_NOT_INTEGRATED',
              error: 'Conflict',
              message: 'The entry is not covered by a checkpoint yet; try again in a few seconds',
            }),
          });
        } else {
          await route.continue();
        }
      });
      await sealing.page.goto(`/track/${gift.receiptCode}`);
      await sealing.page.locator('[data-verification="sealing"]').waitFor();
      await sealing.page.getByText(en['track.verify.sealing']).first().waitFor();
      sealed = true;
      await sealing.page.locator('[data-verification="verified"]').waitFor({ timeout: 30_000 });
      expect(held).toBeGreaterThan(0);
    } finally {
      await sealing.context.close();
    }

    // A code that matches no gift gets a friendly page, not an error.
    const unknown = await newPage();
    try {
      await unknown.page.goto('/track/AAAAAAAAAAAAAAAAAAAAAA');
      await unknown.page.getByTestId('track-not-found').getByText(en['track.notFound.title']).waitFor();
    } finally {
      await unknown.context.close();
    }
  });

  it('the transparency page shows the totals, the fund-flow diagram and the log', async () => {
    const { context, page, errors } = await newPage(1280);
    try {
      await page.goto('/');
      await page.getByRole('link', { name: en['transparency.link'] }).first().click();
      await page.getByRole('heading', { level: 1, name: en['transparency.title'] }).waitFor();
      const totals = page.getByTestId('transparency-totals');
      const summary = (await (await fetch(`${server().url}/api/v1/public/transparency`)).json()) as {
        totals: { donations: number };
        log: { size: number };
      };
      await totals.getByText(en['transparency.raised']).waitFor();
      expect(await totals.textContent()).toContain(summary.totals.donations.toLocaleString('en-GB'));
      const svg = page.locator('svg[data-testid="fund-flow"]');
      await svg.waitFor();
      expect(await svg.locator('g.tr-sankey-links path').count()).toBeGreaterThan(2);
      expect(await svg.locator('g.tr-sankey-nodes rect').count()).toBeGreaterThan(3);
      expect(await svg.getAttribute('role')).toBe('img');
      expect(
        Number((await page.getByTestId('log-size').textContent())?.replace(/\D/g, '')),
      ).toBeGreaterThanOrEqual(summary.log.size);
      expect(await page.getByTestId('checkpoints').locator('tbody tr').count()).toBeGreaterThan(0);
      await screenshot(page, 'traceability-transparency');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
