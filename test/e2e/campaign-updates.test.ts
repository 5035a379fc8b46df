// Campaign updates end to end, in a real browser against the real server and its demo: the donation
// page shows the latest updates after the form (the demo's staff news and the ledger's "… paid for …"
// with its invoice link), a fundraiser writes one in the admin app and publishes it, and it appears
// first on the public page — on a phone-sized screen.
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
const FUNDRAISER = Object.freeze({ email: 'fundraiser@demo.filo.ngo', password: 'filo-demo-2026' });

let filo: RunningFilo | undefined;
let browser: Browser | undefined;
let origin = '';

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
  origin = filo.url.replace('127.0.0.1', 'localhost');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

async function open(
  path: string,
  expectedStatuses: number[] = [],
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser) throw new Error('chromium did not start');
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 390, height: 844 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = watchForErrors(page, { expectedStatuses });
  await page.goto(path);
  return { context, page, errors };
}

describe('campaign updates', () => {
  it('shows the latest updates on the donation page, and a fundraiser’s new one first once published', async () => {
    const visitor = await open(`/donate/${CAMPAIGN}`);
    try {
      const section = visitor.page.getByRole('region', { name: en['updates.title'] });
      await section.waitFor();
      const articles = section.getByRole('article');
      await articles.nth(1).waitFor();
      expect(await articles.count()).toBeGreaterThanOrEqual(2);
      // The ledger's update: marked, with the invoice link.
      const paid = articles.filter({ hasText: 'pagati per' }).first();
      await paid.getByText(en['updates.automatic']).waitFor();
      expect(await paid.getByRole('link', { name: en['updates.proof'] }).getAttribute('href')).toMatch(
        /\/api\/v1\/public\/evidence\/[0-9a-f]{64}$/,
      );
      expect(await articles.first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      await section.scrollIntoViewIfNeeded();
      await screenshot(visitor.page, 'campaign-updates-mobile');
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.context.close();
    }

    // A fundraiser writes one in the admin app and publishes it.
    // (The signed-out session check answers 401 by design.)
    const staff = await open('/admin/', [401]);
    try {
      const { page } = staff;
      await page.getByLabel(en['signIn.email']).fill(FUNDRAISER.email);
      await page.getByLabel(en['signIn.password']).fill(FUNDRAISER.password);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.status() === 200),
        page.getByRole('button', { name: en['signIn.submit'] }).click(),
      ]);
      await page.goto('/admin/campaigns');
      const card = page.locator(`[data-campaign="${CAMPAIGN}"]`);
      await card.getByText(en['campaignUpdates.summaryClosed'], { exact: true }).click();
      await card.getByText(en['campaignUpdates.new'], { exact: true }).click();
      const form = card.locator(`details:has(> summary:text-is("${en['campaignUpdates.new']}"))`);
      await form.getByLabel(en['campaignUpdates.titleLabel']).fill('New kitchen equipment arrived');
      await form.getByLabel(en['campaignUpdates.bodyLabel']).fill('Two new ovens.\n\nThank you all!');
      await form.getByLabel(en['campaignUpdates.languageLabel']).selectOption('en');
      await form.getByRole('button', { name: en['campaignUpdates.publishNow'] }).click();
      await card.getByRole('status').getByText('New kitchen equipment arrived', { exact: false }).waitFor();
      await card.getByRole('heading', { name: 'New kitchen equipment arrived' }).waitFor();
      await screenshot(page, 'campaign-updates-admin');
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.context.close();
    }

    const again = await open(`/donate/${CAMPAIGN}`);
    try {
      const first = again.page
        .getByRole('region', { name: en['updates.title'] })
        .getByRole('article')
        .first();
      await first.getByRole('heading', { name: 'New kitchen equipment arrived' }).waitFor();
      expect(await first.getByRole('heading').getAttribute('lang')).toBe('en');
      expect(await first.locator('.update-body p').count()).toBe(2);
    } finally {
      await again.context.close();
    }
  }, 120_000);
});
