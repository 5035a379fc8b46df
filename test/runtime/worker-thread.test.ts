import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core';
import { createRuntime, type Runtime } from '../../src/runtime';
import { WriteGate } from '../../src/store';
import { modules } from './worker-thread-modules';

// FILO_WORKER_THREAD: the HTTP thread serves and enqueues, the worker thread runs every job on its
// own connection to the same SQLite file; jobs and ledger events cross over at once; close() ends the
// thread after its running jobs.

async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('job workers in a worker thread (SQLite)', () => {
  let runtime: Runtime | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await runtime?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the jobs and the ledger events added by the HTTP thread in the worker thread', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'filo-thread-'));
    const config = loadConfig({
      FILO_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PORT: '0',
      FILO_HOST: '127.0.0.1',
      FILO_WORKER_THREAD: 'true',
    });
    runtime = await createRuntime(config, {
      modules,
      modulesFrom: new URL('./worker-thread-modules.ts', import.meta.url).href,
      serveWeb: false,
    });
    await runtime.listen();
    const rt = runtime;
    const read = async (key: string) =>
      (await rt.store.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;

    const started = Date.now();
    await rt.queue.enqueue('test.mark', { n: 1 });
    const ranIn = await waitFor(() => read('job:1'), 'the job');
    expect(Number(ranIn)).not.toBe(threadId);
    // Woken across threads, not found at a poll a second later.
    expect(Date.now() - started).toBeLessThan(900);

    // A gift recorded here: the worker thread's flusher publishes it, its subscriber runs there.
    const { donation } = await rt.context.ledger.recordDonation({
      grossMinor: 1500,
      feeMinor: 40,
      currency: 'EUR',
      receivedAt: '2026-11-01T10:00:00.000Z',
      provider: 'test',
      providerPaymentId: 'pay_thread_1',
    });
    const outbox = await rt.store.db
      .selectFrom('ledger_outbox')
      .select('id')
      .where('name', '=', 'donation.received')
      .executeTakeFirstOrThrow();
    expect(Number(await waitFor(() => read(`event:${outbox.id}`), 'the subscriber'))).not.toBe(threadId);
    expect(donation.grossMinor).toBe(1500);

    const closing = Date.now();
    await rt.close();
    runtime = undefined;
    expect(Date.now() - closing).toBeLessThan(10_000);
  });

  it('a thread that dies holding the write gate does not keep the others waiting', async () => {
    const gate = new WriteGate();
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cells = new Int32Array(workerData);
       Atomics.store(cells, 0, 1);
       Atomics.store(cells, 1, require('node:worker_threads').threadId);
       process.exit(3);`,
      { eval: true, workerData: gate.buffer },
    );
    const id = worker.threadId;
    await new Promise((resolve) => worker.once('exit', resolve));
    let acquired = false;
    const waiting = gate.acquire().then(() => (acquired = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(acquired).toBe(false);
    expect(gate.releaseIfHeldBy(id + 1000)).toBe(false);
    expect(gate.releaseIfHeldBy(id)).toBe(true);
    await waiting;
    expect(acquired).toBe(true);
    gate.release();
  });
});
