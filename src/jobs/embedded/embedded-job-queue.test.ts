import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store';
import { ENGINES } from '../../store/testing';
import { PermanentJobError, createJobQueue, type JobQueue, type JobQueueOptions } from '..';
import { openSharedTestDatabase, type SharedTestDatabase } from '../shared-test-database';

// What only the embedded queue promises: a job survives its worker being killed, several workers on
// one database never run a job twice, expired leases and old completed jobs are dealt with.

const FIXTURE = fileURLToPath(new URL('./hanging-worker.fixture.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const LEASE_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe.each(ENGINES)('embedded job queue on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  async function database(): Promise<SharedTestDatabase> {
    const db = await openSharedTestDatabase(engine);
    cleanups.push(() => db.dispose());
    return db;
  }

  async function queueOn(
    store: Store,
    options: Partial<JobQueueOptions> & { prefix: string },
  ): Promise<JobQueue> {
    const queue = await createJobQueue({
      store,
      leaseMs: LEASE_MS,
      pollMs: 20,
      defaultBackoffMs: 20,
      ...options,
    });
    // Registered after the store's dispose, so it runs first (cleanups run last-in, first-out).
    cleanups.push(() => queue.stop({ timeoutMs: 200 }));
    return queue;
  }

  it('a job added inside a transaction exists exactly when that transaction commits', async () => {
    const db = await database();
    const queue = await queueOn(db.store, { prefix: `trx-${randomBytes(4).toString('hex')}` });
    const ran: string[] = [];
    queue.register('ledger.batch', async (job) => {
      ran.push(String((job.payload as { n: string }).n));
    });
    await queue.start();
    const jobs = queue.transactional!;
    // Rolled back: the job is gone with the caller's rows.
    await expect(
      db.store.db.transaction().execute(async (trx) => {
        await jobs.enqueue(trx, 'ledger.batch', { n: 'rolled-back' }, { jobId: 'job-rolled-back' });
        throw new Error('the caller failed after enqueueing');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await queue.getJob('job-rolled-back')).toBeUndefined();
    // Committed: the job runs once.
    await db.store.db.transaction().execute(async (trx) => {
      await jobs.enqueue(trx, 'ledger.batch', { n: 'committed' }, { jobId: 'job-committed' });
    });
    jobs.wake();
    await waitFor(
      async () => (await queue.getJob('job-committed'))?.state === 'completed',
      'the committed job',
    );
    expect(ran).toEqual(['committed']);
  });

  it('enqueueMany adds a fan-out in one go: a repeated job id adds nothing, an id under another name is refused', async () => {
    const db = await database();
    const queue = await queueOn(db.store, { prefix: `many-${randomBytes(4).toString('hex')}` });
    const jobs = queue.transactional!;
    const fanOut = Array.from({ length: 130 }, (_, i) => ({
      name: i % 2 === 0 ? 'donation.received.thank-you' : 'donation.received.stats',
      payload: { n: i },
      options: { jobId: `evt-${i}` },
    }));
    await db.store.db.transaction().execute((trx) => jobs.enqueueMany(trx, fanOut));
    // A second flush of the same events (a crash before the outbox was marked sent) adds nothing.
    await db.store.db.transaction().execute((trx) => jobs.enqueueMany(trx, fanOut));
    expect((await queue.counts()).waiting).toBe(130);
    expect((await queue.getJob('evt-129'))?.payload).toEqual({ n: 129 });
    await expect(
      db.store.db
        .transaction()
        .execute((trx) =>
          jobs.enqueueMany(trx, [{ name: 'other.job', payload: {}, options: { jobId: 'evt-3' } }]),
        ),
    ).rejects.toMatchObject({ code: 'JOB_ID_CONFLICT' });
    expect((await queue.getJob('evt-3'))?.name).toBe('donation.received.stats');
  });

  it('completeWithin records the outcome in the handler’s own commit, and the queue records it when that commit rolled back', async () => {
    const db = await database();
    const queue = await queueOn(db.store, { prefix: `cw-${randomBytes(4).toString('hex')}` });
    queue.register('ledger.batch', async (job) => {
      const { n, fail } = job.payload as { n: string; fail: boolean };
      await db.store.db
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('meta')
            .values({ key: `cw-${n}`, value: 'done', updated_at: new Date().toISOString() })
            .execute();
          await job.completeWithin!(trx);
          if (fail) throw new Error('the batch rolled back');
        })
        .catch(async () => {
          // The handler's fallback (one by one, say) still finishes the job.
          await db.store.db
            .insertInto('meta')
            .values({ key: `cw-${n}`, value: 'fallback', updated_at: new Date().toISOString() })
            .execute();
        });
    });
    await queue.start();
    const kept = await queue.enqueue('ledger.batch', { n: 'kept', fail: false });
    const rolled = await queue.enqueue('ledger.batch', { n: 'rolled', fail: true });
    await waitFor(
      async () =>
        (await queue.getJob(kept))?.state === 'completed' &&
        (await queue.getJob(rolled))?.state === 'completed',
      'both jobs completed',
    );
    const rows = await db.store.db
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'like', 'cw-%')
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'cw-kept', value: 'done' },
      { key: 'cw-rolled', value: 'fallback' },
    ]);
    expect((await queue.getJob(kept))?.attempts).toBe(1);
    // Completed in the handler's commit (the claim's token stays on the row), or by the queue after it.
    const lockedBy = async (id: string) =>
      (
        await db.store.db
          .selectFrom('jobs')
          .select('locked_by')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).locked_by;
    expect(await lockedBy(kept)).not.toBeNull();
    expect(await lockedBy(rolled)).toBeNull();
  });

  it('append fills the waiting job up to maxItems, in order, and never a job a worker holds', async () => {
    const db = await database();
    const queue = await queueOn(db.store, { prefix: `app-${randomBytes(4).toString('hex')}` });
    const jobs = queue.transactional!;
    const add = (items: string[]) =>
      db.store.db
        .transaction()
        .execute((trx) => jobs.append(trx, 'ledger.batch', 'ids', items, { maxItems: 5 }));
    const first = await add(['a']);
    expect(await add(['b', 'c'])).toBe(first);
    const second = await add(['d', 'e', 'f']); // 3 + 3 > 5: a job of its own
    expect(second).not.toBe(first);
    expect(await add(['g', 'h'])).toBe(second);
    // A rolled-back append leaves the job as it was.
    await expect(
      db.store.db.transaction().execute(async (trx) => {
        await jobs.append(trx, 'ledger.batch', 'ids', ['lost'], { maxItems: 5 });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect((await queue.getJob(second))?.payload).toEqual({ ids: ['d', 'e', 'f', 'g', 'h'] });
    const ran: string[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    queue.register('ledger.batch', async (job) => {
      ran.push((job.payload as { ids: string[] }).ids);
      if (ran.length === 3) await held;
    });
    await queue.start();
    await waitFor(() => ran.length === 2, 'the two filled jobs');
    expect(ran).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f', 'g', 'h'],
    ]);
    // A job a worker has claimed takes nothing more: the next items get a job of their own.
    const third = await add(['i']);
    jobs.wake();
    await waitFor(() => ran.length === 3, 'the third job to be claimed');
    const fourth = await add(['j']);
    expect(fourth).not.toBe(third);
    release();
    await waitFor(() => ran.length === 4, 'the fourth job');
    expect(ran.slice(2)).toEqual([['i'], ['j']]);
    await expect(
      db.store.db
        .transaction()
        .execute((trx) => jobs.append(trx, 'ledger.batch', 'ids', ['x'], { maxItems: 0 })),
    ).rejects.toMatchObject({ code: 'JOB_OPTIONS_INVALID' });
  });

  it('a job added through another connection wakes this process’s workers at once, not at their next poll', async () => {
    const db = await database();
    const prefix = `peer-${randomBytes(4).toString('hex')}`;
    // The worker polls once a minute: only the peer's signal can start the job within the test.
    const worker = await queueOn(db.store, { prefix, pollMs: 60_000 });
    const producer = await queueOn(await db.openAnother(), { prefix });
    const ran: number[] = [];
    worker.register('receipt.send', async (job) => {
      ran.push((job.payload as { n: number }).n);
    });
    await worker.start();
    await producer.enqueue('receipt.send', { n: 1 });
    await db.store.db.transaction().execute(async (trx) => {
      await producer.transactional!.enqueue(trx, 'receipt.send', { n: 2 });
    });
    producer.transactional!.wake();
    await waitFor(() => ran.length === 2, 'both jobs', 5_000);
    expect(ran.sort()).toEqual([1, 2]);
  });

  it('a job held by a worker killed with SIGKILL runs again, exactly once, after its lease expires', async () => {
    const db = await database();
    const prefix = `kill-${randomBytes(4).toString('hex')}`;
    const queue = await queueOn(db.store, { prefix });
    const id = await queue.enqueue('payout.export', { batch: 7 }, { maxAttempts: 3 });

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        FIXTURE,
        JSON.stringify({ ...db.options, prefix, name: 'payout.export', leaseMs: LEASE_MS }),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(
      () => stdout.includes(`claimed ${id} 1`) || child.exitCode !== null,
      'the child to claim the job',
      30_000,
    );
    expect(stderr).toBe('');
    expect(stdout).toContain(`claimed ${id} 1`);

    // While the child is alive it renews its lease: a worker here must not take the job, even for
    // several lease lengths.
    const runs: number[] = [];
    queue.register('payout.export', async (job) => {
      runs.push(job.attempt);
    });
    await queue.start();
    await sleep(LEASE_MS * 3);
    expect(runs).toEqual([]);
    expect(await queue.getJob(id)).toMatchObject({ state: 'active', attempts: 1 });

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      async () => (await queue.getJob(id))?.state === 'completed',
      'the job to complete after the kill',
    );
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS * 6);
    await sleep(LEASE_MS * 2);
    expect(runs).toEqual([2]);
    const info = await queue.getJob(id);
    expect(info).toMatchObject({ state: 'completed', attempts: 2 });
    expect(info?.lastError).toContain('JOB_LEASE_EXPIRED');
  });

  it('two workers on one database never run the same job twice', async () => {
    const db = await database();
    // PostgreSQL: two pools, as two processes would have. SQLite: one process owns the file, so the two
    // workers share its connection (two connections in one thread would wait on each other's lock).
    const second = engine === 'postgres' ? await db.openAnother() : db.store;
    const prefix = `pair-${randomBytes(4).toString('hex')}`;
    // A generous lease: this test is about claiming, and on a loaded machine a 500 ms lease can lapse
    // between heartbeats, which (by design) lets another worker run the job again.
    const a = await queueOn(db.store, { prefix, pollMs: 10, leaseMs: 10_000 });
    const b = await queueOn(second, { prefix, pollMs: 10, leaseMs: 10_000 });
    const executions = new Map<string, number>();
    const byWorker = { a: 0, b: 0 };
    for (const [label, queue] of [
      ['a', a],
      ['b', b],
    ] as const) {
      queue.register(
        'thank-you.send',
        async (job) => {
          executions.set(job.id, (executions.get(job.id) ?? 0) + 1);
          byWorker[label] += 1;
          await sleep(job.id.charCodeAt(job.id.length - 1) % 3);
        },
        { concurrency: 4 },
      );
    }
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await a.enqueue('thank-you.send', { i }));
    await Promise.all([a.start(), b.start()]);
    for (let i = 100; i < 200; i++) ids.push(await (i % 2 === 0 ? a : b).enqueue('thank-you.send', { i }));
    await waitFor(async () => (await a.counts()).completed === 200, '200 completed jobs', 30_000);
    await sleep(100);
    expect(executions.size).toBe(200);
    expect([...executions.values()].every((n) => n === 1)).toBe(true);
    expect(byWorker.a + byWorker.b).toBe(200);
    expect(byWorker.a).toBeGreaterThan(0);
    expect(byWorker.b).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(200);
  });

  it('a job whose lease expires on its last attempt is dead-lettered, not run again', async () => {
    const db = await database();
    const prefix = `expire-${randomBytes(4).toString('hex')}`;
    const crashed = await queueOn(db.store, { prefix });
    let release: () => void = () => undefined;
    crashed.register('import.csv', async () => {
      // Ignores its abort signal, like a handler stuck in a native call.
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await crashed.start();
    const id = await crashed.enqueue('import.csv', {}, { maxAttempts: 1 });
    await waitFor(async () => (await crashed.getJob(id))?.state === 'active', 'the job to start');
    await crashed.stop({ timeoutMs: 0 }); // stops renewing the lease, as a dead process would

    const survivor = await queueOn(db.store, { prefix });
    let runs = 0;
    survivor.register('import.csv', async () => {
      runs += 1;
    });
    await survivor.start();
    await waitFor(async () => (await survivor.getJob(id))?.state === 'dead', 'the dead letter');
    expect(runs).toBe(0);
    expect((await survivor.getJob(id))?.lastError).toContain('JOB_LEASE_EXPIRED');
    // The stuck handler finishing late cannot overwrite the outcome: it no longer holds the lease.
    release();
    await sleep(50);
    expect(await survivor.getJob(id)).toMatchObject({ state: 'dead' });
  });

  it('prunes completed jobs after keepCompletedMs and keeps dead ones', async () => {
    const db = await database();
    const queue = await queueOn(db.store, {
      prefix: `prune-${randomBytes(4).toString('hex')}`,
      keepCompletedMs: 100,
      pruneIntervalMs: 20,
    });
    let runs = 0;
    queue.register('cleanup', async (job) => {
      runs += 1;
      if ((job.payload as { fail?: boolean }).fail === true) throw new PermanentJobError('bad');
    });
    await queue.start();
    const done = await queue.enqueue('cleanup', {}, { jobId: 'once-a-day' });
    const dead = await queue.enqueue('cleanup', { fail: true });
    await waitFor(async () => (await queue.getJob(done))?.state === 'completed', 'completion');
    await waitFor(async () => (await queue.getJob(done)) === undefined, 'pruning');
    expect(await queue.getJob(dead)).toMatchObject({ state: 'dead' });
    // Its id is free again once it is pruned: the de-duplication window is keepCompletedMs.
    await queue.enqueue('cleanup', {}, { jobId: 'once-a-day' });
    await waitFor(() => runs === 3, 'the second run');
  });

  it('runs a job enqueued in the same process without waiting for the next poll', async () => {
    const db = await database();
    const queue = await queueOn(db.store, {
      prefix: `wake-${randomBytes(4).toString('hex')}`,
      pollMs: 10_000,
    });
    let ranAt = 0;
    queue.register('instant', async () => {
      ranAt = Date.now();
    });
    await queue.start();
    const enqueuedAt = Date.now();
    await queue.enqueue('instant', {});
    await waitFor(() => ranAt > 0, 'the run', 3_000);
    expect(ranAt - enqueuedAt).toBeLessThan(1_000);
  });

  it('keeps the jobs of two prefixes apart in one database', async () => {
    const db = await database();
    const one = await queueOn(db.store, { prefix: 'tenant-one' });
    const two = await queueOn(db.store, { prefix: 'tenant-two' });
    await one.enqueue('same.name', {}, { jobId: 'shared-id' });
    await two.enqueue('same.name', {}, { jobId: 'shared-id' });
    expect((await one.counts()).waiting).toBe(1);
    expect((await two.counts()).waiting).toBe(1);
  });
});
