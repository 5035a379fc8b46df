// The supporter and campaign screens end to end, against the real server and a real browser on a
// phone-sized screen: search a demo supporter, open them and read their consents and history; then
// create a campaign and find it listed with its progress and public page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en';
import {
  DEMO_ADMIN,
  buildWebIfStale,
  launchBrowser,
  screenshot,
  startFilo,
  watchForErrors,
  type RunningFilo,
} from './harness';

interface DemoSupporter {
  readonly id: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly consents: readonly {
    readonly channel: string;
    readonly purpose: string;
    readonly status: string;
  }[];
}

let filo: RunningFilo | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

describe('supporters and campaigns', () => {
  it('finds a demo supporter, shows their consents, and creates a campaign that is then listed', async () => {
    if (!browser || !filo) throw new Error('filo or chromium did not start');
    const context = await browser.newContext({
      baseURL: filo.url,
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors = watchForErrors(page, { expectedStatuses: [401, 409] });
    try {
      await page.goto('/admin/');
      await page.getByLabel(en['signIn.email']).fill(DEMO_ADMIN.email);
      await page.getByLabel(en['signIn.password']).fill(DEMO_ADMIN.password);
      await page.getByRole('button', { name: en['signIn.submit'] }).click();
      await page.getByRole('heading', { level: 1, name: en['signIn.title'] }).waitFor({ state: 'detached' });

      // A demo supporter with a name, an e-mail address and consents, as the API lists them.
      const listed = await context.request.get('/api/v1/contacts?limit=200');
      expect(listed.status()).toBe(200);
      const demo = ((await listed.json()) as { items: DemoSupporter[] }).items.find(
        (s) => s.displayName && s.email && s.consents.length > 0,
      );
      if (!demo?.email || !demo.displayName)
        throw new Error('the demo has no supporter with e-mail and consents');

      await page.goto('/admin/supporters');
      await page.getByRole('heading', { level: 1, name: en['supporters.title'] }).waitFor();
      await page.getByLabel(en['supporters.search']).fill(demo.email);
      await page.getByRole('button', { name: en['supporters.searchSubmit'], exact: true }).click();
      const results = page.getByTestId('supporters');
      await results.locator(`[data-supporter="${demo.id}"]`).waitFor();
      expect(await results.locator('[data-supporter]').count()).toBe(1);
      await screenshot(page, 'admin-supporters-phone');

      await results.getByRole('link', { name: demo.displayName }).click();
      await page.getByRole('heading', { level: 1, name: demo.displayName }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/admin/supporters/${demo.id}`);
      // Every current consent as a badge, and a history with at least as many records.
      for (const c of demo.consents) {
        await page.locator(`[data-consent="${c.channel}:${c.purpose}:${c.status}"]`).first().waitFor();
      }
      const history = page.getByTestId('consent-history');
      await history.waitFor();
      expect(await history.locator('li').count()).toBeGreaterThanOrEqual(demo.consents.length);
      await history.getByText(en['supporters.wording']).first().waitFor();
      // The admin is an owner: erasure is offered, behind a confirmation that explains it.
      await page.getByRole('button', { name: en['supporters.erase'] }).click();
      await page.getByText(en['supporters.eraseExplain']).waitFor();
      await page.getByRole('button', { name: en['supporters.cancel'] }).click();
      await screenshot(page, 'admin-supporter-phone');

      // Correct their details: a new name and e-mail as the channel they want to hear from us on.
      await page.getByRole('button', { name: en['supporters.edit'] }).click();
      const form = page.getByRole('form', { name: en['supporters.edit'] });
      await form.getByLabel(en['supporters.name']).fill(`${demo.displayName} B.`);
      await form.getByLabel(en['supporters.preferredChannel']).selectOption('email');
      await form.getByRole('button', { name: en['supporters.save'] }).click();
      await page.getByRole('status').getByText(en['supporters.saved']).waitFor();
      await page.getByRole('heading', { level: 1, name: `${demo.displayName} B.` }).waitFor();
      expect(await page.getByTestId('preferred-channel').textContent()).toBe(en['supporters.channel.email']);
      const changed = await context.request.get(`/api/v1/contacts/${demo.id}`);
      expect(await changed.json()).toMatchObject({
        displayName: `${demo.displayName} B.`,
        email: demo.email,
        preferredChannel: 'email',
      });
      // An address another supporter has is refused in place, and nothing changes.
      const other = ((await listed.json()) as { items: DemoSupporter[] }).items.find(
        (s) => s.id !== demo.id && s.email,
      );
      if (other?.email) {
        await page.getByRole('button', { name: en['supporters.edit'] }).click();
        await form.getByLabel(en['supporters.email']).fill(other.email);
        await form.getByRole('button', { name: en['supporters.save'] }).click();
        await form.getByRole('alert').waitFor();
        await form.getByRole('button', { name: en['supporters.cancel'] }).click();
        expect((await (await context.request.get(`/api/v1/contacts/${demo.id}`)).json()).email).toBe(
          demo.email,
        );
      }

      // Create a campaign and see it listed, with its public page.
      const slug = `e2e-${Date.now().toString(36)}`;
      await page.goto('/admin/campaigns');
      await page.getByRole('heading', { level: 1, name: en['campaigns.title'] }).waitFor();
      await page.getByText(en['campaigns.create'], { exact: true }).click();
      await page.locator('#campaign-slug').fill(slug);
      await page.locator('#campaign-name').fill('Browser test appeal');
      await page.locator('#campaign-goal').fill('1500');
      await page.locator('#campaign-starts').fill('2026-04-01');
      await page.locator('#campaign-ends').fill('2026-05-31');
      await page.getByRole('button', { name: en['campaigns.submit'] }).click();
      await page.getByRole('status').getByText('Browser test appeal').waitFor();
      const card = page.locator(`[data-campaign="${slug}"]`);
      await card.waitFor();
      expect(await card.getByRole('link', { name: en['campaigns.publicPage'] }).getAttribute('href')).toBe(
        `/donate/${slug}`,
      );
      await card.getByRole('progressbar').waitFor();
      await card.getByText(en['campaigns.status.active'], { exact: true }).waitFor();
      await screenshot(page, 'admin-campaigns-phone');

      const campaigns = await context.request.get('/api/v1/campaigns');
      const created = (
        (await campaigns.json()) as { items: { slug: string; goalMinor: number; endsAt: string }[] }
      ).items.find((c) => c.slug === slug);
      expect(created).toMatchObject({ goalMinor: 150_000, endsAt: '2026-05-31T00:00:00.000Z' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
