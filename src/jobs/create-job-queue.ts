import { createBullmqJobQueue } from './bullmq';
import { createEmbeddedJobQueue } from './embedded';
import { resolveSettings, type JobQueueOptions } from './options';
import type { JobQueue } from './port';

/**
 * Chooses the adapter once, at start-up: BullMQ when a Redis URL is configured, otherwise the embedded
 * queue in the store's database. Fails with JOB_QUEUE_UNAVAILABLE when Redis does not answer.
 */
export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const settings = resolveSettings(options);
  if (options.redisUrl !== undefined && options.redisUrl !== '') {
    return createBullmqJobQueue(options.redisUrl, settings);
  }
  return Promise.resolve(createEmbeddedJobQueue(options.store, settings));
}
