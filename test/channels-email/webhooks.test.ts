import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebchatEmailModule,
  issueUnsubscribeToken,
  signEmailWebhook,
  type WebchatEmailService,
} from '../../src/channels';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The e-mail module over HTTP on both engines: the signed inbound webhook (replies, DSN bounces,
// mail to the unsubscribe mailbox), the RFC 8058 one-click unsubscribe recorded once as consent
// records, and the sandbox outbox — owner only. Bad signatures and junk write nothing.

const WEBHOOK_SECRET = 'email-webhook-secret-for-tests';
const UNSUB_SECRET = 'email-unsubscribe-secret-for-tests';
const env = {
  FILO_EMAIL_FROM: 'Filo ETS <hello@filo.example.org>',
  FILO_EMAIL_WEBHOOK_SECRET: WEBHOOK_SECRET,
  FILO_EMAIL_UNSUBSCRIBE_SECRET: UNSUB_SECRET,
  FILO_EMAIL_UNSUBSCRIBE_MAILTO: 'unsubscribe@filo.example.org',
  FILO_WEBCHAT_SECRET: 'webchat-secret-for-tests-0123456789',
};
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe.each(ENGINES)('e-mail webhooks, unsubscribe and the sandbox outbox (%s)', (engine) => {
  let t: TestApp;
  let service: WebchatEmailService;

  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [createWebchatEmailModule({ env })] });
    service = t.modules.find((m) => m.name === 'webchat-email')?.service as WebchatEmailService;
  });
  afterAll(async () => t.dispose());

  const post = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'message/rfc822', ...headers },
    });
  const signed = (body: Buffer) => ({ 'x-filo-email-signature': signEmailWebhook(WEBHOOK_SECRET, body) });
  const count = async (
    table: 'channel_inbound_pending' | 'email_bounces' | 'email_suppressions' | 'consents',
  ) =>
    Number(
      (
        await t.t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a missing, malformed or wrong signature before storing anything', async () => {
    const body = fixture('reply-gmail.eml');
    const missing = await post('/webhooks/email/inbound', body);
    const malformed = await post('/webhooks/email/inbound', body, { 'x-filo-email-signature': 'abc' });
    const wrong = await post('/webhooks/email/inbound', body, {
      'x-filo-email-signature': signEmailWebhook('other-secret-xxxxxxxx', body),
    });
    expect([missing.statusCode, malformed.statusCode, wrong.statusCode]).toEqual([401, 401, 401]);
    expect([missing.json().code, malformed.json().code, wrong.json().code]).toEqual([
      'CHANNEL_SIGNATURE_MISSING',
      'CHANNEL_SIGNATURE_MALFORMED',
      'CHANNEL_SIGNATURE_INVALID',
    ]);
    expect(await count('channel_inbound_pending')).toBe(0);
  });

  it('refuses a signed body that is not a message with CHANNEL_PAYLOAD_INVALID, storing nothing', async () => {
    const junk = Buffer.from('this is not an e-mail at all');
    const response = await post('/webhooks/email/inbound', junk, signed(junk));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('CHANNEL_PAYLOAD_INVALID');
    expect(await count('channel_inbound_pending')).toBe(0);
  });

  it('keeps a reply once for conversations, however often it is posted', async () => {
    const body = fixture('reply-gmail.eml');
    const first = await post('/webhooks/email/inbound', body, signed(body));
    const again = await post('/webhooks/email/inbound', body, signed(body));
    expect(first.json()).toEqual({ received: true, stored: true, events: 1 });
    expect(again.json()).toEqual({ received: true, stored: false, events: 1 });
    const pending = await service.handoff.pending('email');
    expect(pending).toHaveLength(1);
    // What conversations gets parses to the supporter's words, without the quoted history.
    const parsed = service.email.parseInbound(Buffer.from((pending[0] as { rawBody: string }).rawBody));
    expect(parsed).toMatchObject({
      ok: true,
      events: [
        {
          type: 'message',
          channel: 'email',
          id: 'CAF1x7ZQ2k9@mail.example.it',
          from: { key: 'anna.rossi@example.it', name: 'Anna Rossi' },
          sentAt: '2025-11-25T09:15:02.000Z',
          context: { replyTo: { id: '3f1c2a9e-1d2b-4c55-9a1e-5b7d0c0a1b2c@filo.example.org' } },
          content: { kind: 'text', body: 'Ciao, posso donare anche con bonifico? Grazie mille 🙏' },
        },
      ],
    });
  });

  it('records a hard bounce from a DSN once, and suppresses the address', async () => {
    const body = fixture('dsn-postfix-hard.eml');
    expect((await post('/webhooks/email/bounce', body, signed(body))).statusCode).toBe(200);
    expect((await post('/webhooks/email/bounce', body, signed(body))).statusCode).toBe(200);
    const bounces = await t.t.store.db.selectFrom('email_bounces').selectAll().execute();
    expect(bounces).toEqual([
      expect.objectContaining({
        message_id: '9d7c1e20-aaaa-4bbb-8ccc-000000000001@filo.example.org',
        recipient: 'nobody@example.com',
        kind: 'permanent',
        smtp_status: '5.1.1',
      }),
    ]);
    const suppressed = await t.t.store.db
      .selectFrom('email_suppressions')
      .selectAll()
      .where('address', '=', 'nobody@example.com')
      .execute();
    expect(suppressed.map((s) => s.reason)).toEqual(['bounce']);
    // Nothing more goes to that address, not even transactional mail.
    const result = await service.email.sendEmail(
      { type: 'text', to: 'nobody@example.com', body: 'Ciao' },
      { transactional: true },
    );
    expect(result).toMatchObject({ ok: false, failure: { kind: 'permanent', retry: false } });
  });

  it('records a delayed DSN as a transient bounce without suppressing the address', async () => {
    const body = fixture('dsn-gmail-delay.eml');
    expect((await post('/webhooks/email/bounce', body, signed(body))).json()).toMatchObject({
      received: true,
      events: 1,
    });
    const row = await t.t.store.db
      .selectFrom('email_bounces')
      .selectAll()
      .where('recipient', '=', 'busy@example.org')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'transient',
      smtp_status: '4.2.2',
      message_id: '9d7c1e20-aaaa-4bbb-8ccc-000000000002@filo.example.org',
    });
    expect(
      await t.t.store.db
        .selectFrom('email_suppressions')
        .selectAll()
        .where('address', '=', 'busy@example.org')
        .execute(),
    ).toEqual([]);
  });

  it('unsubscribes in one click (RFC 8058), once: consent records are appended the first time only', async () => {
    const contact = await t.ctx.contacts.create({ email: 'maria@example.org', language: 'it' });
    const token = issueUnsubscribeToken(UNSUB_SECRET, 'maria@example.org');
    // The page itself changes nothing (mail scanners open links).
    const page = await t.app.inject({
      method: 'GET',
      url: `/unsubscribe/email?t=${token}`,
      headers: { 'accept-language': 'it-IT,it;q=0.9' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Annulla iscrizione');
    expect(await count('consents')).toBe(0);
    const oneClick = () =>
      t.app.inject({
        method: 'POST',
        url: `/unsubscribe/email?t=${token}`,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const first = await oneClick();
    const second = await oneClick();
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    const consents = await t.t.store.db
      .selectFrom('consents')
      .selectAll()
      .where('contact_id', '=', contact.id)
      .orderBy('purpose')
      .execute();
    expect(consents.map((c) => [c.channel, c.purpose, c.status, c.source])).toEqual([
      ['email', 'fundraising', 'revoked', 'email_one_click'],
      ['email', 'news', 'revoked', 'email_one_click'],
    ]);
    // A newsletter is not sent any more; a receipt still is.
    expect(await service.email.send({ type: 'text', to: 'maria@example.org', body: 'News' })).toMatchObject({
      ok: false,
      failure: { kind: 'undeliverable', reason: 'marketing_opt_out' },
    });
    expect(
      await service.email.sendEmail(
        { type: 'text', to: 'maria@example.org', body: 'Ricevuta' },
        { transactional: true },
      ),
    ).toMatchObject({ ok: true });
  });

  it('refuses a forged unsubscribe token with a stable code, recording nothing', async () => {
    const before = await count('email_suppressions');
    const forged = `${Buffer.from('victim@example.org').toString('base64url')}.${'A'.repeat(43)}`;
    const response = await t.app.inject({
      method: 'POST',
      url: `/unsubscribe/email?t=${forged}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('EMAIL_UNSUBSCRIBE_TOKEN_INVALID');
    expect(await count('email_suppressions')).toBe(before);
  });

  it('takes an unsubscribe mail to the mailto address as an opt-out for the address in its token', async () => {
    const contact = await t.ctx.contacts.create({ email: 'luca@example.org', language: 'it' });
    const token = issueUnsubscribeToken(UNSUB_SECRET, 'luca@example.org');
    const body = Buffer.from(
      `From: Luca <luca.alias@example.net>\r\nTo: unsubscribe@filo.example.org\r\nSubject: unsubscribe ${token}\r\nDate: Fri, 28 Nov 2025 10:00:00 +0100\r\nMessage-ID: <unsub-1@example.net>\r\n\r\n\r\n`,
    );
    expect((await post('/webhooks/email/inbound', body, signed(body))).json()).toEqual({
      received: true,
      stored: true,
      events: 1,
    });
    const consents = await t.t.store.db
      .selectFrom('consents')
      .select(['status', 'source'])
      .where('contact_id', '=', contact.id)
      .execute();
    expect(consents).toEqual([
      { status: 'revoked', source: 'email_unsubscribe_mailto' },
      { status: 'revoked', source: 'email_unsubscribe_mailto' },
    ]);
  });

  it('keeps mail in the SANDBOX outbox without SMTP_URL, shown to the owner only', async () => {
    expect(service.emailSandbox).toBe(true);
    const sent = await service.email.send({ type: 'text', to: 'giulia@example.org', body: 'Ciao Giulia' });
    expect(sent).toMatchObject({ ok: true });
    const owner = await t.app.inject({
      method: 'GET',
      url: '/api/v1/email/sandbox/outbox',
      headers: { authorization: `Bearer ${t.keys.owner}` },
    });
    expect(owner.statusCode).toBe(200);
    const item = owner.json().items.find((i: { to: string }) => i.to === 'giulia@example.org');
    expect(item).toMatchObject({
      from: 'hello@filo.example.org',
      subject: 'Test ETS',
      messageId: sent.ok ? sent.providerMessageId : '',
    });
    expect(item.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    for (const role of ['fundraiser', 'agent', 'accountant', 'auditor'] as const) {
      const denied = await t.app.inject({
        method: 'GET',
        url: '/api/v1/email/sandbox/outbox',
        headers: { authorization: `Bearer ${t.keys[role]}` },
      });
      expect(denied.statusCode, role).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/email/sandbox/outbox' })).statusCode).toBe(401);
  });

  it('refuses a body over FILO_EMAIL_MAX_BYTES with 413 and stores nothing', async () => {
    const before = await count('channel_inbound_pending');
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const response = await post('/webhooks/email/inbound', big, signed(big));
    expect(response.statusCode).toBe(413);
    expect(await count('channel_inbound_pending')).toBe(before);
  });
});

describe('erasing a supporter who unsubscribed (sqlite)', () => {
  it('deletes their outbox mail and bounces, and keeps the opt-out only as a hash that still stops mail', async () => {
    const t = await createTestApp('sqlite', { modules: [createWebchatEmailModule({ env })] });
    try {
      const service = t.modules.find((m) => m.name === 'webchat-email')?.service as WebchatEmailService;
      const contact = await t.ctx.contacts.create({ email: 'erase.me@example.org', language: 'it' });
      expect(
        await service.email.send({ type: 'text', to: 'erase.me@example.org', body: 'Notizie' }),
      ).toMatchObject({ ok: true });
      await service.unsubscribe('erase.me@example.org', 'email_one_click', {});
      const erase = await t.app.inject({
        method: 'POST',
        url: `/api/v1/contacts/${contact.id}/erase`,
        headers: { authorization: `Bearer ${t.keys.owner}` },
      });
      expect(erase.statusCode).toBeLessThan(300);
      const db = t.t.store.db;
      expect(
        await db
          .selectFrom('email_sandbox_outbox')
          .selectAll()
          .where('envelope_to', '=', 'erase.me@example.org')
          .execute(),
      ).toEqual([]);
      const kept = await db.selectFrom('email_suppressions').selectAll().execute();
      expect(kept.map((k) => [k.address.startsWith('sha256:'), k.reason])).toEqual([[true, 'unsubscribe']]);
      expect(JSON.stringify(kept)).not.toContain('erase.me');
      // Re-imported later: still not mailed.
      expect(
        await service.email.send({ type: 'text', to: 'erase.me@example.org', body: 'Notizie' }),
      ).toMatchObject({
        ok: false,
        failure: { kind: 'undeliverable', reason: 'marketing_opt_out' },
      });
    } finally {
      await t.dispose();
    }
  });
});
