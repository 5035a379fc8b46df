import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signStripePayload, StripePaymentProvider } from '../../src/payments';
import { ENGINES } from '../../src/store/testing';
import type { TestApp } from '../support/app';
import { FakeStripeApi, paidIntent } from './fake-stripe-api';
import { paymentsApp, waitFor } from './support';

// Recorded Stripe events through /webhooks/stripe with the Stripe adapter (its API calls answered by a
// local fake and pinned): the real signed delivery, duplicates, reordering, broken signatures,
// timestamps out of tolerance, unknown types, bad amounts and currencies, and a crash mid-processing.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/stripe');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const REAL_BODY = fixture('signed_invoice_payment_succeeded_basil.json');
const REAL_HEADER =
  't=1746757390,v1=bc889a3926c751e3ea753efc027f6adbb11d224b57ebae9e86c0da62461e9f35,v0=537d1b7f8ebf0452111cafdcd6ee4cf80eb1b1ba62bc2ded7569289edfa0a2b0';
const REAL_SECRET = 'whsec_750e601a79a762e75cf1ec30b41b2e6f88daafcc644b3a9f29e735b4453ebb9a';
const NOW = 1746757400; // ten seconds after the real delivery was signed

describe.each(ENGINES)('recorded Stripe webhooks on %s', (engine) => {
  let t: TestApp & { campaignId: string };
  let api: FakeStripeApi;
  let clock = NOW;

  async function setup() {
    clock = NOW;
    api = new FakeStripeApi();
    // The real basil invoice, paid by one PaymentIntent.
    api.on('GET /v1/invoices/in_1RMgafCMHTTliF5ilpBkRLZf', {
      id: 'in_1RMgafCMHTTliF5ilpBkRLZf',
      object: 'invoice',
      payments: {
        data: [
          { status: 'paid', payment: { type: 'payment_intent', payment_intent: 'pi_3RMgagCMHTTliF5i0' } },
        ],
      },
    });
    api.on(
      'GET /v1/payment_intents/pi_3RMgagCMHTTliF5i0',
      paidIntent('pi_3RMgagCMHTTliF5i0', {
        amount: 4999,
        currency: 'cad',
        fee: 175,
        charge: 'ch_3RMgagCMHTTliF5i0',
      }),
    );
    api.on('GET /v1/invoice_payments', { object: 'list', data: [], has_more: false });
    // The recorded one-off checkout and its PaymentIntent (pi_1IqxJOJDPojXS6LN9uOebAea in both files).
    api.on(
      'GET /v1/payment_intents/pi_1IqxJOJDPojXS6LN9uOebAea',
      paidIntent('pi_1IqxJOJDPojXS6LN9uOebAea', {
        amount: 999,
        currency: 'eur',
        fee: 40,
        charge: 'ch_1IqxJOJDPojXS6LN',
      }),
    );
    // The recorded refund's payment.
    api.on(
      'GET /v1/payment_intents/pi_3Kl36gJDPojXS6LN02fQVtKR',
      paidIntent('pi_3Kl36gJDPojXS6LN02fQVtKR', {
        amount: 2500,
        currency: 'usd',
        fee: 103,
        charge: 'ch_3Kl36gJDPojXS6LN0DCM4A8l',
      }),
    );
    const host = await api.start();
    const provider = new StripePaymentProvider({
      secretKey: 'sk_test_filo',
      webhookSecrets: [REAL_SECRET],
      api: host,
      now: () => clock,
    });
    t = await paymentsApp(engine, { provider });
    await t.startWorkers();
  }

  afterEach(async () => {
    await t.dispose();
    await api.stop();
  });

  const post = (body: Buffer | string, signature?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'stripe-signature': signature } : {}),
      },
      payload: body,
    });
  const signed = (body: Buffer | string) => post(body, signStripePayload(body, REAL_SECRET, clock));
  const stored = async () =>
    (await t.t.store.db.selectFrom('payment_events').select(['type', 'outcome', 'processed_at']).execute())
      .length;
  const donations = async () => (await t.ctx.ledger.listDonations({ limit: 50 })).items;
  const processed = () =>
    waitFor(
      async () =>
        (
          await t.t.store.db
            .selectFrom('payment_events')
            .select('id')
            .where('processed_at', 'is', null)
            .execute()
        ).length === 0,
    );

  it('verifies the real signed delivery and records it once as an unrestricted gift, gross/fee/net from the balance transaction', async () => {
    await setup();
    const first = await post(REAL_BODY, REAL_HEADER);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      received: true,
      eventId: 'evt_1RMgagCMHTTliF5iVoysIuMJ',
      status: 'accepted',
    });
    const again = await post(REAL_BODY, REAL_HEADER);
    expect(again.json().status).toBe('duplicate');
    await waitFor(async () => (await donations()).length === 1);
    await processed();
    const [d] = await donations();
    expect(d).toMatchObject({
      grossMinor: 4999,
      feeMinor: 175,
      netMinor: 4824,
      currency: 'CAD',
      restriction: 'unrestricted',
      campaignId: null,
      provider: 'stripe',
      providerPaymentId: 'in_1RMgafCMHTTliF5ilpBkRLZf',
    });
    expect((await t.ctx.contacts.get(d!.contactId!)).email).toBe('jeff@indaggo.com');
    expect(await stored()).toBe(1);
    // The exact requests the SDK made: the invoice with its payments, then the PaymentIntent down to its balance transaction.
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/invoices/in_1RMgafCMHTTliF5ilpBkRLZf?expand[0]=payments',
      'GET /v1/payment_intents/pi_3RMgagCMHTTliF5i0?expand[0]=latest_charge.balance_transaction',
      'GET /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=pi_3RMgagCMHTTliF5i0&limit=1',
    ]);
    expect(api.requests[0]!.authorization).toBe('Bearer sk_test_filo');
  });

  it('accepts any matching v1 while Stripe rotates the secret', async () => {
    await setup();
    const rotated = REAL_HEADER.replace('t=1746757390,', `t=1746757390,v1=${'0'.repeat(64)},`);
    expect((await post(REAL_BODY, rotated)).statusCode).toBe(200);
  });

  it('refuses broken, missing and stale signatures and a changed body, storing nothing', async () => {
    await setup();
    const flipped = REAL_HEADER.replace('v1=bc88', 'v1=bc89');
    const cases: Array<[Buffer | string, string | undefined, string]> = [
      [REAL_BODY, flipped, 'PAYMENT_WEBHOOK_SIGNATURE_INVALID'],
      [REAL_BODY, undefined, 'PAYMENT_WEBHOOK_SIGNATURE_MISSING'],
      [REAL_BODY, 'nonsense', 'PAYMENT_WEBHOOK_SIGNATURE_INVALID'],
      [Buffer.concat([REAL_BODY, Buffer.from('\n')]), REAL_HEADER, 'PAYMENT_WEBHOOK_SIGNATURE_INVALID'],
      [
        REAL_BODY,
        REAL_HEADER.replace(/v0=.*/, '')
          .replace(/,$/, '')
          .replace(/v1=[0-9a-f]+/, `v1=${'a'.repeat(64)}`),
        'PAYMENT_WEBHOOK_SIGNATURE_INVALID',
      ],
    ];
    for (const [body, header, code] of cases) {
      const res = await post(body, header);
      expect(res.statusCode, `${header} ${body.length}`).toBe(400);
      expect(res.json().code).toBe(code);
    }
    clock = 1746757390 + 301;
    const stale = await post(REAL_BODY, REAL_HEADER);
    expect(stale.statusCode).toBe(400);
    expect(stale.json().code).toBe('PAYMENT_WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
    clock = 1746757390 - 301;
    expect((await post(REAL_BODY, REAL_HEADER)).json().code).toBe(
      'PAYMENT_WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
    );
    expect(await stored()).toBe(0);
    expect(api.requests).toHaveLength(0);
  });

  it('answers unknown event types without storing them, and refuses bad amounts and currencies with clear codes', async () => {
    await setup();
    const base = JSON.parse(fixture('payment_intent_succeeded.json').toString('utf8')) as {
      type: string;
      data: { object: Record<string, unknown> };
    };
    const unknown = await signed(JSON.stringify({ ...base, type: 'customer.updated' }));
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json().status).toBe('ignored');
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ amount: -100 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: 0 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: 1e13 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: 10.5 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: '100' }, 'PAYMENT_AMOUNT_INVALID'],
      [{ currency: 'xyz' }, 'PAYMENT_CURRENCY_UNKNOWN'],
      [{ currency: null }, 'PAYMENT_CURRENCY_UNKNOWN'],
      [{ id: 'not-a-pi' }, 'PAYMENT_EVENT_INVALID'],
    ];
    for (const [patch, code] of bad) {
      const res = await signed(
        JSON.stringify({ ...base, data: { object: { ...base.data.object, ...patch } } }),
      );
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.json().code, JSON.stringify(patch)).toBe(code);
    }
    expect((await signed('{"object":"event"}')).json().code).toBe('PAYMENT_EVENT_INVALID');
    expect(await stored()).toBe(0);
    expect(await donations()).toHaveLength(0);
  });

  it('records the recorded checkout and its PaymentIntent once, in either order and however often', async () => {
    await setup();
    const checkout = fixture('checkout_session_completed.json');
    const intent = fixture('payment_intent_succeeded.json');
    for (const body of [intent, checkout, intent, checkout])
      expect((await signed(body)).statusCode).toBe(200);
    await waitFor(async () => (await donations()).length === 1);
    await processed();
    expect(await donations()).toHaveLength(1);
    expect((await donations())[0]).toMatchObject({
      grossMinor: 999,
      feeMinor: 40,
      currency: 'EUR',
      restriction: 'unrestricted',
      providerPaymentId: 'pi_1IqxJOJDPojXS6LN9uOebAea',
    });
    expect(await stored()).toBe(2);
  });

  it('waits for the payment when a refund arrives first, then reverses it once', async () => {
    await setup();
    expect((await signed(fixture('charge_refunded.json'))).json().status).toBe('accepted');
    // The refund cannot be applied yet: its job retries.
    await new Promise((r) => setTimeout(r, 300));
    expect(await donations()).toHaveLength(0);
    const pi = JSON.parse(fixture('payment_intent_succeeded.json').toString('utf8')) as {
      id: string;
      data: { object: Record<string, unknown> };
    };
    const payment = {
      ...pi,
      id: 'evt_refund_payment_1',
      data: { object: { ...pi.data.object, id: 'pi_3Kl36gJDPojXS6LN02fQVtKR', amount: 2500 } },
    };
    await signed(JSON.stringify(payment));
    await signed(fixture('charge_refunded.json'));
    await waitFor(async () => (await donations())[0]?.refundedMinor === 2500, 15_000);
    await processed();
    const refunds = await t.t.store.db
      .selectFrom('donation_refunds')
      .select(['provider_refund_id', 'amount_minor'])
      .execute();
    expect(refunds.map((r) => [r.provider_refund_id, Number(r.amount_minor)])).toEqual([
      ['re_3Kl36gJDPojXS6LN0eP4yPDz', 2500],
    ]);
  }, 20_000);

  it('retries a job that crashed between storing and processing, and still records the gift once', async () => {
    await setup();
    api.failFirst('GET /v1/payment_intents/pi_1IqxJOJDPojXS6LN9uOebAea', 3); // the SDK retries twice, then the job fails
    expect((await signed(fixture('checkout_session_completed.json'))).statusCode).toBe(200);
    // A stored event whose job was never enqueued (the process died right after the insert) is swept up.
    const service = t.modules[0]!.service as { sweep(ms: number): Promise<number> };
    await waitFor(async () => (await donations()).length === 1, 15_000);
    await processed();
    expect(await service.sweep(0)).toBe(0);
    expect(await donations()).toHaveLength(1);
  }, 20_000);

  it('ignores the zero-amount old-shape invoice and records the basil subscription checkout once with its subscription', async () => {
    await setup();
    api.on('GET /v1/invoices/in_1RMcdRCMHTTliF5i3unGNWXV', {
      id: 'in_1RMcdRCMHTTliF5i3unGNWXV',
      object: 'invoice',
      payments: {
        data: [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: 'pi_sub_first' } }],
      },
    });
    api.on(
      'GET /v1/payment_intents/pi_sub_first',
      paidIntent('pi_sub_first', { amount: 4999, currency: 'cad', fee: 175, charge: 'ch_sub_first' }),
    );
    await signed(fixture('invoice_paid.json'));
    await signed(fixture('checkout_session_completed_subscription_basil.json'));
    await waitFor(async () => (await donations()).length === 1);
    await processed();
    const outcomes = (
      await t.t.store.db.selectFrom('payment_events').select(['type', 'outcome']).orderBy('type').execute()
    ).map((e) => `${e.type}:${e.outcome}`);
    expect(outcomes).toEqual(['checkout.session.completed:recorded', 'invoice.paid:ignored:zero-invoice']);
    const sub = await t.t.store.db.selectFrom('payment_subscriptions').selectAll().executeTakeFirstOrThrow();
    expect(sub.provider_subscription_id).toBe('sub_1RMcdRCMHTTliF5iM812gr0j');
  });
});
