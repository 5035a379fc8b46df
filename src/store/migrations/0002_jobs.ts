import type { Kysely } from 'kysely';

// The embedded job queue. One row a job, keyed by (queue, id) so that a caller's id de-duplicates within
// one deployment's prefix. A worker claims a job by setting `locked_by` and `lease_until` (epoch ms) and
// renews the lease while the handler runs; a job whose lease ran out (its process was killed) is
// returned to the queue. Times are epoch milliseconds so that comparisons are plain integer ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // waiting | active | completed | dead ("delayed" is waiting with run_at in the future)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('backoff_ms', 'bigint', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('jobs_pk', ['queue', 'id'])
    .execute();
  // Claiming: the oldest due waiting jobs of one name.
  await db.schema
    .createIndex('jobs_ready')
    .on('jobs')
    .columns(['queue', 'name', 'state', 'run_at'])
    .execute();
  // Returning expired leases to the queue.
  await db.schema.createIndex('jobs_lease').on('jobs').columns(['queue', 'state', 'lease_until']).execute();
  // Pruning completed jobs and listing dead ones.
  await db.schema
    .createIndex('jobs_finished')
    .on('jobs')
    .columns(['queue', 'state', 'finished_at'])
    .execute();

  await db.schema
    .createTable('job_schedules')
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('every_ms', 'bigint', (c) => c.notNull())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    // The job made for the last slot: no new one is made while it still waits (no pile-up).
    .addColumn('last_job_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_schedules_pk', ['queue', 'id'])
    .execute();
  await db.schema
    .createIndex('job_schedules_due')
    .on('job_schedules')
    .columns(['queue', 'next_run_at'])
    .execute();
}
