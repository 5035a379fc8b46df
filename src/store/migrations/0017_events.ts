import type { Kysely } from 'kysely';

// Virtual events (src/events): the events a nonprofit runs to raise money, who signed up (once per
// event and supporter), and the activities they logged (once per registration and dedupe key, so a
// retried chat message or a double-tapped form records one run, not two).
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('goal_metres', 'integer')
    .addColumn('campaign_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('events_status').on('events').columns(['status', 'starts_at']).execute();

  await s
    .createTable('event_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .addUniqueConstraint('event_registrations_event_contact', ['event_id', 'contact_id'])
    .execute();
  await s.createIndex('event_registrations_contact').on('event_registrations').column('contact_id').execute();

  await s
    .createTable('event_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('distance_metres', 'integer')
    .addColumn('duration_seconds', 'integer')
    .addColumn('activity_date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_activities_dedupe', ['registration_id', 'dedupe_key'])
    .execute();
  await s.createIndex('event_activities_event').on('event_activities').column('event_id').execute();
}
