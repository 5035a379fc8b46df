// The transparency log on a real database: appends per second (entries hashed, stored and covered by
// a signed checkpoint) on SQLite and PostgreSQL beside a plain INSERT of the same rows, and the time
// to build an inclusion proof (receipt) on a 1,000,000-entry log.
import { performance } from 'node:perf_hooks';
import { createTestStore } from '../src/store/testing';
import { TransparencyLog } from '../src/transparency';
import type { BenchResult } from './run';

const BATCH = 10_000;

function entry(i: number): Uint8Array {
  // About the size of a ledger entry (canonical JSON of a donation, ~220 bytes).
  return new TextEncoder().encode(
    `{"amount":${500 + (i % 4500)},"campaign":"cmp_01jx8k2m3n4p5q6r7s8t9v0w1x","currency":"EUR","donor":"${i.toString(16).padStart(64, '0')}","id":"don_${i}","project":"prj_01jx8k2m3n4p5q6r7s8t9v0w1y","type":"donation.received","v":1}`,
  );
}

async function appendRate(
  engine: 'sqlite' | 'postgres',
  total: number,
): Promise<{ rate: number; baseline: number; log: TransparencyLog; dispose: () => Promise<void> }> {
  const t = await createTestStore(engine);
  const log = await TransparencyLog.open(t.store, { publicUrl: 'https://bench.filo.ngo', batchSize: 50_000 });
  const started = performance.now();
  for (let i = 0; i < total; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, total - i) }, (_, k) => entry(i + k));
    await log.appendNow(batch);
    await log.integrateAll();
  }
  const rate = total / ((performance.now() - started) / 1000);

  // Baseline: the same number of rows inserted plainly (no tree, no hashes, no checkpoint).
  const baseTotal = Math.min(total, 200_000);
  await t.store.db.schema
    .createTable('bench_plain')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('data', 'bytea')
    .addColumn('created_at', 'text')
    .execute();
  const bStart = performance.now();
  for (let i = 0; i < baseTotal; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, baseTotal - i) }, (_, k) => ({
      idx: i + k,
      data: entry(i + k),
      created_at: new Date().toISOString(),
    }));
    await t.store.db.transaction().execute(async (trx) => {
      for (let j = 0; j < rows.length; j += 500)
        await trx
          .insertInto('bench_plain' as never)
          .values(rows.slice(j, j + 500))
          .execute();
    });
  }
  const baseline = baseTotal / ((performance.now() - bStart) / 1000);
  return { rate, baseline, log, dispose: () => t.dispose() };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const big = Number(process.env.BENCH_LOG_ENTRIES ?? 1_000_000);
  const sqlite = await appendRate('sqlite', big);
  results.push({
    name: `log appends on SQLite (${big.toLocaleString('en')} entries, hashed + stored + checkpointed)`,
    value: sqlite.rate,
    unit: 'entries/s',
    baseline: { name: 'plain INSERT of the same rows', value: sqlite.baseline, unit: 'rows/s' },
    target: '≥ 20,000 entries/s',
  });

  const timings: number[] = [];
  const size = await sqlite.log.size();
  for (let k = 0; k < 2_000; k++) {
    const index = Math.floor(Math.random() * size);
    const t0 = performance.now();
    await sqlite.log.inclusionProof(index, size);
    timings.push(performance.now() - t0);
  }
  timings.sort((a, b) => a - b);
  const receiptTimes: number[] = [];
  for (let k = 0; k < 500; k++) {
    const t0 = performance.now();
    await sqlite.log.receipt(Math.floor(Math.random() * size));
    receiptTimes.push(performance.now() - t0);
  }
  receiptTimes.sort((a, b) => a - b);
  results.push({
    name: `inclusion proof on SQLite, log of ${size.toLocaleString('en')} (median)`,
    value: percentile(timings, 50) * 1000,
    unit: 'µs',
    target: '< 1 ms',
  });
  results.push({
    name: 'inclusion proof on SQLite (p99)',
    value: percentile(timings, 99) * 1000,
    unit: 'µs',
  });
  results.push({
    name: 'full tlog-proof receipt on SQLite (median, proof + entry + checkpoint)',
    value: percentile(receiptTimes, 50) * 1000,
    unit: 'µs',
  });
  await sqlite.dispose();

  const pgTotal = Number(process.env.BENCH_LOG_PG_ENTRIES ?? 100_000);
  const pg = await appendRate('postgres', pgTotal);
  results.push({
    name: `log appends on PostgreSQL (${pgTotal.toLocaleString('en')} entries)`,
    value: pg.rate,
    unit: 'entries/s',
    baseline: { name: 'plain INSERT of the same rows', value: pg.baseline, unit: 'rows/s' },
  });
  await pg.dispose();
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(r);
}
