// The jobs module owns background work: the JobQueue port (enqueue, handlers, retries with back-off,
// dead letters, repeating schedules) and its two adapters, an embedded queue in the application's
// database and BullMQ on Redis, one of which is chosen at start-up by `createJobQueue`.
export { createJobQueue } from './create-job-queue';
export { JobErrors, PermanentJobError, isPermanentJobError } from './errors';
export type { JobQueueOptions } from './options';
export type {
  EnqueueOptions,
  HandlerOptions,
  JobContext,
  JobCounts,
  JobHandler,
  JobInfo,
  JobLogger,
  JobQueue,
  JobQueueHealth,
  JobQueueKind,
  JobState,
  JsonValue,
  ScheduleInfo,
  ScheduleOptions,
  StopOptions,
  TransactionalEnqueue,
  AppendOptions,
  JobToAdd,
} from './port';
