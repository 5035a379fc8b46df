// The feature module the worker-thread test builds in both threads (FILO_WORKER_THREAD builds the
// worker thread's modules from this file): a job that records which thread ran it, and a subscriber
// to the ledger's donation.received.
import { threadId } from 'node:worker_threads';
import type { ModuleFactory } from '../../src/runtime/modules';

export const modules: readonly ModuleFactory[] = [
  (deps) => {
    const mark = async (key: string) => {
      await deps.store.db
        .insertInto('meta')
        .values({ key, value: String(threadId), updated_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    };
    deps.queue.register('test.mark', async (job) => {
      await mark(`job:${(job.payload as { n: number }).n}`);
    });
    deps.events.subscribe('donation.received', 'thread-test', async (_payload, meta) => {
      await mark(`event:${meta.id}`);
    });
    return { name: 'thread-test' };
  },
];
