// Signed Stripe webhooks ingested end to end on SQLite: signature verified by the SDK, event stored
// once (group-committed with the deliveries arriving meanwhile; answered after that commit), a batch
// job enqueued per commit, processed into the ledger 16 events per transaction (double-entry postings,
// donor found or created) and appended to the transparency log. Beside it, a bare Fastify route given the same requests in the same
// run. The provider's balance-transaction look-up (a network call to Stripe in production) is answered
// from memory here, so the figure is Filo's own cost.
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import {
  createPaymentsModule,
  signStripePayload,
  type PaymentFacts,
  type PaymentProvider,
} from '../src/payments';
import { verifyStripeSignature } from '../src/payments/webhook-signature';
import { createTestApp } from '../test/support/app';
import type { BenchResult } from './run';

const TOTAL = Number(process.env.BENCH_PAYMENTS_TOTAL ?? 4000);
const CONCURRENCY = 32;
const SECRET = 'whsec_bench_secret_0123456789abcdef';

class MemoryProvider implements PaymentProvider {
  readonly kind = 'stripe' as const;
  createCheckout(): never {
    throw new Error('not in the benchmark');
  }
  verifyWebhook(raw: Buffer, header: string | undefined): unknown {
    return verifyStripeSignature(raw, header, [SECRET]);
  }
  async paymentFacts(id: string): Promise<PaymentFacts> {
    const gross = 500 + (Number(id.slice(-4)) % 1000);
    const fee = Math.round(gross * 0.015) + 25;
    return {
      paymentIntentId: id,
      chargeId: `ch_${id.slice(3)}`,
      invoiceId: null,
      grossMinor: gross,
      feeMinor: fee,
      netMinor: gross - fee,
      currency: 'EUR',
      paidAt: new Date().toISOString(),
      email: null,
      name: null,
      metadata: {},
    };
  }
  invoicePaymentFacts(): never {
    throw new Error('not in the benchmark');
  }
  async listRefunds() {
    return [];
  }
  async changeSubscription() {}
}

function event(i: number): string {
  const id = `pi_bench${String(i).padStart(8, '0')}`;
  return JSON.stringify({
    id: `evt_bench${String(i).padStart(8, '0')}`,
    object: 'event',
    api_version: '2025-03-31.basil',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id,
        object: 'payment_intent',
        amount: 500 + (i % 1000),
        currency: 'eur',
        status: 'succeeded',
        metadata: {},
        receipt_email: `donor${i % 500}@example.org`,
        invoice: null,
      },
    },
  });
}

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

async function drive(
  send: (i: number) => Promise<void>,
  total: number,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await send(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

export async function run(): Promise<BenchResult[]> {
  const bodies = Array.from({ length: TOTAL }, (_, i) => event(i));
  const t = await createTestApp('sqlite', {
    modules: [createPaymentsModule({ provider: new MemoryProvider() })],
  });
  const sentAt = new Map<string, number>();
  await t.startWorkers();
  const startAll = performance.now();
  const ingest = await drive(async (i) => {
    const body = bodies[i]!;
    sentAt.set(`stripe:evt_bench${String(i).padStart(8, '0')}`, Date.now());
    const res = await t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signStripePayload(body, SECRET, Math.floor(Date.now() / 1000)),
      },
      payload: body,
    });
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  }, TOTAL);
  for (;;) {
    const left = await t.t.store.db
      .selectFrom('payment_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const endToEnd = TOTAL / ((performance.now() - startAll) / 1000);
  const rows = await t.t.store.db.selectFrom('payment_events').select(['id', 'processed_at']).execute();
  const e2e = rows.map((r) => Date.parse(r.processed_at!) - (sentAt.get(r.id) ?? 0)).sort((a, b) => a - b);
  const { items } = await t.ctx.ledger.listDonations({ limit: 1 });
  if (items.length === 0 || rows.length !== TOTAL)
    throw new Error('the benchmark did not record its donations');
  await t.dispose();

  // Baseline: a bare Fastify route, the same requests, the same driver.
  const bare = Fastify();
  bare.post('/webhooks/stripe', async () => ({ received: true }));
  await bare.ready();
  const base = await drive(async (i) => {
    const body = bodies[i]!;
    await bare.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      payload: body,
    });
  }, TOTAL);
  await bare.close();
  const baseRate = TOTAL / base.seconds;

  return [
    {
      name: `signed webhooks end to end (verified, stored, in the ledger, in the log), SQLite, ${TOTAL} events`,
      value: endToEnd,
      unit: 'events/s',
      baseline: { name: 'bare Fastify route', value: baseRate, unit: 'req/s' },
      target: '≥ 2,000/s',
    },
    {
      name: 'webhook acknowledged (verify + group-committed store)',
      value: TOTAL / ingest.seconds,
      unit: 'req/s',
      baseline: { name: 'bare Fastify route', value: baseRate, unit: 'req/s' },
    },
    {
      name: 'webhook acknowledgement p99',
      value: p(ingest.latencies, 0.99),
      unit: 'ms',
      baseline: { name: 'bare Fastify route p99', value: p(base.latencies, 0.99), unit: 'ms' },
      target: '< 50 ms',
    },
    {
      name: 'delivery → in the ledger p99 (includes queueing behind the burst)',
      value: p(e2e, 0.99),
      unit: 'ms',
      note: `p50 ${p(e2e, 0.5)} ms; ${CONCURRENCY} concurrent senders`,
    },
  ];
}
