import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../store';
import { TEST_REDIS_URL } from '../store/testing';
import {
  PermanentJobError,
  createJobQueue,
  type JobContext,
  type JobQueue,
  type JobQueueKind,
  type JobQueueOptions,
  type JsonValue,
} from '.';
import { openSharedTestDatabase, type SharedTestDatabase } from './shared-test-database';

// The JobQueue contract: the same behaviour from every adapter — the embedded queue on SQLite and on
// PostgreSQL, and BullMQ on Redis. None of them is skipped: a missing server is a failure.

interface Adapter {
  readonly label: string;
  readonly kind: JobQueueKind;
  readonly engine: Engine;
  readonly redis: boolean;
}

const ADAPTERS: readonly Adapter[] = [
  { label: 'embedded on sqlite', kind: 'embedded', engine: 'sqlite', redis: false },
  { label: 'embedded on postgres', kind: 'embedded', engine: 'postgres', redis: false },
  { label: 'bullmq on redis', kind: 'bullmq', engine: 'sqlite', redis: true },
];

const FAST = {
  leaseMs: 500,
  pollMs: 20,
  defaultBackoffMs: 20,
  defaultMaxAttempts: 3,
  stopTimeoutMs: 3_000,
} as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 8_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.each(ADAPTERS)('JobQueue contract: $label', (adapter) => {
  let t: SharedTestDatabase;
  const suitePrefix = `filo-test-${randomBytes(6).toString('hex')}`;
  let opened: JobQueue[] = [];
  let counter = 0;

  /** A fresh queue in its own namespace, or another instance of an existing one. */
  async function open(
    options: Partial<JobQueueOptions> = {},
  ): Promise<JobQueue & { readonly prefix: string }> {
    const prefix = options.prefix ?? `${suitePrefix}-${++counter}`;
    const queue = await createJobQueue({
      store: t.store,
      redisUrl: adapter.redis ? TEST_REDIS_URL : undefined,
      ...FAST,
      ...options,
      prefix,
    });
    opened.push(queue);
    return Object.assign(queue, { prefix });
  }

  beforeAll(async () => {
    t = await openSharedTestDatabase(adapter.engine);
  });

  afterEach(async () => {
    await Promise.all(opened.map((queue) => queue.stop({ timeoutMs: 200 })));
    opened = [];
  });

  afterAll(async () => {
    await t.dispose();
    if (adapter.redis) {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${suitePrefix}*`, 'COUNT', 500);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        await redis.quit();
      }
    }
  });

  it('reports its kind', async () => {
    const queue = await open();
    expect(queue.kind).toBe(adapter.kind);
  });

  it('runs a job once, with its id, name, payload and attempt', async () => {
    const queue = await open();
    const seen: JobContext[] = [];
    queue.register('mail.send', async (job) => {
      seen.push(job);
    });
    await queue.start();
    const payload = {
      to: 'ada@example.org',
      amountMinor: 500,
      tags: ['a', 'b'],
      nested: { ok: true, none: null },
    };
    const id = await queue.enqueue('mail.send', payload);
    await waitFor(async () => (await queue.getJob(id))?.state === 'completed', 'completion');
    await sleep(150);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id, name: 'mail.send', payload, attempt: 1, maxAttempts: 3 });
    const info = await queue.getJob(id);
    expect(info).toMatchObject({
      id,
      name: 'mail.send',
      payload,
      state: 'completed',
      attempts: 1,
      maxAttempts: 3,
    });
    expect(info?.finishedAt).toEqual(expect.any(String));
    expect(await queue.getJob('job_unknown')).toBeUndefined();
  });

  it('creates one job when the same job id is enqueued twice', async () => {
    const queue = await open();
    const first = await queue.enqueue(
      'webhook.stripe',
      { attempt: 'first' },
      { jobId: 'evt_1NirD82eZvKYlo2C' },
    );
    const second = await queue.enqueue(
      'webhook.stripe',
      { attempt: 'second' },
      { jobId: 'evt_1NirD82eZvKYlo2C' },
    );
    expect(first).toBe('evt_1NirD82eZvKYlo2C');
    expect(second).toBe(first);
    expect(await queue.counts()).toMatchObject({ waiting: 1 });

    const payloads: JsonValue[] = [];
    queue.register('webhook.stripe', async (job) => {
      payloads.push(job.payload);
    });
    await queue.start();
    await waitFor(async () => (await queue.getJob(first))?.state === 'completed', 'completion');
    // A redelivery after processing is still the same job: it does not run again.
    await queue.enqueue('webhook.stripe', { attempt: 'third' }, { jobId: 'evt_1NirD82eZvKYlo2C' });
    await sleep(150);
    expect(payloads).toEqual([{ attempt: 'first' }]);
    // An id is one job whatever its name: reusing it for another name is a programming error.
    await expect(
      queue.enqueue('webhook.whatsapp', {}, { jobId: 'evt_1NirD82eZvKYlo2C' }),
    ).rejects.toMatchObject({
      code: 'JOB_ID_CONFLICT',
    });
  });

  it('runs a delayed job no earlier than asked', async () => {
    const queue = await open();
    const ranAt = new Map<string, number>();
    queue.register('reminder', async (job) => {
      ranAt.set(job.id, Date.now());
    });
    await queue.start();
    const before = Date.now();
    const delayed = await queue.enqueue('reminder', { n: 1 }, { delayMs: 300 });
    const at = new Date(Date.now() + 200);
    const scheduled = await queue.enqueue('reminder', { n: 2 }, { runAt: at });
    const info = await queue.getJob(delayed);
    expect(info?.state).toBe('delayed');
    expect(Date.parse(info?.runAt ?? '')).toBeGreaterThanOrEqual(before + 300);
    expect(await queue.counts()).toMatchObject({ delayed: 2 });
    await waitFor(() => ranAt.size === 2, 'both delayed jobs');
    expect(ranAt.get(delayed)).toBeGreaterThanOrEqual(before + 300);
    expect(ranAt.get(scheduled)).toBeGreaterThanOrEqual(at.getTime());
  });

  it('retries a failing job with exponential back-off, then dead-letters it', async () => {
    const queue = await open();
    const attempts: { attempt: number; at: number }[] = [];
    queue.register('sms.send', async (job) => {
      attempts.push({ attempt: job.attempt, at: Date.now() });
      throw new Error('provider timeout');
    });
    await queue.start();
    const id = await queue.enqueue('sms.send', { to: '+390000' }, { maxAttempts: 3, backoffMs: 400 });
    // While it waits for a retry the job is delayed, due after the first failure plus the back-off.
    await waitFor(
      async () => (await queue.getJob(id))?.state === 'delayed',
      'the first retry to be scheduled',
    );
    const waiting = await queue.getJob(id);
    expect(Date.parse(waiting?.runAt ?? '')).toBeGreaterThanOrEqual((attempts[0]?.at ?? 0) + 200);
    expect(Date.parse(waiting?.runAt ?? '')).toBeLessThanOrEqual(Date.now() + 400);
    expect(waiting?.lastError).toContain('provider timeout');
    await waitFor(async () => (await queue.getJob(id))?.state === 'dead', 'dead letter');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const [a1, a2, a3] = attempts.map((a) => a.at) as [number, number, number];
    // Retry n waits between half and all of base·2^(n−1).
    expect(a2 - a1).toBeGreaterThanOrEqual(200);
    expect(a3 - a2).toBeGreaterThanOrEqual(400);
    const info = await queue.getJob(id);
    expect(info).toMatchObject({ state: 'dead', attempts: 3, maxAttempts: 3 });
    expect(info?.lastError).toContain('provider timeout');
    const dead = await queue.listDead();
    expect(dead.map((job) => job.id)).toEqual([id]);
    expect(await queue.counts()).toMatchObject({ dead: 1, waiting: 0, delayed: 0, active: 0 });
    await sleep(100);
    expect(attempts).toHaveLength(3);
  });

  it('completes a job that succeeds on a later attempt', async () => {
    const queue = await open();
    const attempts: number[] = [];
    queue.register('flaky', async (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 2) throw new Error('transient');
    });
    await queue.start();
    const id = await queue.enqueue('flaky', {});
    await waitFor(async () => (await queue.getJob(id))?.state === 'completed', 'completion');
    expect(attempts).toEqual([1, 2]);
    expect(await queue.getJob(id)).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('dead-letters a permanent error at once, and says so in the log', async () => {
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      error: () => undefined,
      warn: (_: unknown, msg?: string) => warnings.push(msg ?? ''),
    };
    const queue = await open({ logger });
    let runs = 0;
    queue.register('permanent', async (job) => {
      runs += 1;
      if ((job.payload as { kind: string }).kind === 'class')
        throw new PermanentJobError('contact was erased');
      throw Object.assign(new Error('invalid phone number'), { retryable: false });
    });
    await queue.start();
    const a = await queue.enqueue('permanent', { kind: 'class' }, { maxAttempts: 5 });
    const b = await queue.enqueue('permanent', { kind: 'flag' }, { maxAttempts: 5 });
    await waitFor(async () => (await queue.counts()).dead === 2, 'two dead letters');
    expect(runs).toBe(2);
    const infoA = await queue.getJob(a);
    expect(infoA).toMatchObject({ state: 'dead', attempts: 1 });
    expect(infoA?.lastError).toContain('JOB_PERMANENT_FAILURE');
    expect(infoA?.lastError).toContain('contact was erased');
    expect(await queue.getJob(b)).toMatchObject({ state: 'dead', attempts: 1 });
    await waitFor(() => warnings.filter((w) => w === 'job is dead').length === 2, 'two warnings');
  });

  it('retries a dead job by hand, with a fresh budget of attempts', async () => {
    const queue = await open();
    let broken = true;
    const attempts: number[] = [];
    queue.register('receipt.render', async (job) => {
      attempts.push(job.attempt);
      if (broken) throw new PermanentJobError('template missing');
    });
    await queue.start();
    const id = await queue.enqueue('receipt.render', { donation: 'don_1' });
    await waitFor(async () => (await queue.getJob(id))?.state === 'dead', 'dead letter');
    broken = false;
    await queue.retryDead(id);
    await waitFor(async () => (await queue.getJob(id))?.state === 'completed', 'completion after retry');
    expect(attempts).toEqual([1, 1]);
    expect(await queue.listDead()).toEqual([]);
    await expect(queue.retryDead(id)).rejects.toMatchObject({ code: 'JOB_NOT_DEAD', statusCode: 409 });
    await expect(queue.retryDead('job_missing')).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
      statusCode: 404,
    });
  });

  it('repeats a schedule, upserts it by id, and removes it', async () => {
    const queue = await open();
    const runs: JsonValue[] = [];
    queue.register('digest.build', async (job) => {
      runs.push(job.payload);
    });
    await queue.schedule({ id: 'weekly-digest', name: 'digest.build', everyMs: 150, payload: { v: 1 } });
    await queue.schedule({ id: 'weekly-digest', name: 'digest.build', everyMs: 150, payload: { v: 1 } });
    const schedules = await queue.listSchedules();
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      id: 'weekly-digest',
      name: 'digest.build',
      everyMs: 150,
      payload: { v: 1 },
    });
    const started = Date.now();
    await queue.start();
    await waitFor(() => runs.length >= 3, 'three runs');
    const elapsed = Date.now() - started;
    // One schedule, not two: no more runs than slots in the time it took (plus the immediate first one).
    expect(runs.length).toBeLessThanOrEqual(Math.floor(elapsed / 150) + 2);
    expect(runs.every((payload) => JSON.stringify(payload) === '{"v":1}')).toBe(true);
    expect(await queue.unschedule('weekly-digest')).toBe(true);
    expect(await queue.unschedule('weekly-digest')).toBe(false);
    expect(await queue.listSchedules()).toEqual([]);
    await sleep(100); // a run already under way may still finish
    const after = runs.length;
    await sleep(450);
    expect(runs.length).toBe(after);
  });

  it('never runs more jobs of one name at once than its concurrency', async () => {
    const queue = await open();
    let running = 0;
    let peak = 0;
    let done = 0;
    queue.register(
      'image.resize',
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(60);
        running -= 1;
        done += 1;
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 6 }, (_, i) => queue.enqueue('image.resize', { i })));
    await queue.start();
    await waitFor(() => done === 6, 'six jobs');
    expect(peak).toBe(2);
  });

  it('stop() waits for the running handler to finish', async () => {
    const queue = await open();
    const started = deferred();
    let finished = false;
    queue.register('export.build', async () => {
      started.resolve();
      await sleep(300);
      finished = true;
    });
    await queue.start();
    const id = await queue.enqueue('export.build', {});
    await started.promise;
    const stopping = Date.now();
    await queue.stop();
    expect(finished).toBe(true);
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(200);
    await expect(queue.enqueue('export.build', {})).rejects.toMatchObject({ code: 'JOB_QUEUE_CLOSED' });
    await expect(queue.start()).rejects.toMatchObject({ code: 'JOB_QUEUE_CLOSED' });
    // The outcome was recorded before stop() returned.
    const reopened = await open({ prefix: queue.prefix });
    expect(await reopened.getJob(id)).toMatchObject({ state: 'completed' });
  });

  it('stop() aborts a handler still running after the timeout', async () => {
    const queue = await open();
    const started = deferred();
    let abortedWith: unknown;
    queue.register('stuck', async ({ signal }) => {
      started.resolve();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      abortedWith = signal.reason;
    });
    await queue.start();
    await queue.enqueue('stuck', {});
    await started.promise;
    const stopping = Date.now();
    await queue.stop({ timeoutMs: 150 });
    const took = Date.now() - stopping;
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(2_000);
    await waitFor(() => abortedWith !== undefined, 'abort');
    expect(abortedWith).toMatchObject({ code: 'JOB_QUEUE_STOPPING' });
  });

  it('reports health with its kind and job counts', async () => {
    const queue = await open();
    await queue.enqueue('count.me', { n: 1 });
    await queue.enqueue('count.me', { n: 2 });
    await queue.enqueue('count.me', { n: 3 }, { delayMs: 60_000 });
    expect(await queue.health()).toEqual({
      ok: true,
      kind: adapter.kind,
      counts: { waiting: 2, active: 0, delayed: 1, completed: 0, dead: 0 },
    });
    const gate = deferred();
    let entered = 0;
    queue.register('count.me', async () => {
      entered += 1;
      await gate.promise;
    });
    await queue.start();
    await waitFor(() => entered === 1, 'one running job');
    await waitFor(async () => (await queue.counts()).active === 1, 'active count');
    expect(await queue.counts()).toEqual({ waiting: 1, active: 1, delayed: 1, completed: 0, dead: 0 });
    gate.resolve();
    await waitFor(async () => (await queue.counts()).completed === 2, 'two completed');
    expect(await queue.health()).toEqual({
      ok: true,
      kind: adapter.kind,
      counts: { waiting: 0, active: 0, delayed: 1, completed: 2, dead: 0 },
    });
  });

  it('refuses bad names, ids, payloads and options with stable codes', async () => {
    const queue = await open();
    await expect(queue.enqueue('has space', {})).rejects.toMatchObject({
      code: 'JOB_NAME_INVALID',
      statusCode: 400,
    });
    await expect(queue.enqueue('_internal', {})).rejects.toMatchObject({ code: 'JOB_NAME_INVALID' });
    await expect(queue.enqueue('ok', {}, { jobId: 'stripe:evt_1' })).rejects.toMatchObject({
      code: 'JOB_ID_INVALID',
    });
    await expect(queue.enqueue('ok', {}, { jobId: '12345' })).rejects.toMatchObject({
      code: 'JOB_ID_INVALID',
    });
    await expect(queue.enqueue('ok', {}, { maxAttempts: 0 })).rejects.toMatchObject({
      code: 'JOB_OPTIONS_INVALID',
    });
    await expect(queue.enqueue('ok', {}, { delayMs: -1 })).rejects.toMatchObject({
      code: 'JOB_OPTIONS_INVALID',
    });
    const notJson = { amount: 10n } as unknown as JsonValue;
    await expect(queue.enqueue('ok', notJson)).rejects.toMatchObject({ code: 'JOB_PAYLOAD_INVALID' });
    await expect(queue.schedule({ id: 'x', name: 'ok', everyMs: 0 })).rejects.toMatchObject({
      code: 'JOB_OPTIONS_INVALID',
    });
    queue.register('ok', async () => undefined);
    expect(() => queue.register('ok', async () => undefined)).toThrow(
      expect.objectContaining({ code: 'JOB_HANDLER_DUPLICATE' }),
    );
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, dead: 0 });
  });
});
