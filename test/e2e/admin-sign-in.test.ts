// The admin app end to end, against the real server and a real browser: sign in, the dashboard,
// switching language, signing out, and the folded navigation on a 360 px wide phone.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../web/src/i18n/de';
import { en } from '../../web/src/i18n/en';
import { it as italian } from '../../web/src/i18n/it';
import {
  DEMO_ADMIN,
  buildWebIfStale,
  launchBrowser,
  screenshot,
  startFilo,
  watchForErrors,
  type RunningFilo,
} from './harness';

interface PublicProfile {
  readonly organisation: { readonly name: string };
  readonly campaigns: readonly { readonly goalMinor: number }[];
}

let filo: RunningFilo | undefined;
let browser: Browser | undefined;
let profile: PublicProfile;

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
  const response = await fetch(`${filo.url}/api/v1/public/organisation`);
  expect(response.status).toBe(200);
  profile = (await response.json()) as PublicProfile;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

function server(): RunningFilo {
  if (!filo) throw new Error('filo did not start');
  return filo;
}

async function newPage(options: { width: number; height: number; locale: string }): Promise<{
  context: BrowserContext;
  page: Page;
  errors: string[];
}> {
  if (!browser) throw new Error('chromium did not start');
  const context = await browser.newContext({
    baseURL: server().url,
    viewport: { width: options.width, height: options.height },
    locale: options.locale,
  });
  // Fail on the step that hangs, with Playwright's explanation, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // 401s are part of the flow: the signed-out session check and the deliberately wrong password.
  return { context, page, errors: watchForErrors(page, { expectedStatuses: [401] }) };
}

async function signIn(
  page: Page,
  labels: { email: string; password: string; submit: string },
): Promise<void> {
  await page.getByLabel(labels.email).fill(DEMO_ADMIN.email);
  await page.getByLabel(labels.password).fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('heading', { level: 1, name: profile.organisation.name }).waitFor();
}

describe('admin app', () => {
  it('signs in, shows the dashboard, switches to Italian and signs out', async () => {
    const { context, page, errors } = await newPage({ width: 1280, height: 800, locale: 'en-GB' });
    try {
      await page.goto('/admin/');
      await page.getByRole('heading', { level: 1, name: en['signIn.title'] }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      // A wrong password is refused with the server's error code, shown as a sentence.
      await page.getByLabel(en['signIn.email']).fill(DEMO_ADMIN.email);
      await page.getByLabel(en['signIn.password']).fill('not-the-password');
      await page.getByRole('button', { name: en['signIn.submit'] }).click();
      await page.getByRole('alert').getByText(en['signIn.invalidCredentials']).waitFor();

      await signIn(page, {
        email: en['signIn.email'],
        password: en['signIn.password'],
        submit: en['signIn.submit'],
      });

      // The shell: navigation with the current page marked, and who is signed in.
      const nav = page.getByRole('navigation', { name: en['shell.navigation'] });
      expect(await nav.getByRole('link', { name: en['nav.dashboard'] }).getAttribute('aria-current')).toBe(
        'page',
      );
      const me = await context.request.get('/api/v1/auth/me');
      expect(me.status()).toBe(200);
      const { user } = (await me.json()) as { user: { name: string; role: 'owner' } };
      const account = page.getByRole('region', { name: en['shell.account'] });
      await account.getByText(user.name, { exact: true }).waitFor();
      await account.getByText(en[`role.${user.role}`], { exact: true }).waitFor();

      // The dashboard: totals, and one progress bar per campaign that has a goal.
      await page.getByRole('main').getByText(en['totals.supporters'], { exact: true }).waitFor();
      const withGoal = profile.campaigns.filter((campaign) => campaign.goalMinor > 0).length;
      expect(await page.getByRole('progressbar').count()).toBe(withGoal);
      await screenshot(page, 'admin-dashboard-desktop');

      // Italian: every label changes, <html lang> follows, and the choice survives a reload.
      await page.getByLabel(en['common.language']).selectOption('it');
      const navIt = page.getByRole('navigation', { name: italian['shell.navigation'] });
      await navIt.getByRole('link', { name: italian['nav.campaigns'] }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('it');
      expect(await page.evaluate(() => localStorage.getItem('filo.lang'))).toBe('it');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: profile.organisation.name }).waitFor();
      await page.getByRole('main').getByText(italian['totals.supporters'], { exact: true }).waitFor();
      await screenshot(page, 'admin-dashboard-desktop-it');

      // Sign out: back at the sign-in page, in Italian, and the session is gone on the server too.
      await page.getByRole('button', { name: italian['shell.signOut'] }).click();
      await page.getByRole('heading', { level: 1, name: italian['signIn.title'] }).waitFor();
      await page.getByText(italian['signIn.signedOut']).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/');
      expect((await context.request.get('/api/v1/auth/me')).status()).toBe(401);
      await screenshot(page, 'admin-sign-in-desktop-it');

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('folds the navigation into a working menu on a 360 px wide screen, in the browser’s language', async () => {
    const { context, page, errors } = await newPage({ width: 360, height: 740, locale: 'de-DE' });
    try {
      await page.goto('/admin/');
      // No stored choice: the browser's German is used.
      await page.getByRole('heading', { level: 1, name: de['signIn.title'] }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      await screenshot(page, 'admin-sign-in-mobile-de');
      await signIn(page, {
        email: de['signIn.email'],
        password: de['signIn.password'],
        submit: de['signIn.submit'],
      });

      const menu = page.getByRole('button', { name: de['shell.menu'] });
      const campaigns = page.getByRole('link', { name: de['nav.campaigns'] });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await campaigns.isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, 'admin-dashboard-mobile');

      // Escape closes the menu and gives focus back to its button.
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await campaigns.waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await campaigns.waitFor({ state: 'hidden' });
      expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true);

      await menu.click();
      await campaigns.waitFor({ state: 'visible' });
      await screenshot(page, 'admin-menu-open-mobile');
      await campaigns.click();
      await page.waitForURL('**/admin/campaigns');
      await page.getByRole('heading', { level: 1, name: de['nav.campaigns'] }).waitFor();
      await page.getByText(de['campaigns.create']).first().waitFor();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await campaigns.isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, 'admin-campaigns-mobile');

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
