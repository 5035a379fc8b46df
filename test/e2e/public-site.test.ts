// The public site end to end: the home page from the real server's public profile, its language
// switcher, and the server's page fallbacks (unknown paths get the public app, /admin/* the admin app).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../web/src/i18n/de';
import { en } from '../../web/src/i18n/en';
import { it as italian } from '../../web/src/i18n/it';
import {
  buildWebIfStale,
  launchBrowser,
  screenshot,
  startFilo,
  watchForErrors,
  type RunningFilo,
} from './harness';

interface PublicProfile {
  readonly organisation: { readonly name: string; readonly description: string };
  readonly campaigns: readonly { readonly name: string; readonly goalMinor: number }[];
  readonly projects: readonly { readonly name: string }[];
}

let filo: RunningFilo | undefined;
let browser: Browser | undefined;
let profile: PublicProfile;

beforeAll(async () => {
  await buildWebIfStale();
  [filo, browser] = await Promise.all([startFilo(), launchBrowser()]);
  profile = (await (await fetch(`${filo.url}/api/v1/public/organisation`)).json()) as PublicProfile;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await filo?.stop();
});

async function open(
  path: string,
  viewport: { width: number; height: number },
  locale: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser || !filo) throw new Error('filo or chromium did not start');
  const context = await browser.newContext({ baseURL: filo.url, viewport, locale });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // The admin deep link below checks the session first; a signed-out visitor gets a 401 by design.
  const errors = watchForErrors(page, { expectedStatuses: [401] });
  await page.goto(path);
  return { context, page, errors };
}

describe('public site', () => {
  it('presents the organisation, its campaigns and projects, in the reader’s language', async () => {
    const { context, page, errors } = await open('/', { width: 1280, height: 800 }, 'en-GB');
    try {
      await page.getByRole('heading', { level: 1, name: profile.organisation.name }).waitFor();
      await page.getByText(profile.organisation.description).waitFor();
      expect(await page.title()).toBe(profile.organisation.name);
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: en['public.campaigns'] }).waitFor();
      for (const campaign of profile.campaigns)
        await main.getByRole('heading', { name: campaign.name }).waitFor();
      for (const project of profile.projects)
        await main.getByRole('heading', { name: project.name }).waitFor();
      const withGoal = profile.campaigns.filter((campaign) => campaign.goalMinor > 0).length;
      expect(await page.getByRole('progressbar').count()).toBe(withGoal);
      expect(await page.getByRole('link', { name: en['public.staffSignIn'] }).getAttribute('href')).toBe(
        '/admin/',
      );
      await screenshot(page, 'public-home-desktop');

      await page.getByLabel(en['common.language']).selectOption('de');
      await main.getByRole('heading', { level: 2, name: de['public.campaigns'] }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a 360 px wide phone', async () => {
    const { context, page, errors } = await open('/', { width: 360, height: 740 }, 'it-IT');
    try {
      await page.getByRole('heading', { level: 2, name: italian['public.campaigns'] }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('it');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, 'public-home-mobile-it');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers an unknown path with the public app’s not-found page', async () => {
    const { context, page, errors } = await open('/no/such/page', { width: 1024, height: 700 }, 'en-GB');
    try {
      await page.getByRole('heading', { level: 1, name: en['notFound.title'] }).waitFor();
      await screenshot(page, 'public-not-found');
      await page.getByRole('link', { name: en['notFound.toHome'] }).click();
      await page.getByRole('heading', { level: 1, name: profile.organisation.name }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers a deep /admin/ link with the admin app', async () => {
    const { context, page, errors } = await open('/admin/settings', { width: 1024, height: 700 }, 'en-GB');
    try {
      await page.getByRole('heading', { level: 1, name: en['signIn.title'] }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/settings');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
