import { FiloError, newId } from '../core';
import type { Store } from '../store';
import { JobErrors } from './errors';
import type { EnqueueOptions, JobLogger, JsonValue, ScheduleOptions } from './port';

// Options shared by both adapters, their defaults, and the checks every enqueue goes through, so that
// a call the embedded queue refuses is refused by BullMQ too.

export interface JobQueueOptions {
  /** The embedded queue keeps its jobs here; BullMQ does not use it. */
  readonly store: Store;
  /** When set, jobs live in Redis through BullMQ; otherwise in the database. */
  readonly redisUrl?: string | undefined;
  /** Namespace of this deployment's jobs (Redis key prefix, `queue` column): tests use a random one. */
  readonly prefix: string;
  readonly logger?: JobLogger | undefined;
  /** A claimed job returns to the queue this long after its worker last renewed the lease (default 30 s). */
  readonly leaseMs?: number | undefined;
  /** Embedded: how often an idle worker looks for due jobs (default 500 ms). */
  readonly pollMs?: number | undefined;
  /** Default wait for running handlers in `stop()` (default 10 s). */
  readonly stopTimeoutMs?: number | undefined;
  /** Completed jobs (and so their ids, for de-duplication) are kept this long (default 7 days). */
  readonly keepCompletedMs?: number | undefined;
  /** Embedded: how often completed jobs past `keepCompletedMs` are deleted (default 60 s). */
  readonly pruneIntervalMs?: number | undefined;
  readonly defaultMaxAttempts?: number | undefined;
  readonly defaultBackoffMs?: number | undefined;
}

export interface QueueSettings {
  readonly prefix: string;
  readonly logger: JobLogger;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly stopTimeoutMs: number;
  readonly keepCompletedMs: number;
  readonly pruneIntervalMs: number;
  readonly defaultMaxAttempts: number;
  readonly defaultBackoffMs: number;
}

const silentLogger: JobLogger = Object.freeze({ info() {}, warn() {}, error() {} });

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
// BullMQ reserves ':' in ids and treats integer ids as its own counter; refuse both everywhere.
const ID = /^[^\s:]{1,200}$/;
const INTEGER = /^-?\d+$/;
export const MAX_ATTEMPTS_LIMIT = 100;

function invalidOption(message: string): FiloError {
  return new FiloError(JobErrors.JOB_OPTIONS_INVALID, { message });
}

function positiveInt(
  value: number | undefined,
  fallback: number,
  name: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalidOption(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

export function resolveSettings(options: JobQueueOptions): QueueSettings {
  if (!NAME.test(options.prefix)) {
    throw invalidOption('prefix must be 1–100 letters, digits, dots, dashes or underscores');
  }
  const leaseMs = positiveInt(options.leaseMs, 30_000, 'leaseMs', 100);
  return Object.freeze({
    prefix: options.prefix,
    logger: options.logger ?? silentLogger,
    leaseMs,
    pollMs: positiveInt(options.pollMs, 500, 'pollMs', 5),
    stopTimeoutMs: positiveInt(options.stopTimeoutMs, 10_000, 'stopTimeoutMs', 0),
    keepCompletedMs: positiveInt(options.keepCompletedMs, 7 * 24 * 3_600_000, 'keepCompletedMs', 0),
    pruneIntervalMs: positiveInt(options.pruneIntervalMs, 60_000, 'pruneIntervalMs', 10),
    defaultMaxAttempts: positiveInt(
      options.defaultMaxAttempts,
      5,
      'defaultMaxAttempts',
      1,
      MAX_ATTEMPTS_LIMIT,
    ),
    defaultBackoffMs: positiveInt(options.defaultBackoffMs, 1_000, 'defaultBackoffMs', 0),
  });
}

export function checkName(name: string): void {
  if (!NAME.test(name)) throw new FiloError(JobErrors.JOB_NAME_INVALID, { details: { name } });
}

export function checkId(id: string): void {
  if (!ID.test(id) || INTEGER.test(id)) throw new FiloError(JobErrors.JOB_ID_INVALID, { details: { id } });
}

export function serialisePayload(payload: JsonValue | undefined): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload ?? null);
  } catch (cause) {
    throw new FiloError(JobErrors.JOB_PAYLOAD_INVALID, { cause });
  }
  if (json === undefined) throw new FiloError(JobErrors.JOB_PAYLOAD_INVALID);
  return json;
}

/** An enqueue call after every check, with defaults applied: what both adapters store. */
export interface JobRequest {
  readonly id: string;
  readonly name: string;
  readonly payloadJson: string;
  /** Epoch milliseconds. */
  readonly runAt: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

export function normaliseEnqueue(
  settings: QueueSettings,
  name: string,
  payload: JsonValue,
  options: EnqueueOptions,
  now: number,
): JobRequest {
  checkName(name);
  if (options.jobId !== undefined) checkId(options.jobId);
  let runAt = now;
  if (options.runAt !== undefined) {
    const at = options.runAt.getTime();
    if (Number.isNaN(at)) throw invalidOption('runAt must be a valid date');
    runAt = Math.max(now, at);
  } else if (options.delayMs !== undefined) {
    runAt = now + positiveInt(options.delayMs, 0, 'delayMs', 0);
  }
  return {
    id: options.jobId ?? newId('job', now),
    name,
    payloadJson: serialisePayload(payload),
    runAt,
    maxAttempts: positiveInt(
      options.maxAttempts,
      settings.defaultMaxAttempts,
      'maxAttempts',
      1,
      MAX_ATTEMPTS_LIMIT,
    ),
    backoffMs: positiveInt(options.backoffMs, settings.defaultBackoffMs, 'backoffMs', 0),
  };
}

export function checkSchedule(schedule: ScheduleOptions): string {
  checkId(schedule.id);
  checkName(schedule.name);
  positiveInt(schedule.everyMs, 0, 'everyMs', 10);
  return serialisePayload(schedule.payload);
}

export function checkConcurrency(concurrency: number | undefined): number {
  return positiveInt(concurrency, 1, 'concurrency', 1, 1_000);
}

export function parsePayload(json: string): JsonValue {
  return JSON.parse(json) as JsonValue;
}
