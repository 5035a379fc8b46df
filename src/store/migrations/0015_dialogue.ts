import type { Kysely } from 'kysely';

// The assistant's dialogue layer: the state of each conversation's flow (the step waiting for an
// answer, the last menu's options, how many messages in a row were not understood) and one row per
// answered inbound message, so that a retried job repeats its answer instead of acting twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('dialogue_states')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('misunderstood', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('dialogue_states_contact').on('dialogue_states').column('contact_id').execute();
  await s
    .createTable('dialogue_turns')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('dialogue_turns_contact').on('dialogue_turns').column('contact_id').execute();
}
