// The WhatsApp conversation end to end, against the real server (`filo start --demo`, with its WhatsApp
// sandbox) and a real browser: a supporter writes on the sandbox phone page, the message appears in the
// admin inbox without a reload, an agent answers, the reply arrives on the phone, and the delivery and
// read ticks show on both sides. Every wait is on something a person would see, never on a timer.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

const AGENT = Object.freeze({ email: 'agent@demo.filo.ngo', password: 'filo-demo-2026' });
// A number no demo supporter has, so the conversation is this test's own.
const PHONE = Object.freeze({ waId: '393479990001', name: 'Teresa Bianchi' });
// The demo runs the assistant too: asking for a person is what brings a person in.
const QUESTION = 'Hello, can I talk to a person please?';
const ANSWER = 'Hi Teresa, this is Sara from the team: how can I help?';
// Generous for a shared two-core machine; each wait still ends as soon as the page shows the state.
const STEP_TIMEOUT_MS = 20_000;

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

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser || !filo) throw new Error('filo or chromium did not start');
  const context = await browser.newContext({
    baseURL: filo.url,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  // The admin app asks who is signed in before the sign-in form: a 401 by design.
  return { context, page, errors: watchForErrors(page, { expectedStatuses: [401] }) };
}

/** A bubble on the phone page or in the inbox thread, by direction and text. */
function bubble(scope: Page | Locator, direction: 'in' | 'out', text: string): Locator {
  return scope.locator(`li[data-direction="${direction}"]`).filter({ hasText: text });
}

describe('the WhatsApp inbox, through the sandbox', () => {
  it('a supporter writes, an agent answers, and the ticks show on both sides', async () => {
    const phone = await newPage();
    const admin = await newPage();
    try {
      // The agent signs in and opens the inbox first: what follows must arrive without a reload.
      await admin.page.goto('/admin/inbox');
      await admin.page.getByLabel(en['signIn.email']).fill(AGENT.email);
      await admin.page.getByLabel(en['signIn.password']).fill(AGENT.password);
      await admin.page.getByRole('button', { name: en['signIn.submit'] }).click();
      await admin.page.getByRole('heading', { level: 1, name: en['inbox.title'] }).waitFor();
      const list = admin.page.getByRole('list', { name: en['inbox.conversations'] });
      await list.waitFor();
      // A mark on the window: a reload would wipe it.
      await admin.page.evaluate(() => {
        (window as unknown as { filoE2eMark?: boolean }).filoE2eMark = true;
      });

      // The supporter opens the sandbox phone, picks a number and a name, and writes.
      await phone.page.goto('/sandbox/phone');
      // The phone itself, apart from anything else the public site shows (its chat widget, say).
      const handset = phone.page.locator('.phone');
      await handset.getByRole('heading', { level: 1, name: en['phone.title'] }).waitFor();
      await handset.getByLabel(en['phone.number'], { exact: true }).fill(PHONE.waId);
      await handset.getByLabel(en['phone.name'], { exact: true }).fill(PHONE.name);
      await handset.getByRole('button', { name: en['phone.start'], exact: true }).click();
      await handset.getByRole('textbox', { name: en['phone.message'], exact: true }).fill(QUESTION);
      await handset.getByRole('button', { name: en['phone.send'], exact: true }).click();
      // Filo's webhook took it: two grey ticks on the phone, not yet read.
      const question = bubble(handset, 'in', QUESTION);
      await question.locator('[data-ticks="delivered"]').waitFor();
      expect(await question.locator('.ticks').textContent()).toBe('✓✓');

      // The conversation appears in the inbox by itself, unread, under the supporter's WhatsApp name
      // (whatever the assistant may have answered meanwhile).
      const item = list.getByRole('button').filter({ hasText: PHONE.name });
      await item.waitFor();
      await item.filter({ hasText: en['inbox.unread'].replace('{count}', '1') }).waitFor();

      // The agent opens it: the question shows in the thread, and the phone's ticks turn to read.
      await item.click();
      const thread = admin.page.getByRole('region', { name: en['inbox.thread'] });
      await bubble(thread, 'in', QUESTION).waitFor();
      await question.locator('[data-ticks="read"]').waitFor();
      await screenshot(phone.page, 'inbox-phone-question-read');

      // The supporter puts the phone away: the answer can be delivered but not read yet.
      await phone.page.goto('about:blank');
      await thread.getByLabel(en['inbox.reply'], { exact: true }).fill(ANSWER);
      await thread.getByRole('button', { name: en['inbox.send'], exact: true }).click();
      const answer = bubble(thread, 'out', ANSWER);
      await answer.waitFor();
      await thread
        .locator('li[data-direction="out"][data-status="delivered"]')
        .filter({ hasText: ANSWER })
        .waitFor();
      expect(await answer.locator('.ticks').textContent()).toBe('✓✓');
      expect(await answer.locator('.ticks').getAttribute('title')).toBe('delivered');

      // The supporter opens the chat again: the answer is there, and the agent sees it read.
      await phone.page.goto('/sandbox/phone');
      await bubble(handset, 'out', ANSWER).waitFor();
      await thread
        .locator('li[data-direction="out"][data-status="read"]')
        .filter({ hasText: ANSWER })
        .waitFor();
      expect(await answer.locator('.ticks').getAttribute('title')).toBe('read');
      // The question stays read on the phone after the reload (the sandbox keeps the phone's state).
      await bubble(handset, 'in', QUESTION).locator('[data-ticks="read"]').waitFor();

      await screenshot(admin.page, 'inbox-agent-answer-read');
      await screenshot(phone.page, 'inbox-phone-answer');
      expect(
        await admin.page.evaluate(() => (window as unknown as { filoE2eMark?: boolean }).filoE2eMark),
      ).toBe(true);
      expect(admin.errors).toEqual([]);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
      await admin.context.close();
    }
  }, 120_000);
});
