// Signed Stripe webhooks ingested end to end on SQLite, through the runtime `filo start` builds:
// signature verified by the SDK, event stored once (group-committed with the deliveries arriving
// meanwhile; answered after that commit), its id added to the processing batch in the same commit,
// processed into the ledger up to 64 events per transaction (double-entry postings, donor found or
// created) and appended to the transparency log. Measured twice: with the job workers in a worker
// thread (FILO_WORKER_THREAD=true, the configuration the target is for) and in the HTTP thread (the
// default). Beside them, a bare Fastify route given the same requests in the same run. Three rounds of
// the three, alternating; each figure is the median of its rounds (all of them in the note). The
// provider's balance-transaction look-up is answered from memory (bench/payments-modules.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { loadConfig } from '../src/core';
import { signStripePayload } from '../src/payments';
import { createRuntime } from '../src/runtime';
import { BENCH_WEBHOOK_SECRET as SECRET, modules } from './payments-modules';
import type { BenchResult } from './run';

// BENCH_PAYMENTS_TOTAL events from BENCH_PAYMENTS_CONCURRENCY senders, each waiting for its answer.
const TOTAL = Number(process.env.BENCH_PAYMENTS_TOTAL ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_PAYMENTS_CONCURRENCY ?? 32);
// Each measurement BENCH_PAYMENTS_ROUNDS times, alternating; the figures are medians.
const ROUNDS = Math.max(1, Number(process.env.BENCH_PAYMENTS_ROUNDS ?? 3));

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

interface Pass {
  readonly endToEnd: number;
  readonly acknowledged: number;
  readonly ackP99: number;
  readonly ledgerP99: number;
  readonly ledgerP50: number;
}

/** One pass on a fresh SQLite database: every event acknowledged, then every event in the ledger. */
async function pass(bodies: readonly string[], workerThread: boolean): Promise<Pass> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'filo-bench-'));
  const config = loadConfig({
    FILO_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    FILO_HOST: '127.0.0.1',
    FILO_WORKER_THREAD: String(workerThread),
  });
  const runtime = await createRuntime(config, {
    modules,
    modulesFrom: new URL('./payments-modules.ts', import.meta.url).href,
    serveWeb: false,
  });
  try {
    await runtime.context.organisation.create({
      name: 'Bench ETS',
      legalName: 'Associazione Bench ETS',
      description: 'The payments benchmark',
      country: 'IT',
      currency: 'EUR',
      language: 'it',
      taxId: null,
    });
    await runtime.listen();
    const sentAt = new Map<string, number>();
    const startAll = performance.now();
    const ingest = await drive(async (i) => {
      const body = bodies[i]!;
      sentAt.set(`stripe:evt_bench${String(i).padStart(8, '0')}`, Date.now());
      const res = await runtime.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signStripePayload(body, SECRET, Math.floor(Date.now() / 1000)),
        },
        payload: body,
      });
      if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
    }, bodies.length);
    for (;;) {
      const left = await runtime.store.db
        .selectFrom('payment_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('processed_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const endToEnd = bodies.length / ((performance.now() - startAll) / 1000);
    const rows = await runtime.store.db
      .selectFrom('payment_events')
      .select(['id', 'processed_at', 'outcome'])
      .execute();
    const e2e = rows.map((r) => Date.parse(r.processed_at!) - (sentAt.get(r.id) ?? 0)).sort((a, b) => a - b);
    const donations = await runtime.store.db
      .selectFrom('donations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (
      rows.length !== bodies.length ||
      Number(donations.n) !== bodies.length ||
      rows.some((r) => r.outcome !== 'recorded')
    )
      throw new Error('the benchmark did not record each of its donations exactly once');
    return {
      endToEnd,
      acknowledged: bodies.length / ingest.seconds,
      ackP99: p(ingest.latencies, 0.99),
      ledgerP99: p(e2e, 0.99),
      ledgerP50: p(e2e, 0.5),
    };
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The median of some figures (the middle one; the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of one field over the rounds, and every round's value for the note. */
function over<K extends keyof Pass>(rounds: readonly Pass[], key: K): { value: number; all: string } {
  const values = rounds.map((r) => r[key]);
  return { value: median(values), all: values.map((v) => Math.round(v).toLocaleString('en')).join(' / ') };
}

/** A bare Fastify route given the same requests by the same driver: the machine's speed right now. */
async function bareRound(bodies: readonly string[]): Promise<{ rate: number; p99: number }> {
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
  }, bodies.length);
  await bare.close();
  return { rate: bodies.length / base.seconds, p99: p(base.latencies, 0.99) };
}

export async function run(): Promise<BenchResult[]> {
  const bodies = Array.from({ length: TOTAL }, (_, i) => event(i));
  // Rounds alternate the three measurements, so that a noisy spell of the shared machine touches each;
  // every figure is the median over the rounds.
  const threadedRounds: Pass[] = [];
  const singleRounds: Pass[] = [];
  const bareRounds: Array<{ rate: number; p99: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    threadedRounds.push(await pass(bodies, true));
    singleRounds.push(await pass(bodies, false));
    bareRounds.push(await bareRound(bodies));
  }
  const threaded = {
    endToEnd: over(threadedRounds, 'endToEnd'),
    acknowledged: over(threadedRounds, 'acknowledged'),
    ackP99: over(threadedRounds, 'ackP99'),
    ledgerP99: over(threadedRounds, 'ledgerP99'),
    ledgerP50: over(threadedRounds, 'ledgerP50'),
  };
  const single = {
    endToEnd: over(singleRounds, 'endToEnd'),
    ackP99: over(singleRounds, 'ackP99'),
    ledgerP99: over(singleRounds, 'ledgerP99'),
  };
  const baseline = {
    name: 'bare Fastify route',
    value: median(bareRounds.map((b) => b.rate)),
    unit: 'req/s',
  };
  const rounds = `median of ${ROUNDS} rounds`;

  return [
    {
      name: `signed webhooks end to end (verified, stored, in the ledger, in the log), SQLite, ${TOTAL} events, workers in a worker thread`,
      value: threaded.endToEnd.value,
      unit: 'events/s',
      baseline,
      target: '≥ 2,000/s',
      note: `${rounds}: ${threaded.endToEnd.all}`,
    },
    {
      name: 'webhook acknowledged (verify + group-committed store), workers in a worker thread',
      value: threaded.acknowledged.value,
      unit: 'req/s',
      baseline,
    },
    {
      name: 'webhook acknowledgement p99, workers in a worker thread',
      value: threaded.ackP99.value,
      unit: 'ms',
      baseline: {
        name: 'bare Fastify route p99',
        value: median(bareRounds.map((b) => b.p99)),
        unit: 'ms',
      },
      target: '< 50 ms',
      note: `${rounds}: ${threaded.ackP99.all}`,
    },
    {
      name: 'delivery → in the ledger p99 (includes queueing behind the burst), workers in a worker thread',
      value: threaded.ledgerP99.value,
      unit: 'ms',
      note: `p50 ${threaded.ledgerP50.value} ms; ${CONCURRENCY} concurrent senders`,
    },
    {
      name: 'the same end to end, workers in the HTTP thread (the default)',
      value: single.endToEnd.value,
      unit: 'events/s',
      baseline,
      target: '≥ 2,000/s',
      note: `${rounds}: ${single.endToEnd.all}; ack p99 ${single.ackP99.value.toFixed(1)} ms, ledger p99 ${single.ledgerP99.value} ms`,
    },
  ];
}
