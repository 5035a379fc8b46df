import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebIfStale,
  launchBrowser,
  screenshot,
  startFilo,
  watchForErrors,
  type RunningFilo,
} from '../e2e/harness';

// The widget as a visitor meets it on the demo's public site: the one script tag, the bubble, the
// panel, a message acknowledged by the real server, and the same conversation after a reload.

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

describe('the chat widget on the public site', () => {
  it('opens from the bubble, sends a message the server acknowledges, and keeps it after a reload', async () => {
    if (!browser || !filo) throw new Error('filo or chromium did not start');
    const context = await browser.newContext({
      baseURL: filo.url,
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const errors = watchForErrors(page, { expectedStatuses: [401] });
    try {
      await page.goto('/', { timeout: 60_000 });
      // Playwright's CSS pierces the widget's open shadow root; its name changes once it is open.
      const bubble = page.locator('[data-filo-webchat] .bubble');
      await page.getByRole('button', { name: 'Open chat' }).click();
      const panel = page.getByRole('dialog');
      await panel.waitFor();
      expect(await bubble.getAttribute('aria-expanded')).toBe('true');
      expect(await bubble.getAttribute('aria-label')).toBe('Close chat');
      await panel.getByText('Please do not share sensitive data').waitFor();
      const input = panel.getByRole('textbox', { name: 'Write a message…' });
      await input.fill('Hello! How can I volunteer?');
      await input.press('Enter');
      await panel.getByText('✓ Sent').waitFor();
      await screenshot(page, 'webchat-widget-sent');
      const token = await page.evaluate(
        () => Object.entries(localStorage).find(([k]) => k.startsWith('filo-webchat:'))?.[1],
      );
      expect(JSON.parse(token ?? '{}')).toMatchObject({
        token: expect.stringMatching(/^wct1\./),
        pending: [],
      });

      await page.reload({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('dialog').getByText('Hello! How can I volunteer?').waitFor();
      await page.getByRole('dialog').getByText('✓ Sent').waitFor();
      await page.keyboard.press('Escape');
      expect(await bubble.getAttribute('aria-expanded')).toBe('false');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
