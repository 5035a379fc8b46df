import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../src/payments';
import { ENGINES } from '../../src/store/testing';
import type { TestApp } from '../support/app';
import { paymentsApp, waitFor } from './support';

// What the public giving pages rely on beyond the main sandbox flow: the thank-you page of a monthly
// gift gets its self-service link (for a day only), a chat link's checkout can take the donor's e-mail
// on the sandbox page, and a declined sandbox payment records nothing and leaves the checkout open.
describe.each(ENGINES)('the giving pages’ API on %s', (engine) => {
  let t: TestApp & { campaignId: string };
  afterEach(async () => {
    await t.dispose();
  });

  async function checkout(frequency: 'one-off' | 'monthly', email: string | null = 'ada@example.org') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/checkout',
      payload: { campaign: 'un-pasto', amountMinor: 500, frequency, name: 'Ada', email, phone: null },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { url, checkoutId } = res.json<{ url: string; checkoutId: string }>();
    return { checkoutId, sessionId: url.split('/').pop()! };
  }

  async function pay(sessionId: string, body: Record<string, unknown> = {}) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/public/sandbox/checkout/${sessionId}`,
      payload: { outcome: 'succeed', ...body },
    });
  }

  async function recorded(checkoutId: string) {
    return waitFor(async () => {
      const body = (
        await t.app.inject({ method: 'GET', url: `/api/v1/public/checkout/${checkoutId}` })
      ).json<{ status: string; manageUrl: string | null; receiptCode: string | null }>();
      return body.status === 'recorded' ? body : undefined;
    });
  }

  it('gives a monthly gift’s thank-you page its self-service link, and a one-off gift none', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    const monthly = await checkout('monthly');
    expect((await pay(monthly.sessionId)).statusCode).toBe(200);
    const status = await recorded(monthly.checkoutId);
    expect(status.manageUrl).toMatch(/\/donate\/manage\/rgf_[A-Za-z0-9]+\.[A-Za-z0-9_-]+$/);
    const token = status.manageUrl!.split('/').pop()!;
    const gift = await t.app.inject({ method: 'GET', url: `/api/v1/public/recurring/${token}` });
    expect(gift.json()).toMatchObject({ status: 'active', amountMinor: 500 });

    const oneOff = await checkout('one-off');
    expect((await pay(oneOff.sessionId)).statusCode).toBe(200);
    expect((await recorded(oneOff.checkoutId)).manageUrl).toBeNull();
  });

  it('stops showing the self-service link on a thank-you page older than a day', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    const monthly = await checkout('monthly');
    await pay(monthly.sessionId);
    expect((await recorded(monthly.checkoutId)).manageUrl).not.toBeNull();
    await t.t.store.db
      .updateTable('payment_checkouts')
      .set({ created_at: new Date(Date.now() - 25 * 3600 * 1000).toISOString() })
      .where('id', '=', monthly.checkoutId)
      .execute();
    expect((await recorded(monthly.checkoutId)).manageUrl).toBeNull();
  });

  it('takes the donor’s e-mail on the sandbox page when the checkout has none', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    // A chat link without a contact opens such a checkout; here the checkout is made directly.
    const link = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payment-links',
      headers: { authorization: `Bearer ${t.keys.fundraiser}` },
      payload: { amountMinor: 300, campaign: 'un-pasto', expiresInMinutes: 60 },
    });
    expect(link.statusCode, link.body).toBe(201);
    const token = link.json<{ url: string }>().url.split('/').pop()!;
    const opened = await t.app.inject({ method: 'GET', url: `/give/${token}` });
    expect(opened.statusCode).toBe(303);
    const sessionId = String(opened.headers.location).split('/').pop()!;
    const session = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/sandbox/checkout/${sessionId}`,
    });
    expect(session.json()).toMatchObject({ email: null, amountMinor: 300 });

    const bad = await pay(sessionId, { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    const ok = await pay(sessionId, { email: 'Chat.Donor@example.org', name: 'Chat Donor' });
    expect(ok.statusCode, ok.body).toBe(200);
    const donation = await waitFor(async () => (await t.ctx.ledger.listDonations({ limit: 5 })).items[0]);
    expect(donation.grossMinor).toBe(300);
    const contact = await t.ctx.contacts.get(donation.contactId!);
    expect(contact.email).toBe('chat.donor@example.org');
  });

  it('stores the WhatsApp thank-you (service) and WhatsApp news consents apart, with their own wording', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/public/donate/un-pasto?lang=en' });
    const options = page.json<{
      consents: { channel: string; purpose: string; version: string; wording: string }[];
    }>().consents;
    expect(options.map((c) => `${c.channel}/${c.purpose}`)).toEqual([
      'email/news',
      'whatsapp/service',
      'whatsapp/news',
      'sms/news',
    ]);
    const base = {
      campaign: 'un-pasto',
      amountMinor: 500,
      frequency: 'one-off',
      name: 'Ada',
      phone: '+393331112233',
    };
    for (const consents of [
      [{ channel: 'whatsapp', purpose: 'marketing', version: CONSENT_VERSION }],
      [{ channel: 'whatsapp', purpose: 'service', version: 'donate-form-2026-01' }],
    ]) {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/checkout',
        payload: { ...base, consents },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('PAYMENT_CONSENT_VERSION_UNKNOWN');
    }
    expect(await t.t.store.db.selectFrom('payment_checkouts').select('id').execute()).toHaveLength(0);

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/checkout',
      payload: {
        ...base,
        language: 'en',
        consents: options
          .filter((c) => c.channel === 'whatsapp')
          .map((c) => ({ channel: c.channel, purpose: c.purpose, version: c.version })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { url, checkoutId } = res.json<{ url: string; checkoutId: string }>();
    await pay(url.split('/').pop()!);
    await recorded(checkoutId);
    const donation = (await t.ctx.ledger.listDonations({ limit: 5 })).items[0]!;
    const contact = await t.ctx.contacts.get(donation.contactId!);
    const granted = contact.consents.map((c) => ({
      channel: c.channel,
      purpose: c.purpose,
      status: c.status,
    }));
    expect(granted).toEqual(
      expect.arrayContaining([
        { channel: 'whatsapp', purpose: 'service', status: 'granted' },
        { channel: 'whatsapp', purpose: 'news', status: 'granted' },
      ]),
    );
    expect(granted).toHaveLength(2);
    const stored = await t.t.store.db
      .selectFrom('consents')
      .select(['purpose', 'wording', 'wording_version'])
      .where('contact_id', '=', contact.id)
      .execute();
    expect(stored.find((c) => c.purpose === 'service')).toMatchObject({
      wording: options.find((o) => o.purpose === 'service')!.wording,
      wording_version: CONSENT_VERSION,
    });
  });

  it('records nothing for a declined sandbox payment, and the donor can still pay afterwards', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    const { checkoutId, sessionId } = await checkout('one-off');
    const declined = await pay(sessionId, { outcome: 'fail' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().redirectUrl).toMatch(/\/donate\/un-pasto$/);
    // Let the failure's webhook be delivered and answered before looking.
    await waitFor(
      async () => (await t.queue!.counts()).active === 0 && (await t.queue!.counts()).waiting === 0,
    );
    expect((await t.ctx.ledger.listDonations({ limit: 5 })).items).toHaveLength(0);
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/public/checkout/${checkoutId}` });
    expect(status.json()).toMatchObject({ status: 'pending', receiptCode: null, trackUrl: null });
    const session = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/sandbox/checkout/${sessionId}`,
    });
    expect(session.json().status).toBe('open');

    expect((await pay(sessionId)).statusCode).toBe(200);
    await recorded(checkoutId);
    expect((await t.ctx.ledger.listDonations({ limit: 5 })).items).toHaveLength(1);
    const again = await pay(sessionId);
    expect(again.json().code).toBe('PAYMENT_CHECKOUT_CLOSED');
  });
});
