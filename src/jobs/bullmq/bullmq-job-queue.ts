import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { FiloError } from '../../core';
import { backoffDelay } from '../backoff';
import { JobErrors, describeError, isPermanentJobError } from '../errors';
import {
  checkConcurrency,
  checkName,
  checkSchedule,
  normaliseEnqueue,
  parsePayload,
  type QueueSettings,
} from '../options';
import type {
  EnqueueOptions,
  HandlerOptions,
  JobCounts,
  JobHandler,
  JobInfo,
  JobQueue,
  JobQueueHealth,
  JobState,
  JsonValue,
  ScheduleInfo,
  ScheduleOptions,
  StopOptions,
} from '../port';
import { RunningHandlers } from '../running-handlers';

// The BullMQ adapter: one BullMQ queue (and, in a worker process, one Worker) per job name. BullMQ's
// concurrency is per Worker and a Worker takes every job of its queue, so a queue per name is what
// gives each job name its own concurrency; one queue with routing by name would let a slow name
// starve the others. Dead-letter = BullMQ's "failed" set, which only holds jobs whose last attempt
// failed (jobs waiting for a retry are "delayed"); failed jobs are kept until retried.
//
// Which names exist is recorded in a Redis set next to the queues, so that an API process that never
// ran a job can still count, list and retry jobs of every name.

const BACKOFF_TYPE = 'filo';
const CONNECT_TIMEOUT_MS = 5_000;
/** BullMQ job state → port state; `unknown` means the job is gone. */
type BullState = Awaited<ReturnType<Job['getState']>>;

interface Registration {
  readonly handler: JobHandler;
  readonly concurrency: number;
}

export async function createBullmqJobQueue(redisUrl: string, settings: QueueSettings): Promise<JobQueue> {
  const connection = new Redis(redisUrl, {
    // BullMQ's blocking connections must wait for Redis to come back rather than fail a command.
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  });
  let lastError = '';
  connection.on('error', (error: unknown) => {
    const text = describeError(error);
    if (text !== lastError) settings.logger.error({ error: text }, 'redis connection error');
    lastError = text;
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from Redis within ${CONNECT_TIMEOUT_MS} ms`)),
        CONNECT_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([connection.connect().then(() => connection.ping()), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (cause) {
    connection.disconnect();
    throw new FiloError(JobErrors.JOB_QUEUE_UNAVAILABLE, {
      cause,
      message: `Redis is not reachable: ${describeError(cause)}`,
    });
  }
  return new BullmqJobQueue(connection, settings);
}

class BullmqJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly #connection: Redis;
  readonly #settings: QueueSettings;
  readonly #namesKey: string;
  readonly #queues = new Map<string, Queue<JsonValue>>();
  readonly #workers = new Map<string, Worker<JsonValue>>();
  readonly #handlers = new Map<string, Registration>();
  readonly #knownNames = new Set<string>();
  readonly #running = new RunningHandlers();
  #state: 'idle' | 'started' | 'stopping' | 'stopped' = 'idle';
  #stopped: Promise<void> | undefined;

  constructor(connection: Redis, settings: QueueSettings) {
    this.#connection = connection;
    this.#settings = settings;
    // Job names never start with '_', so this key cannot collide with a queue's keys.
    this.#namesKey = `${settings.prefix}:_filo:names`;
  }

  async enqueue(name: string, payload: JsonValue, options: EnqueueOptions = {}): Promise<string> {
    this.#assertOpen();
    const now = Date.now();
    const job = normaliseEnqueue(this.#settings, name, payload, options, now);
    if (options.jobId !== undefined) await this.#assertIdFree(job.id, name);
    await this.#remember(name);
    await this.#queue(name).add(name, parsePayload(job.payloadJson), {
      ...this.#jobOptions(job.maxAttempts, job.backoffMs),
      jobId: job.id,
      delay: Math.max(0, job.runAt - now),
    });
    return job.id;
  }

  register(name: string, handler: JobHandler, options: HandlerOptions = {}): void {
    checkName(name);
    if (this.#handlers.has(name)) throw new FiloError(JobErrors.JOB_HANDLER_DUPLICATE, { details: { name } });
    this.#handlers.set(name, { handler, concurrency: checkConcurrency(options.concurrency) });
    this.#knownNames.add(name);
    void this.#connection.sadd(this.#namesKey, name).catch((error: unknown) => {
      this.#knownNames.delete(name);
      this.#settings.logger.error({ name, error: describeError(error) }, 'could not record a job name');
    });
    if (this.#state === 'started') this.#startWorker(name);
  }

  async schedule(schedule: ScheduleOptions): Promise<void> {
    this.#assertOpen();
    const payload = parsePayload(checkSchedule(schedule));
    // Upsert by id across names: a schedule that changed name leaves its old queue.
    for (const name of await this.#names()) {
      if (name !== schedule.name) await this.#queue(name).removeJobScheduler(schedule.id);
    }
    await this.#remember(schedule.name);
    const queue = this.#queue(schedule.name);
    const existing = await queue.getJobScheduler(schedule.id);
    // Re-applying the same schedule at start-up must not add a run, so an unchanged one is left alone.
    if (
      existing?.every === schedule.everyMs &&
      existing.name === schedule.name &&
      JSON.stringify(existing.template?.data ?? null) === JSON.stringify(payload)
    ) {
      return;
    }
    await queue.upsertJobScheduler(
      schedule.id,
      { every: schedule.everyMs },
      {
        name: schedule.name,
        data: payload,
        opts: this.#jobOptions(this.#settings.defaultMaxAttempts, this.#settings.defaultBackoffMs),
      },
    );
  }

  async unschedule(id: string): Promise<boolean> {
    this.#assertOpen();
    let removed = false;
    for (const name of await this.#names()) {
      if (await this.#queue(name).removeJobScheduler(id)) removed = true;
    }
    return removed;
  }

  async listSchedules(): Promise<ScheduleInfo[]> {
    const out: ScheduleInfo[] = [];
    for (const name of await this.#names()) {
      for (const scheduler of await this.#queue(name).getJobSchedulers(0, -1, true)) {
        out.push({
          id: scheduler.id ?? scheduler.key,
          name: scheduler.name,
          everyMs: scheduler.every ?? 0,
          payload: scheduler.template?.data ?? null,
          nextRunAt: scheduler.next === undefined ? null : new Date(scheduler.next).toISOString(),
        });
      }
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  start(): Promise<void> {
    if (this.#state === 'started') return Promise.resolve();
    if (this.#state !== 'idle') return Promise.reject(new FiloError(JobErrors.JOB_QUEUE_CLOSED));
    this.#state = 'started';
    for (const name of this.#handlers.keys()) this.#startWorker(name);
    this.#settings.logger.info(
      { prefix: this.#settings.prefix, handlers: [...this.#handlers.keys()] },
      'job queue started',
    );
    return Promise.all([...this.#workers.values()].map((worker) => worker.waitUntilReady())).then(
      () => undefined,
    );
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.#stopped ??= this.#shutdown(options.timeoutMs ?? this.#settings.stopTimeoutMs);
    return this.#stopped;
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    const found = await this.#find(id);
    if (found === undefined) return undefined;
    const state = await found.getState();
    if (state === 'unknown') return undefined;
    const info = toInfo(found, state);
    if (state !== 'delayed') return info;
    // A retry's due time is only in the delayed set's score (due ms · 0x1000 + a tie-breaker); the job
    // hash keeps its creation time and the last back-off.
    const score = await this.#connection.zscore(this.#queue(found.name).toKey('delayed'), id);
    return score === null
      ? info
      : { ...info, runAt: new Date(Math.floor(Number(score) / 0x1000)).toISOString() };
  }

  async listDead(options: { readonly limit?: number | undefined } = {}): Promise<JobInfo[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1_000);
    const jobs: Job<JsonValue>[] = [];
    for (const name of await this.#names()) jobs.push(...(await this.#queue(name).getFailed(0, limit - 1)));
    return jobs
      .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
      .slice(0, limit)
      .map((job) => toInfo(job, 'failed'));
  }

  async retryDead(id: string): Promise<void> {
    this.#assertOpen();
    const job = await this.#find(id);
    const state = job === undefined ? 'unknown' : await job.getState();
    if (job === undefined || state === 'unknown')
      throw new FiloError(JobErrors.JOB_NOT_FOUND, { details: { id } });
    if (state !== 'failed') throw new FiloError(JobErrors.JOB_NOT_DEAD, { details: { id } });
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  async counts(): Promise<JobCounts> {
    const counts = { waiting: 0, active: 0, delayed: 0, completed: 0, dead: 0 };
    for (const name of await this.#names()) {
      const c = await this.#queue(name).getJobCounts(
        'wait',
        'prioritized',
        'waiting-children',
        'active',
        'delayed',
        'completed',
        'failed',
      );
      counts.waiting += (c.wait ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
      counts.active += c.active ?? 0;
      counts.delayed += c.delayed ?? 0;
      counts.completed += c.completed ?? 0;
      counts.dead += c.failed ?? 0;
    }
    return counts;
  }

  async health(): Promise<JobQueueHealth> {
    try {
      await this.#connection.ping();
      return { ok: true, kind: this.kind, counts: await this.counts() };
    } catch (error) {
      return {
        ok: false,
        kind: this.kind,
        counts: { waiting: 0, active: 0, delayed: 0, completed: 0, dead: 0 },
        error: describeError(error),
      };
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  #assertOpen(): void {
    if (this.#state === 'stopping' || this.#state === 'stopped')
      throw new FiloError(JobErrors.JOB_QUEUE_CLOSED);
  }

  #jobOptions(maxAttempts: number, backoffMs: number): JobsOptions {
    const keep = this.#settings.keepCompletedMs;
    return {
      attempts: maxAttempts,
      backoff: { type: BACKOFF_TYPE, delay: backoffMs },
      removeOnComplete: keep === 0 ? true : { age: Math.ceil(keep / 1000) },
      removeOnFail: false,
    };
  }

  #queue(name: string): Queue<JsonValue> {
    let queue = this.#queues.get(name);
    if (queue === undefined) {
      // Queues share the one connection; BullMQ leaves a caller's connection open, `stop()` closes it.
      queue = new Queue<JsonValue>(name, { connection: this.#connection, prefix: this.#settings.prefix });
      queue.on('error', (error: Error) =>
        this.#settings.logger.error({ name, error: describeError(error) }, 'job queue error'),
      );
      this.#queues.set(name, queue);
    }
    return queue;
  }

  async #remember(name: string): Promise<void> {
    if (this.#knownNames.has(name)) return;
    await this.#connection.sadd(this.#namesKey, name);
    this.#knownNames.add(name);
  }

  async #names(): Promise<string[]> {
    const stored = await this.#connection.smembers(this.#namesKey);
    return [...new Set([...this.#knownNames, ...stored])].sort();
  }

  async #find(id: string): Promise<Job<JsonValue> | undefined> {
    for (const name of await this.#names()) {
      const job = await this.#queue(name).getJob(id);
      if (job !== undefined && job !== null) return job;
    }
    return undefined;
  }

  /** The embedded queue's ids are unique across names; with a queue per name that needs a look. */
  async #assertIdFree(id: string, name: string): Promise<void> {
    for (const other of await this.#names()) {
      if (other === name) continue;
      if (await this.#queue(other).getJob(id)) {
        throw new FiloError(JobErrors.JOB_ID_CONFLICT, { details: { id, name, existingName: other } });
      }
    }
  }

  #startWorker(name: string): void {
    const registration = this.#handlers.get(name);
    if (registration === undefined || this.#workers.has(name)) return;
    const worker = new Worker<JsonValue>(
      name,
      (job, _token, signal) => this.#process(registration, job, signal),
      {
        // Duplicated by BullMQ for the blocking fetch; those copies are closed with the worker.
        connection: this.#connection,
        prefix: this.#settings.prefix,
        concurrency: registration.concurrency,
        lockDuration: this.#settings.leaseMs,
        stalledInterval: this.#settings.leaseMs,
        // A job whose worker died is handed on this many times, like the embedded queue's attempt budget.
        maxStalledCount: this.#settings.defaultMaxAttempts,
        settings: {
          backoffStrategy: (attemptsMade, _type, _error, job) =>
            backoffDelay(
              attemptsMade,
              job?.opts.backoff !== undefined && typeof job.opts.backoff === 'object'
                ? (job.opts.backoff.delay ?? 0)
                : 0,
            ),
        },
      },
    );
    worker.on('error', (error: Error) =>
      this.#settings.logger.error({ name, error: describeError(error) }, 'job worker error'),
    );
    worker.on('failed', (job: Job<JsonValue> | undefined, error: Error) => {
      if (job === undefined) return;
      const context = {
        jobId: job.id,
        name,
        attempt: job.attemptsMade,
        maxAttempts: job.opts.attempts ?? 1,
        error: error.message,
      };
      const dead = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (dead) this.#settings.logger.warn(context, 'job is dead');
      else this.#settings.logger.info(context, 'job failed; it will be retried');
    });
    this.#workers.set(name, worker);
  }

  #process(
    registration: Registration,
    job: Job<JsonValue>,
    bullSignal: AbortSignal | undefined,
  ): Promise<void> {
    const controller = new AbortController();
    bullSignal?.addEventListener('abort', () => controller.abort(bullSignal.reason), { once: true });
    return this.#running.run(async (signal) => {
      try {
        await registration.handler({
          id: job.id ?? '',
          name: job.name,
          payload: job.data,
          attempt: Math.max(job.attemptsStarted, job.attemptsMade + 1),
          maxAttempts: job.opts.attempts ?? 1,
          signal,
        });
      } catch (error) {
        // BullMQ keeps only a message: put the stable code in it, and skip retries for permanent errors.
        if (isPermanentJobError(error)) throw new UnrecoverableError(describeError(error));
        throw new Error(describeError(error), { cause: error });
      }
    }, controller);
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    const wasStarted = this.#state === 'started';
    this.#state = 'stopping';
    const workers = [...this.#workers.values()];
    // Stop fetching, then give running handlers their time; BullMQ's close waits for the rest.
    await Promise.all(workers.map((worker) => worker.pause(true)));
    const idle = await this.#running.waitIdle(timeoutMs);
    if (!idle) {
      // Their locks are no longer renewed: BullMQ's stalled-job check hands these jobs to another worker.
      this.#settings.logger.warn(
        { running: this.#running.size, timeoutMs },
        'job handlers still running at stop; aborting them',
      );
      this.#running.abortAll();
    }
    await Promise.all(workers.map((worker) => worker.close(!idle)));
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    try {
      await this.#connection.quit();
    } catch {
      this.#connection.disconnect();
    }
    this.#state = 'stopped';
    if (wasStarted) this.#settings.logger.info({ prefix: this.#settings.prefix }, 'job queue stopped');
  }
}

function portState(state: BullState): JobState {
  switch (state) {
    case 'completed':
      return 'completed';
    case 'failed':
      return 'dead';
    case 'delayed':
      return 'delayed';
    case 'active':
      return 'active';
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
    case 'unknown':
      return 'waiting';
  }
}

function toInfo(job: Job<JsonValue>, state: BullState): JobInfo {
  const mapped = portState(state);
  const runAt =
    mapped === 'waiting' || mapped === 'delayed'
      ? new Date(job.timestamp + (job.delay ?? 0)).toISOString()
      : null;
  return {
    id: job.id ?? '',
    name: job.name,
    payload: job.data,
    state: mapped,
    attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade ?? 0),
    maxAttempts: job.opts.attempts ?? 1,
    lastError: job.failedReason ? job.failedReason : null,
    createdAt: new Date(job.timestamp).toISOString(),
    runAt,
    finishedAt:
      mapped === 'completed' || mapped === 'dead'
        ? new Date(job.finishedOn ?? job.timestamp).toISOString()
        : null,
  };
}
