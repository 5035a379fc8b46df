import type { BroadcastChannel } from 'node:worker_threads';
import type { Kysely, QueryCreator, Selectable } from 'kysely';
import { CoreErrors, FiloError, newId } from '../../core';
import {
  insertMany,
  sameDatabasePeers,
  type Database,
  type JobScheduleTable,
  type JobTable,
  type Store,
} from '../../store';
import { backoffDelay } from '../backoff';
import { JobErrors, PermanentJobError, describeError, isPermanentJobError } from '../errors';
import {
  checkConcurrency,
  checkName,
  checkSchedule,
  normaliseEnqueue,
  parsePayload,
  type JobRequest,
  type QueueSettings,
} from '../options';
import type {
  AppendOptions,
  JobToAdd,
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
  TransactionalEnqueue,
} from '../port';
import { RunningHandlers } from '../running-handlers';

// The embedded queue keeps its jobs in the application's database. A worker claims due jobs atomically
// (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one conditional UPDATE inside a write transaction),
// holds each one under a lease it renews while the handler runs, and records the outcome only if it
// still holds that lease. A lease that runs out (the process died) returns the job to the queue.

type JobRow = Selectable<JobTable>;
type ScheduleRow = Selectable<JobScheduleTable>;
type StoredState = 'waiting' | 'active' | 'completed' | 'dead';

interface Registration {
  readonly handler: JobHandler;
  readonly concurrency: number;
  running: number;
}

/** One claim of one job: the fence (`token`) that every later write about it must match. */
interface Lease {
  readonly id: string;
  readonly name: string;
  readonly token: string;
  readonly controller: AbortController;
}

const PRUNE_BATCH = 500;
const PRUNE_MAX_BATCHES = 20;
const ERROR_REPORT_INTERVAL_MS = 10_000;

/** The list `payload[field]` of a job whose payload is exactly `{ [field]: [...] }`, else undefined. */
function listIn(payload: string, field: string): JsonValue[] | undefined {
  const parsed = JSON.parse(payload) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  const list = (parsed as Record<string, unknown>)[field];
  return keys.length === 1 && Array.isArray(list) ? (list as JsonValue[]) : undefined;
}

export function createEmbeddedJobQueue(store: Store, settings: QueueSettings): JobQueue {
  return new EmbeddedJobQueue(store, settings);
}

class EmbeddedJobQueue implements JobQueue {
  readonly kind = 'embedded' as const;
  readonly #store: Store;
  readonly #db: Kysely<Database>;
  readonly #settings: QueueSettings;
  readonly #queue: string;
  readonly #workerId = newId('wrk');
  readonly #handlers = new Map<string, Registration>();
  readonly #leases = new Map<string, Lease>();
  readonly #running = new RunningHandlers();
  #state: 'idle' | 'started' | 'stopping' | 'stopped' = 'idle';
  #stopped: Promise<void> | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  #tickAgain = false;
  #heartbeating = false;
  #claims = 0;
  #lastSweep = 0;
  #lastPrune = 0;
  #lastErrorReport = { message: '', at: 0 };
  /**
   * Queues on the same database and prefix in other threads of this process (the HTTP thread and the
   * worker thread): a job added here wakes their workers at once rather than at their next poll.
   */
  readonly #peers: BroadcastChannel | undefined;

  constructor(store: Store, settings: QueueSettings) {
    this.#store = store;
    this.#db = store.db;
    this.#settings = settings;
    this.#queue = settings.prefix;
    this.#peers = sameDatabasePeers(store, `jobs.${settings.prefix}`, () => this.#wake());
  }

  async enqueue(name: string, payload: JsonValue, options: EnqueueOptions = {}): Promise<string> {
    const { id, due } = await this.#insert(this.#db, name, payload, options);
    if (due) this.#announce();
    return id;
  }

  readonly transactional: TransactionalEnqueue = {
    enqueue: async (trx, name, payload, options = {}) => (await this.#insert(trx, name, payload, options)).id,
    enqueueMany: (trx, jobs) => this.#insertMany(trx, jobs),
    append: (trx, name, field, items, options) => this.#append(trx, name, field, items, options),
    wake: () => this.#announce(),
  };

  /** A due job was added: this queue's workers and its peers' look now. */
  #announce(): void {
    this.#wake();
    if (this.#state !== 'stopped') this.#peers?.postMessage(0);
  }

  /** The row of a job added now, waiting for its first run. */
  #waitingRow(job: JobRequest, now: number) {
    return {
      queue: this.#queue,
      id: job.id,
      name: job.name,
      payload: job.payloadJson,
      state: 'waiting',
      attempts: 0,
      max_attempts: job.maxAttempts,
      backoff_ms: job.backoffMs,
      run_at: job.runAt,
      lease_until: null,
      locked_by: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    };
  }

  async #insertMany(db: Kysely<Database>, jobs: readonly JobToAdd[]): Promise<void> {
    this.#assertOpen();
    const now = Date.now();
    const rows = jobs.map(({ name, payload, options }) =>
      this.#waitingRow(normaliseEnqueue(this.#settings, name, payload, options ?? {}, now), now),
    );
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const inserted = await insertMany(db, 'jobs', chunk, { onConflictDoNothing: ['queue', 'id'] });
      if (inserted === chunk.length) continue;
      // Some ids were seen before: a repeat of the same job adds nothing; the same id under another
      // name is a caller's mistake, refused as enqueue refuses it.
      const names = new Map(chunk.map((r) => [r.id, r.name]));
      const existing = await db
        .selectFrom('jobs')
        .select(['id', 'name'])
        .where('queue', '=', this.#queue)
        .where('id', 'in', [...names.keys()])
        .execute();
      const clash = existing.find((e) => e.name !== names.get(e.id));
      if (clash !== undefined) {
        throw new FiloError(JobErrors.JOB_ID_CONFLICT, {
          details: { id: clash.id, name: names.get(clash.id), existingName: clash.name },
        });
      }
    }
  }

  async #append(
    db: Kysely<Database>,
    name: string,
    field: string,
    items: readonly JsonValue[],
    options: AppendOptions,
  ): Promise<string> {
    this.#assertOpen();
    checkName(name);
    if (!Number.isInteger(options.maxItems) || options.maxItems < 1) {
      throw new FiloError(JobErrors.JOB_OPTIONS_INVALID, {
        message: 'maxItems must be a positive integer',
        details: { maxItems: options.maxItems },
      });
    }
    const { maxItems, ...enqueueOptions } = options;
    if (items.length > 0 && items.length < maxItems) {
      // The newest waiting job is the last to be claimed (claims go by run_at, then id): adding to it
      // keeps the items in the order they were added.
      const last = await db
        .selectFrom('jobs')
        .select(['id', 'payload'])
        .where('queue', '=', this.#queue)
        .where('name', '=', name)
        .where('state', '=', 'waiting')
        .where('run_at', '<=', Date.now())
        .orderBy('run_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const held = last === undefined ? undefined : listIn(last.payload, field);
      if (last !== undefined && held !== undefined && held.length + items.length <= maxItems) {
        // Only while still unclaimed and untried: a worker that claimed it meanwhile (PostgreSQL) has
        // taken the list as it was, and these items then go to a job of their own.
        const updated = await db
          .updateTable('jobs')
          .set({ payload: JSON.stringify({ [field]: [...held, ...items] }), updated_at: Date.now() })
          .where('queue', '=', this.#queue)
          .where('id', '=', last.id)
          .where('state', '=', 'waiting')
          .where('attempts', '=', 0)
          .where('payload', '=', last.payload)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 1) return last.id;
      }
    }
    return (await this.#insert(db, name, { [field]: [...items] }, enqueueOptions)).id;
  }

  async #insert(
    db: Kysely<Database>,
    name: string,
    payload: JsonValue,
    options: EnqueueOptions,
  ): Promise<{ id: string; due: boolean }> {
    this.#assertOpen();
    const now = Date.now();
    const job = normaliseEnqueue(this.#settings, name, payload, options, now);
    const inserted = await db
      .insertInto('jobs')
      .values(this.#waitingRow(job, now))
      .onConflict((oc) => oc.columns(['queue', 'id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const existing = await db
        .selectFrom('jobs')
        .select('name')
        .where('queue', '=', this.#queue)
        .where('id', '=', job.id)
        .executeTakeFirst();
      if (existing !== undefined && existing.name !== job.name) {
        throw new FiloError(JobErrors.JOB_ID_CONFLICT, {
          details: { id: job.id, name: job.name, existingName: existing.name },
        });
      }
      return { id: job.id, due: false };
    }
    return { id: job.id, due: job.runAt <= now };
  }

  register(name: string, handler: JobHandler, options: HandlerOptions = {}): void {
    checkName(name);
    if (this.#handlers.has(name)) throw new FiloError(JobErrors.JOB_HANDLER_DUPLICATE, { details: { name } });
    this.#handlers.set(name, { handler, concurrency: checkConcurrency(options.concurrency), running: 0 });
    this.#wake();
  }

  async schedule(schedule: ScheduleOptions): Promise<void> {
    this.#assertOpen();
    const payload = checkSchedule(schedule);
    const now = Date.now();
    for (;;) {
      const existing = await this.#db
        .selectFrom('job_schedules')
        .selectAll()
        .where('queue', '=', this.#queue)
        .where('id', '=', schedule.id)
        .executeTakeFirst();
      if (existing === undefined) {
        const inserted = await this.#db
          .insertInto('job_schedules')
          .values({
            queue: this.#queue,
            id: schedule.id,
            name: schedule.name,
            payload,
            every_ms: schedule.everyMs,
            next_run_at: now,
            last_job_id: null,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['queue', 'id']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
          this.#announce();
          return;
        }
        continue; // another process created it a moment ago: update that one instead
      }
      // Same interval: keep the next run where it is, so re-applying schedules at start-up adds no run.
      const nextRunAt =
        existing.every_ms === schedule.everyMs
          ? existing.next_run_at
          : Math.min(existing.next_run_at, now + schedule.everyMs);
      await this.#db
        .updateTable('job_schedules')
        .set({
          name: schedule.name,
          payload,
          every_ms: schedule.everyMs,
          next_run_at: nextRunAt,
          updated_at: now,
        })
        .where('queue', '=', this.#queue)
        .where('id', '=', schedule.id)
        .execute();
      return;
    }
  }

  async unschedule(id: string): Promise<boolean> {
    this.#assertOpen();
    return this.#db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('job_schedules')
        .where('queue', '=', this.#queue)
        .where('id', '=', id)
        .returning('last_job_id')
        .executeTakeFirst();
      if (removed === undefined) return false;
      if (removed.last_job_id !== null) {
        // Like BullMQ's scheduler: the run that has not started yet goes with its schedule.
        await trx
          .deleteFrom('jobs')
          .where('queue', '=', this.#queue)
          .where('id', '=', removed.last_job_id)
          .where('state', '=', 'waiting')
          .execute();
      }
      return true;
    });
  }

  async listSchedules(): Promise<ScheduleInfo[]> {
    const rows = await this.#db
      .selectFrom('job_schedules')
      .selectAll()
      .where('queue', '=', this.#queue)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      everyMs: row.every_ms,
      payload: parsePayload(row.payload),
      nextRunAt: new Date(row.next_run_at).toISOString(),
    }));
  }

  /** Resolves once the first pass over the queue is done. */
  async start(): Promise<void> {
    if (this.#state === 'started') return;
    this.#assertOpen();
    this.#state = 'started';
    const beat = Math.max(10, Math.floor(this.#settings.leaseMs / 3));
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), beat);
    this.#settings.logger.info(
      { queue: this.#queue, worker: this.#workerId, handlers: [...this.#handlers.keys()] },
      'job queue started',
    );
    this.#wake();
    await this.#tick;
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.#stopped ??= this.#shutdown(options.timeoutMs ?? this.#settings.stopTimeoutMs);
    return this.#stopped;
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    const row = await this.#db
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', this.#queue)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toInfo(row, Date.now());
  }

  async listDead(options: { readonly limit?: number | undefined } = {}): Promise<JobInfo[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1_000);
    const rows = await this.#db
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', this.#queue)
      .where('state', '=', 'dead')
      .orderBy('finished_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const now = Date.now();
    return rows.map((row) => toInfo(row, now));
  }

  async retryDead(id: string): Promise<void> {
    this.#assertOpen();
    const now = Date.now();
    const result = await this.#db
      .updateTable('jobs')
      .set({
        state: 'waiting',
        attempts: 0,
        run_at: now,
        lease_until: null,
        locked_by: null,
        finished_at: null,
        updated_at: now,
      })
      .where('queue', '=', this.#queue)
      .where('id', '=', id)
      .where('state', '=', 'dead')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      const job = await this.getJob(id);
      throw new FiloError(job === undefined ? JobErrors.JOB_NOT_FOUND : JobErrors.JOB_NOT_DEAD, {
        details: { id },
      });
    }
    this.#announce();
  }

  async counts(): Promise<JobCounts> {
    const now = Date.now();
    const rows = await this.#db
      .selectFrom('jobs')
      .where('queue', '=', this.#queue)
      .select((eb) => [
        'state',
        eb.fn.countAll().as('total'),
        eb.fn.sum(eb.case().when('run_at', '>', now).then(1).else(0).end()).as('later'),
      ])
      .groupBy('state')
      .execute();
    const counts = { waiting: 0, active: 0, delayed: 0, completed: 0, dead: 0 };
    for (const row of rows) {
      const total = Number(row.total);
      const state = storedState(row.state);
      if (state === 'waiting') {
        const later = Number(row.later ?? 0);
        counts.delayed += later;
        counts.waiting += total - later;
      } else {
        counts[state] += total;
      }
    }
    return counts;
  }

  async health(): Promise<JobQueueHealth> {
    try {
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

  // ---- the worker loop -------------------------------------------------------------------------

  #assertOpen(): void {
    if (this.#state === 'stopping' || this.#state === 'stopped')
      throw new FiloError(JobErrors.JOB_QUEUE_CLOSED);
  }

  /** Runs a pass now (or right after the one in progress); passes otherwise come every `pollMs`. */
  #wake(): void {
    if (this.#state !== 'started') return;
    if (this.#tick !== undefined) {
      this.#tickAgain = true;
      return;
    }
    clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#tick = this.#runPasses().finally(() => {
      this.#tick = undefined;
      if (this.#state === 'started') this.#pollTimer = setTimeout(() => this.#wake(), this.#settings.pollMs);
    });
  }

  async #runPasses(): Promise<void> {
    do {
      this.#tickAgain = false;
      try {
        await this.#pass();
      } catch (error) {
        this.#reportError(error, 'job queue pass failed; retrying at the next poll');
        return;
      }
    } while (this.#tickAgain && this.#state === 'started');
  }

  async #pass(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastSweep >= Math.max(this.#settings.pollMs, this.#settings.leaseMs / 4)) {
      this.#lastSweep = now;
      await this.#returnExpiredLeases(now);
    }
    if (now - this.#lastPrune >= this.#settings.pruneIntervalMs) {
      this.#lastPrune = now;
      await this.#pruneCompleted(now);
    }
    await this.#materialiseSchedules();
    for (const [name, registration] of this.#handlers) {
      if (this.#state !== 'started') return;
      const free = registration.concurrency - registration.running;
      if (free <= 0) continue;
      const jobs = await this.#claim(name, free);
      for (const job of jobs) this.#execute(job, registration);
    }
  }

  async #claim(name: string, limit: number): Promise<JobRow[]> {
    const now = Date.now();
    const token = `${this.#workerId}.${++this.#claims}`;
    const claim = (db: QueryCreator<Database>) =>
      db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'active',
          attempts: eb('attempts', '+', 1),
          locked_by: token,
          lease_until: now + this.#settings.leaseMs,
          updated_at: now,
        }))
        .where('queue', '=', this.#queue)
        .where('state', '=', 'waiting');
    const due = (db: QueryCreator<Database>) =>
      db
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', this.#queue)
        .where('name', '=', name)
        .where('state', '=', 'waiting')
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit);
    if (this.#store.capabilities.skipLocked) {
      // Rows another worker is claiming right now are skipped, not waited for. The candidates are picked
      // once, in a materialised CTE: as an `IN (…)` subquery the planner may run the LIMIT more than once.
      return this.#db
        .with(
          (cte) => cte('due').materialized(),
          (db) => due(db).forUpdate().skipLocked(),
        )
        .updateTable('jobs')
        .from('due')
        .set((eb) => ({
          state: 'active',
          attempts: eb('jobs.attempts', '+', 1),
          locked_by: token,
          lease_until: now + this.#settings.leaseMs,
          updated_at: now,
        }))
        .whereRef('jobs.id', '=', 'due.id')
        .where('jobs.queue', '=', this.#queue)
        .where('jobs.state', '=', 'waiting')
        .returningAll('jobs')
        .execute();
    }
    // Most passes find nothing for most names: a plain read says so without a write transaction (on
    // SQLite each one is a commit, an fsync, and the database's only writer slot).
    const any = await due(this.#db).executeTakeFirst();
    if (any === undefined) return [];
    // SQLite: the UPDATE is the transaction's first statement, so it takes the write lock before it reads;
    // its row count says whether anything was claimed, and the token finds exactly those rows. A claim
    // lost in a power cut only leaves the job waiting to be claimed again: it need not wait for the disk.
    return this.#store.redoableTransaction(async (trx) => {
      const claimed = await claim(trx).where('id', 'in', due(trx)).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return [];
      return trx
        .selectFrom('jobs')
        .selectAll()
        .where('queue', '=', this.#queue)
        .where('locked_by', '=', token)
        .where('state', '=', 'active')
        .orderBy('run_at')
        .execute();
    });
  }

  #execute(job: JobRow, registration: Registration): void {
    registration.running += 1;
    const lease: Lease = {
      id: job.id,
      name: job.name,
      token: job.locked_by ?? '',
      controller: new AbortController(),
    };
    const key = `${lease.token}/${lease.id}`;
    this.#leases.set(key, lease);
    void this.#running
      .run(async (signal) => {
        let failure: { readonly error: unknown } | undefined;
        let completedWithin = false;
        try {
          let payload: JsonValue;
          try {
            payload = parsePayload(job.payload);
          } catch (cause) {
            throw new PermanentJobError('The stored payload is not valid JSON', { cause });
          }
          await registration.handler({
            id: job.id,
            name: job.name,
            payload,
            attempt: job.attempts,
            maxAttempts: job.max_attempts,
            signal,
            completeWithin: async (trx) => {
              const now = Date.now();
              // The token stays on the row: after the handler, a read tells whether that commit happened.
              await this.#fence(lease, trx)
                .set({ state: 'completed', finished_at: now, updated_at: now, lease_until: null })
                .execute();
              completedWithin = true;
            },
          });
        } catch (error) {
          failure = { error };
        }
        try {
          if (failure === undefined && completedWithin && (await this.#completedBy(lease))) {
            // Recorded in the handler's own commit.
          } else if (failure === undefined) await this.#complete(lease);
          else await this.#fail(lease, job, failure.error);
        } catch (error) {
          this.#reportError(
            error,
            'could not record a job outcome; the job runs again when its lease expires',
          );
        }
      }, lease.controller)
      .finally(() => {
        this.#leases.delete(key);
        registration.running -= 1;
        this.#wake();
      });
  }

  /** Whether the handler's transaction that called completeWithin committed (a read, no write lock). */
  async #completedBy(lease: Lease): Promise<boolean> {
    const row = await this.#db
      .selectFrom('jobs')
      .select('state')
      .where('queue', '=', this.#queue)
      .where('id', '=', lease.id)
      .where('locked_by', '=', lease.token)
      .executeTakeFirst();
    return row?.state === 'completed';
  }

  #fence(lease: Lease, db: Kysely<Database> = this.#db) {
    return db
      .updateTable('jobs')
      .where('queue', '=', this.#queue)
      .where('id', '=', lease.id)
      .where('locked_by', '=', lease.token)
      .where('state', '=', 'active');
  }

  async #complete(lease: Lease): Promise<void> {
    const now = Date.now();
    const result = await this.#fence(lease)
      .set({ state: 'completed', finished_at: now, updated_at: now, lease_until: null, locked_by: null })
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) this.#leaseLost(lease, 'completed');
  }

  async #fail(lease: Lease, job: JobRow, error: unknown): Promise<void> {
    const now = Date.now();
    const permanent = isPermanentJobError(error);
    const dead = permanent || job.attempts >= job.max_attempts;
    const lastError = describeError(error);
    const result = await this.#fence(lease)
      .set(
        dead
          ? {
              state: 'dead',
              finished_at: now,
              updated_at: now,
              lease_until: null,
              locked_by: null,
              last_error: lastError,
            }
          : {
              state: 'waiting',
              run_at: now + backoffDelay(job.attempts, job.backoff_ms),
              updated_at: now,
              lease_until: null,
              locked_by: null,
              last_error: lastError,
            },
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      this.#leaseLost(lease, 'failed');
      return;
    }
    const context = {
      jobId: job.id,
      name: job.name,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      error: lastError,
    };
    if (dead) this.#settings.logger.warn({ ...context, permanent }, 'job is dead');
    else this.#settings.logger.info(context, 'job failed; it will be retried');
  }

  #leaseLost(lease: Lease, outcome: string): void {
    this.#settings.logger.warn(
      { jobId: lease.id, name: lease.name, outcome },
      'job lease lost before its outcome was recorded',
    );
  }

  /** Renews the lease of every running job; a job whose lease was taken over is told through its signal. */
  async #heartbeat(): Promise<void> {
    if (this.#heartbeating || this.#leases.size === 0) return;
    this.#heartbeating = true;
    try {
      for (const lease of [...this.#leases.values()]) {
        if (lease.controller.signal.aborted) continue;
        const now = Date.now();
        const result = await this.#fence(lease)
          .set({ lease_until: now + this.#settings.leaseMs, updated_at: now })
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0 && this.#leases.has(`${lease.token}/${lease.id}`)) {
          this.#settings.logger.warn(
            { jobId: lease.id, name: lease.name },
            'job lease lost; aborting its handler',
          );
          lease.controller.abort(new FiloError(JobErrors.JOB_LEASE_LOST));
        }
      }
    } catch (error) {
      this.#reportError(error, 'could not renew job leases');
    } finally {
      this.#heartbeating = false;
    }
  }

  /** Jobs whose worker stopped renewing the lease: back to the queue, or dead if that was the last attempt. */
  async #returnExpiredLeases(now: number): Promise<void> {
    const expired = (db: Kysely<Database>) =>
      db
        .updateTable('jobs')
        .where('queue', '=', this.#queue)
        .where('state', '=', 'active')
        .where('lease_until', '<', now);
    const lastError = `${JobErrors.JOB_LEASE_EXPIRED.code}: ${JobErrors.JOB_LEASE_EXPIRED.message}`;
    const dead = await expired(this.#db)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .set({
        state: 'dead',
        finished_at: now,
        updated_at: now,
        lease_until: null,
        locked_by: null,
        last_error: lastError,
      })
      .executeTakeFirst();
    const returned = await expired(this.#db)
      .set({
        state: 'waiting',
        run_at: now,
        updated_at: now,
        lease_until: null,
        locked_by: null,
        last_error: lastError,
      })
      .executeTakeFirst();
    const deadCount = Number(dead.numUpdatedRows);
    const returnedCount = Number(returned.numUpdatedRows);
    if (deadCount + returnedCount > 0) {
      this.#settings.logger.warn(
        { returned: returnedCount, dead: deadCount },
        'jobs with expired leases taken back',
      );
    }
  }

  async #pruneCompleted(now: number): Promise<void> {
    const cutoff = now - this.#settings.keepCompletedMs;
    for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch++) {
      const result = await this.#db
        .deleteFrom('jobs')
        .where('queue', '=', this.#queue)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('queue', '=', this.#queue)
            .where('state', '=', 'completed')
            .where('finished_at', '<', cutoff)
            .limit(PRUNE_BATCH),
        )
        .executeTakeFirst();
      if (Number(result.numDeletedRows) < PRUNE_BATCH) return;
    }
  }

  /**
   * Turns due schedule slots into jobs, for the names this process handles. Moving `next_run_at` is a
   * compare-and-set, so among several workers exactly one makes the job of a slot; no job is made while
   * the previous one still waits, so a slow handler does not build a backlog.
   */
  async #materialiseSchedules(): Promise<void> {
    const names = [...this.#handlers.keys()];
    if (names.length === 0) return;
    const now = Date.now();
    const due = await this.#db
      .selectFrom('job_schedules')
      .selectAll()
      .where('queue', '=', this.#queue)
      .where('next_run_at', '<=', now)
      .where('name', 'in', names)
      .execute();
    for (const schedule of due) await this.#materialise(schedule, now);
  }

  async #materialise(schedule: ScheduleRow, now: number): Promise<void> {
    const slot = schedule.next_run_at;
    const following = slot + schedule.every_ms > now ? slot + schedule.every_ms : now + schedule.every_ms;
    await this.#db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('job_schedules')
        .set({ next_run_at: following, updated_at: now })
        .where('queue', '=', this.#queue)
        .where('id', '=', schedule.id)
        .where('next_run_at', '=', slot)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return;
      if (schedule.last_job_id !== null) {
        const previous = await trx
          .selectFrom('jobs')
          .select('state')
          .where('queue', '=', this.#queue)
          .where('id', '=', schedule.last_job_id)
          .executeTakeFirst();
        if (previous?.state === 'waiting') return;
      }
      const id = `schedule.${schedule.id}.${slot}`;
      await trx
        .insertInto('jobs')
        .values(
          this.#waitingRow(
            {
              id,
              name: schedule.name,
              payloadJson: schedule.payload,
              runAt: now,
              maxAttempts: this.#settings.defaultMaxAttempts,
              backoffMs: this.#settings.defaultBackoffMs,
            },
            now,
          ),
        )
        .onConflict((oc) => oc.columns(['queue', 'id']).doNothing())
        .execute();
      await trx
        .updateTable('job_schedules')
        .set({ last_job_id: id })
        .where('queue', '=', this.#queue)
        .where('id', '=', schedule.id)
        .execute();
    });
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    const wasStarted = this.#state === 'started';
    this.#state = 'stopping';
    clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    if (this.#tick !== undefined) await this.#tick;
    const idle = await this.#running.waitIdle(timeoutMs);
    if (!idle) {
      // Their leases are no longer renewed: another worker takes these jobs once the leases run out.
      this.#settings.logger.warn(
        { running: this.#running.size, timeoutMs },
        'job handlers still running at stop; aborting them',
      );
      this.#running.abortAll();
    }
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    this.#state = 'stopped';
    this.#peers?.close();
    if (wasStarted)
      this.#settings.logger.info({ queue: this.#queue, worker: this.#workerId }, 'job queue stopped');
  }

  #reportError(error: unknown, message: string): void {
    const text = describeError(error);
    const now = Date.now();
    if (text === this.#lastErrorReport.message && now - this.#lastErrorReport.at < ERROR_REPORT_INTERVAL_MS)
      return;
    this.#lastErrorReport = { message: text, at: now };
    this.#settings.logger.error({ queue: this.#queue, error: text }, message);
  }
}

function storedState(state: string): StoredState {
  switch (state) {
    case 'waiting':
    case 'active':
    case 'completed':
    case 'dead':
      return state;
    default:
      throw new FiloError(CoreErrors.INTERNAL, { message: `Unknown job state ${state}` });
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function toInfo(row: JobRow, now: number): JobInfo {
  const stored = storedState(row.state);
  const state: JobState = stored === 'waiting' && row.run_at > now ? 'delayed' : stored;
  return {
    id: row.id,
    name: row.name,
    payload: parsePayload(row.payload),
    state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    runAt: stored === 'waiting' ? iso(row.run_at) : null,
    finishedAt: iso(row.finished_at),
  };
}
