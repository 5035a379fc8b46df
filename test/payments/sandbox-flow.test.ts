import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../../src/store/testing';
import { CONSENT_VERSION, NOTIFY_JOB } from '../../src/payments';
import type { TestApp } from '../support/app';
import { paymentsApp, sandboxOf, waitFor } from './support';

// The whole giving flow on the sandbox: form → checkout → sandbox page → signed webhooks (duplicated
// and reversed) → exactly one donation in the ledger, with the donor and the consents they ticked.
describe.each(ENGINES)('giving through the payment sandbox on %s', (engine) => {
  let t: TestApp & { campaignId: string };
  afterEach(async () => {
    await t.dispose();
  });

  async function give(
    frequency: 'one-off' | 'monthly',
    delivery: { duplicate?: boolean; reverse?: boolean },
    donor: Record<string, unknown> = {},
  ) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/checkout',
      payload: {
        campaign: 'un-pasto',
        amountMinor: 500,
        frequency,
        name: 'Giulia Rossi',
        email: 'Giulia.Rossi@example.org',
        language: 'it',
        consents: [{ channel: 'email', version: CONSENT_VERSION }],
        ...donor,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { url, checkoutId } = res.json<{ url: string; checkoutId: string }>();
    const sessionId = url.split('/').pop()!;
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/public/sandbox/checkout/${sessionId}` });
    expect(page.json()).toMatchObject({
      status: 'open',
      amountMinor: 500,
      currency: 'EUR',
      mode: frequency === 'monthly' ? 'subscription' : 'payment',
    });
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/sandbox/checkout/${sessionId}`,
      payload: { outcome: 'succeed', name: 'Giulia Rossi', ...delivery },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().redirectUrl).toContain(`/donate/thanks/${checkoutId}`);
    return checkoutId;
  }

  async function settled() {
    await waitFor(async () => {
      const jobs = await t.queue!.counts();
      const pending = await t.t.store.db
        .selectFrom('payment_events')
        .select('id')
        .where('processed_at', 'is', null)
        .execute();
      const events = await t.t.store.db.selectFrom('payment_events').select('id').execute();
      return events.length > 0 && pending.length === 0 && jobs.active === 0;
    });
  }

  it('records a one-off gift once, whatever the duplicates and the order, with donor, fee and consent', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    const checkoutId = await give('one-off', { duplicate: true, reverse: true });
    const status = await waitFor(async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/checkout/${checkoutId}` });
      const body = res.json<{ status: string; trackUrl: string | null; receiptCode: string | null }>();
      return body.status === 'recorded' ? body : undefined;
    });
    await settled();
    expect(status.trackUrl).toBe(`/track/${status.receiptCode}`);
    const { items } = await t.ctx.ledger.listDonations({ limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      grossMinor: 500,
      feeMinor: 33,
      netMinor: 467,
      currency: 'EUR',
      campaignId: t.campaignId,
      restriction: 'campaign',
      provider: 'sandbox',
    });
    const contact = await t.ctx.contacts.get(items[0]!.contactId!);
    expect(contact.email).toBe('giulia.rossi@example.org');
    expect(contact.consents).toEqual([
      expect.objectContaining({
        channel: 'email',
        purpose: 'news',
        status: 'granted',
        wordingVersion: CONSENT_VERSION,
        source: 'donation-form',
      }),
    ]);
    const events = await t.t.store.db
      .selectFrom('payment_events')
      .select(['type', 'outcome'])
      .orderBy('type')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);
    expect(events.map((e) => e.outcome).sort()).toEqual(['duplicate', 'recorded']);
  });

  it('keeps the channel the donor chose for our messages, for a new donor and for one we knew', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    const contactOf = async (email: string) =>
      t.ctx.contacts.get((await t.ctx.contacts.findByEmail(email))!.id);

    // Refused before anything is stored: WhatsApp chosen without a phone number.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/checkout',
      payload: {
        campaign: 'un-pasto',
        amountMinor: 500,
        frequency: 'one-off',
        name: 'Giulia Rossi',
        email: 'giulia.rossi@example.org',
        preferredChannel: 'whatsapp',
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('PAYMENT_DONOR_INVALID');
    expect(await t.t.store.db.selectFrom('payment_checkouts').select('id').execute()).toHaveLength(0);

    await give('one-off', {}, { phone: '+39 333 555 1234', preferredChannel: 'whatsapp' });
    await settled();
    expect(await contactOf('giulia.rossi@example.org')).toMatchObject({
      phone: '+393335551234',
      preferredChannel: 'whatsapp',
    });

    // She gives again and asks for e-mail this time: the newest choice is hers.
    await give('one-off', {}, { phone: '+393335551234', preferredChannel: 'email' });
    await waitFor(async () => (await contactOf('giulia.rossi@example.org')).preferredChannel === 'email');
    await settled();
    const { items } = await t.ctx.ledger.listDonations({ limit: 10 });
    expect(items).toHaveLength(2);
    expect(new Set(items.map((d) => d.contactId)).size).toBe(1);
  });

  it('records the first month of a recurring gift once, and each renewal once more', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    await give('monthly', { duplicate: true, reverse: true });
    await waitFor(async () => (await t.ctx.ledger.listDonations({ limit: 10 })).items.length === 1);
    await settled();
    const sub = await t.t.store.db.selectFrom('payment_subscriptions').selectAll().executeTakeFirstOrThrow();
    expect(sub).toMatchObject({ status: 'active', campaign_id: t.campaignId });
    const sandbox = sandboxOf(t);
    // A renewal, delivered twice and reversed; then a failed month, which notifies the donor.
    await sandbox.renewSubscription(sub.provider_subscription_id, { duplicate: true, reverse: true });
    await waitFor(async () => (await t.ctx.ledger.listDonations({ limit: 10 })).items.length === 2);
    await sandbox.renewSubscription(sub.provider_subscription_id, { fail: true, duplicate: true });
    await settled();
    await waitFor(
      async () =>
        (await t.t.store.db.selectFrom('payment_subscriptions').select('status').executeTakeFirstOrThrow())
          .status === 'past_due',
    );
    const { items } = await t.ctx.ledger.listDonations({ limit: 10 });
    expect(items).toHaveLength(2);
    expect(
      items.every(
        (d) => d.grossMinor === 500 && d.campaignId === t.campaignId && d.contactId === sub.contact_id,
      ),
    ).toBe(true);
    const notices = await t.t.store.db
      .selectFrom('jobs')
      .select(['name', 'payload'])
      .where('name', '=', NOTIFY_JOB)
      .execute();
    const kinds = notices.map((n) => (JSON.parse(n.payload) as { kind: string }).kind).sort();
    expect(kinds).toEqual(['payment.failed']);
    const failed = notices
      .map((n) => JSON.parse(n.payload) as Record<string, unknown>)
      .find((n) => n.kind === 'payment.failed')!;
    expect(failed.manageUrl).toMatch(/\/donate\/manage\/rgf_/);
    // The self-service link: change the amount, then cancel; the provider's deletion event closes it.
    const token = String(failed.manageUrl).split('/').pop()!;
    const changed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/recurring/${token}`,
      payload: { action: 'amount', amountMinor: 1000 },
    });
    expect(changed.json()).toMatchObject({ amountMinor: 1000 });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/recurring/${token}`,
      payload: { action: 'cancel' },
    });
    await waitFor(
      async () =>
        (await t.app.inject({ method: 'GET', url: `/api/v1/public/recurring/${token}` })).json().status ===
        'cancelled',
    );
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/public/recurring/${token}x` });
    expect(bad.json().code).toBe('PAYMENT_SUBSCRIPTION_NOT_FOUND');
  });

  it('reverses a refund and then a dispute once each, never more than the gift', async () => {
    t = await paymentsApp(engine);
    await t.startWorkers();
    await give('one-off', {});
    const record = await waitFor(() =>
      t.t.store.db.selectFrom('payment_records').selectAll().executeTakeFirst(),
    );
    const sandbox = sandboxOf(t);
    const refund = await sandbox.refund(record.payment_intent_id!, 200);
    const dispute = await sandbox.dispute(record.payment_intent_id!);
    // Deliver both again by hand, in reverse: nothing more happens.
    for (const d of [...dispute, ...refund]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': d.signature },
        payload: d.body,
      });
      expect(res.statusCode).toBe(200);
    }
    await waitFor(async () => (await t.ctx.ledger.getDonation(record.donation_id)).refundedMinor === 500);
    await settled();
    const refunds = await t.t.store.db
      .selectFrom('donation_refunds')
      .select(['amount_minor', 'provider_refund_id'])
      .orderBy('created_at')
      .execute();
    // Refund first: 200 then the dispute takes the 300 left; dispute first: it takes all 500.
    expect(refunds.reduce((sum, r) => sum + Number(r.amount_minor), 0)).toBe(500);
    expect(new Set(refunds.map((r) => r.provider_refund_id)).size).toBe(refunds.length);
  });
});
