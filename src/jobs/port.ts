// The JobQueue port: what domain code may ask of a queue, whichever adapter runs underneath.
import type { Transaction } from 'kysely';
import type { Database } from '../store';

/** A JSON value: what a payload can carry and what a handler gets back after the round trip. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

export type JobQueueKind = 'embedded' | 'bullmq';

/** `delayed` is a waiting job whose run time (a delay or a retry back-off) has not come yet. */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';

export interface EnqueueOptions {
  /**
   * Caller-chosen id, e.g. a provider's event id. Enqueueing the same id twice creates one job, for as
   * long as the first one is kept (completed jobs: `keepCompletedMs`; dead jobs: until retried).
   */
  readonly jobId?: string | undefined;
  /** Run no earlier than this many milliseconds from now. */
  readonly delayMs?: number | undefined;
  /** Run no earlier than this moment (wins over `delayMs`). */
  readonly runAt?: Date | undefined;
  /** Attempts in total, the first included (default: the queue's `defaultMaxAttempts`). */
  readonly maxAttempts?: number | undefined;
  /** Back-off before retry n is about base·2^(n−1), with jitter (default: `defaultBackoffMs`). */
  readonly backoffMs?: number | undefined;
}

/** What a handler gets. `signal` aborts when the queue stops past its timeout or the lease is lost. */
export interface JobContext {
  readonly id: string;
  readonly name: string;
  readonly payload: JsonValue;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly signal: AbortSignal;
  /**
   * Embedded queue only: records this job as completed inside the handler's own transaction, so its
   * outcome commits with its work (one commit fewer per job). Call it in the transaction that finishes
   * the job's work, then resolve. Should that transaction roll back, the queue records the outcome
   * itself as usual when the handler resolves (or retries the job when it throws).
   */
  readonly completeWithin?: ((trx: Transaction<Database>) => Promise<void>) | undefined;
}

/** Resolve to complete the job; throw to retry it (or to dead-letter it, see `PermanentJobError`). */
export type JobHandler = (job: JobContext) => Promise<void>;

export interface HandlerOptions {
  /** Jobs of this name run at once in this process (default 1). */
  readonly concurrency?: number | undefined;
}

export interface ScheduleOptions {
  /** Upsert key: scheduling the same id again updates the schedule instead of adding one. */
  readonly id: string;
  readonly name: string;
  readonly everyMs: number;
  readonly payload?: JsonValue | undefined;
}

export interface ScheduleInfo {
  readonly id: string;
  readonly name: string;
  readonly everyMs: number;
  readonly payload: JsonValue;
  /** ISO 8601 UTC. */
  readonly nextRunAt: string | null;
}

export interface JobInfo {
  readonly id: string;
  readonly name: string;
  readonly payload: JsonValue;
  readonly state: JobState;
  /** Attempts started so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastError: string | null;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  /** When it is due to run (waiting or delayed jobs), ISO 8601 UTC. */
  readonly runAt: string | null;
  /** When it completed or died, ISO 8601 UTC. */
  readonly finishedAt: string | null;
}

export type JobCounts = {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly completed: number;
  readonly dead: number;
};

// A type alias, not an interface, so that it is assignable to `Record<string, unknown>` (health checks).
export type JobQueueHealth = {
  readonly ok: boolean;
  readonly kind: JobQueueKind;
  readonly counts: JobCounts;
  readonly error?: string;
};

export interface StopOptions {
  /** How long to wait for running handlers before aborting their signals (default `stopTimeoutMs`). */
  readonly timeoutMs?: number | undefined;
}

/** A pino-compatible logger; the queue never writes to the console. */
export interface JobLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/**
 * Adding jobs inside the caller's own database transaction: the job exists exactly when the caller's
 * rows commit (no second commit, no trigger lost between the two). Only a queue that keeps its jobs in
 * the application's database can offer it.
 */
export interface JobToAdd {
  readonly name: string;
  readonly payload: JsonValue;
  readonly options?: EnqueueOptions | undefined;
}

export interface AppendOptions extends Omit<EnqueueOptions, 'jobId' | 'delayMs'> {
  /** The most items one job may hold (a positive integer). */
  readonly maxItems: number;
}

export interface TransactionalEnqueue {
  enqueue(
    trx: Transaction<Database>,
    name: string,
    payload: JsonValue,
    options?: EnqueueOptions,
  ): Promise<string>;
  /**
   * Adds several jobs in one statement per chunk, as `enqueue` would one by one (a `jobId` seen before
   * adds nothing). For fan-outs such as the ledger's events to their subscribers.
   */
  enqueueMany(trx: Transaction<Database>, jobs: readonly JobToAdd[]): Promise<void>;
  /**
   * Adds `items` to the list `payload[field]` of the newest job of this name that is still waiting for
   * its first run (due, unclaimed, never tried) when the list stays within `maxItems`; otherwise adds a
   * new job `{ [field]: items }` with `options`. A backlog then runs as fewer, fuller jobs, in the
   * order the items were added. Returns the job's id.
   */
  append(
    trx: Transaction<Database>,
    name: string,
    field: string,
    items: readonly JsonValue[],
    options: AppendOptions,
  ): Promise<string>;
  /** Call after the transaction committed: idle workers look at once instead of at their next poll. */
  wake(): void;
}

export interface JobQueue {
  readonly kind: JobQueueKind;
  /** Adds a job; resolves with its id (the existing job's id when `jobId` was seen before). */
  enqueue(name: string, payload: JsonValue, options?: EnqueueOptions): Promise<string>;
  /** Present on the embedded queue only (BullMQ's jobs live in Redis, outside any SQL transaction). */
  readonly transactional?: TransactionalEnqueue | undefined;
  /** One handler per job name; jobs of names without a handler in this process are left to others. */
  register(name: string, handler: JobHandler, options?: HandlerOptions): void;
  /**
   * Creates or updates a repeating job: the first run is due at once, then one every `everyMs`. Runs are
   * made by workers that handle the name; a run still waiting when the next is due is not doubled.
   */
  schedule(schedule: ScheduleOptions): Promise<void>;
  /** Removes a schedule; resolves false when there was none. */
  unschedule(id: string): Promise<boolean>;
  listSchedules(): Promise<ScheduleInfo[]>;
  /** Starts claiming and running jobs for the registered handlers. */
  start(): Promise<void>;
  /**
   * Graceful and final: stops claiming, waits for running handlers up to the timeout (then aborts their
   * signals and leaves the jobs to be picked up again), and releases every connection the queue opened.
   */
  stop(options?: StopOptions): Promise<void>;
  getJob(id: string): Promise<JobInfo | undefined>;
  /** Dead jobs, most recently dead first. */
  listDead(options?: { readonly limit?: number | undefined }): Promise<JobInfo[]>;
  /** Puts a dead job back in the queue with a fresh budget of attempts. */
  retryDead(id: string): Promise<void>;
  counts(): Promise<JobCounts>;
  /** Never throws: an unreachable backend is `ok: false` with the reason. */
  health(): Promise<JobQueueHealth>;
}
