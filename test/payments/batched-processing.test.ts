import { afterEach, describe, expect, it } from 'vitest';
import { signStripePayload, type PaymentFacts, type PaymentProvider } from '../../src/payments';
import { verifyStripeSignature } from '../../src/payments/webhook-signature';
import { ENGINES } from '../../src/store/testing';
import type { TestApp } from '../support/app';
import { paymentsApp, waitFor } from './support';

// Webhook deliveries are group-committed and their events processed in batches whose payments share
// one ledger transaction. These tests send bursts concurrently, so that the batches really hold many
// events: duplicates and two events of one payment inside a batch, a payment whose look-up fails in
// the middle of a batch, and a conflicting gift that rolls its batch back.

const SECRET = 'whsec_batch_test_0123456789abcdef';

/** Answers the balance-transaction look-up from memory; `fail` and `gross` change it per payment. */
class MemoryProvider implements PaymentProvider {
  readonly kind = 'stripe' as const;
  readonly failures = new Map<string, number>();
  readonly gross = new Map<string, number>();
  /** Milliseconds each look-up takes (a network call to Stripe in production). */
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  createCheckout(): never {
    throw new Error('not in this test');
  }
  verifyWebhook(raw: Buffer, header: string | undefined): unknown {
    return verifyStripeSignature(raw, header, [SECRET]);
  }
  async paymentFacts(id: string): Promise<PaymentFacts> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      return this.#facts(id);
    } finally {
      this.inFlight -= 1;
    }
  }
  #facts(id: string): PaymentFacts {
    const left = this.failures.get(id) ?? 0;
    if (left > 0) {
      this.failures.set(id, left - 1);
      throw new Error(`Stripe is unreachable for ${id}`);
    }
    const gross = this.gross.get(id) ?? 1000;
    return {
      paymentIntentId: id,
      chargeId: `ch_${id.slice(3)}`,
      invoiceId: null,
      grossMinor: gross,
      feeMinor: 40,
      netMinor: gross - 40,
      currency: 'EUR',
      paidAt: '2026-01-02T10:00:00.000Z',
      email: null,
      name: null,
      metadata: {},
    };
  }
  invoicePaymentFacts(): never {
    throw new Error('not in this test');
  }
  async listRefunds() {
    return [];
  }
  async changeSubscription() {}
}

function paymentEvent(eventId: string, paymentIntentId: string, email: string | null): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2025-03-31.basil',
    created: 1767348000,
    livemode: false,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: paymentIntentId,
        object: 'payment_intent',
        amount: 1000,
        currency: 'eur',
        status: 'succeeded',
        metadata: {},
        receipt_email: email,
        invoice: null,
      },
    },
  });
}

describe.each(ENGINES)('batched webhook processing on %s', (engine) => {
  let t: TestApp;
  let provider: MemoryProvider;

  async function setup() {
    provider = new MemoryProvider();
    t = await paymentsApp(engine, { provider });
    await t.startWorkers();
  }

  afterEach(async () => {
    await t.dispose();
  });

  const post = (body: string) =>
    t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signStripePayload(body, SECRET, Math.floor(Date.now() / 1000)),
      },
      payload: body,
    });
  const unprocessed = async () =>
    (await t.t.store.db.selectFrom('payment_events').select('id').where('processed_at', 'is', null).execute())
      .length;
  const donations = async () =>
    (await t.ctx.ledger.listDonations({ limit: 500 })).items.map((d) => d.providerPaymentId).sort();
  const logSize = async () =>
    Number(
      (
        await t.t.store.db
          .selectFrom('tlog_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('records each payment once when a burst holds repeats and two events of the same payment', async () => {
    await setup();
    const bodies: string[] = [];
    for (let i = 0; i < 60; i++)
      bodies.push(paymentEvent(`evt_burst_${i}`, `pi_burst_${i % 40}`, `donor${i % 7}@example.org`));
    // Every body twice (Stripe's retries repeat the same event), all at once.
    const answers = await Promise.all([...bodies, ...bodies].map((b) => post(b)));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const statuses = answers.map((a) => a.json<{ status: string }>().status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(60);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(60);
    // Answered only after the commit that holds them: every event is stored by now.
    expect(await t.t.store.db.selectFrom('payment_events').select('id').execute()).toHaveLength(60);
    await waitFor(async () => (await unprocessed()) === 0);
    expect(await donations()).toEqual(Array.from({ length: 40 }, (_, i) => `pi_burst_${i}`).sort());
    const outcomes = await t.t.store.db.selectFrom('payment_events').select('outcome').execute();
    expect(outcomes.filter((o) => o.outcome === 'recorded')).toHaveLength(40);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(20);
    // One donation.received and one fee allocation per gift in the log, nothing for the repeats.
    expect(await logSize()).toBe(80);
    expect(await t.t.store.db.selectFrom('payment_records').select('id').execute()).toHaveLength(40);
    const contacts = await t.t.store.db.selectFrom('contacts').select('email').execute();
    expect(contacts.map((c) => c.email).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `donor${i}@example.org`).sort(),
    );
  });

  it('lets a payment whose look-up fails mid-batch retry on its own while the rest of its batch is recorded', async () => {
    await setup();
    provider.failures.set('pi_flaky', 1);
    const bodies = Array.from({ length: 20 }, (_, i) =>
      paymentEvent(`evt_flaky_${i}`, i === 10 ? 'pi_flaky' : `pi_ok_${i}`, null),
    );
    await Promise.all(bodies.map((b) => post(b)));
    await waitFor(async () => (await unprocessed()) === 0, 15_000);
    const ids = await donations();
    expect(ids).toHaveLength(20);
    expect(ids).toContain('pi_flaky');
    expect(await logSize()).toBe(40);
  }, 20_000);

  it('rolls back a batch holding a conflicting gift and applies the others one by one', async () => {
    await setup();
    // The gift is already in the ledger with another amount: its new event can never apply.
    await t.ctx.ledger.recordDonation({
      grossMinor: 777,
      feeMinor: 40,
      currency: 'EUR',
      receivedAt: '2026-01-01T10:00:00.000Z',
      provider: 'stripe',
      providerPaymentId: 'pi_conflict',
    });
    const before = await logSize();
    const bodies = Array.from({ length: 12 }, (_, i) =>
      paymentEvent(`evt_conflict_${i}`, i === 5 ? 'pi_conflict' : `pi_fine_${i}`, null),
    );
    await Promise.all(bodies.map((b) => post(b)));
    await waitFor(async () => (await unprocessed()) === 1, 15_000);
    const left = await t.t.store.db
      .selectFrom('payment_events')
      .select('id')
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(left.id).toBe('stripe:evt_conflict_5');
    expect(await donations()).toHaveLength(12);
    // The eleven others exactly once; the conflicting one wrote nothing.
    expect(await logSize()).toBe(before + 22);
    // Its own job dead-letters it for a person to look at (invalid data does not become valid).
    const job = await waitFor(async () => {
      const j = await t.queue!.getJob('payments.event.stripe.evt_conflict_5');
      return j?.state === 'dead' ? j : undefined;
    });
    expect(job.lastError).toContain('DONATION_CONFLICT');
  }, 20_000);

  it('looks payments up at the provider side by side, a few at a time, and still records each once', async () => {
    await setup();
    provider.delayMs = 40;
    const bodies = Array.from({ length: 30 }, (_, i) => paymentEvent(`evt_slow_${i}`, `pi_slow_${i}`, null));
    await Promise.all(bodies.map((b) => post(b)));
    await waitFor(async () => (await unprocessed()) === 0, 15_000);
    expect(await donations()).toHaveLength(30);
    expect(provider.maxInFlight).toBeGreaterThan(1);
    expect(provider.maxInFlight).toBeLessThanOrEqual(8);
  }, 20_000);

  it('records a batch of gifts in one ledger transaction, all or nothing', async () => {
    await setup();
    const gift = (id: string, gross: number) => ({
      grossMinor: gross,
      feeMinor: 10,
      currency: 'EUR',
      receivedAt: '2026-01-03T10:00:00.000Z',
      provider: 'stripe',
      providerPaymentId: id,
    });
    const first = await t.ctx.ledger.recordDonations([
      gift('pi_a', 500),
      gift('pi_b', 600),
      gift('pi_a', 500),
    ]);
    expect(first.map((r) => r.created)).toEqual([true, true, false]);
    expect(first[2]!.donationId).toBe(first[0]!.donationId);
    const size = await logSize();
    // pi_b again with another amount: the whole batch, pi_c included, is rolled back.
    await expect(t.ctx.ledger.recordDonations([gift('pi_c', 700), gift('pi_b', 999)])).rejects.toMatchObject({
      code: 'DONATION_CONFLICT',
    });
    expect(await donations()).toEqual(['pi_a', 'pi_b']);
    expect(await logSize()).toBe(size);
  });
});
