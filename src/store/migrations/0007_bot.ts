import type { Kysely } from 'kysely';

// The assistant: phrases the organisation adds to the shipped training examples (one per language and
// text), and the trained model, saved with the hash of the examples it was trained on so that a start
// with unchanged examples loads it instead of training again.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('bot_examples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bot_examples_language_text', ['language', 'text'])
    .execute();
  await s
    .createTable('bot_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('examples_hash', 'text', (c) => c.notNull())
    .addColumn('example_count', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addColumn('training_ms', 'integer', (c) => c.notNull())
    .execute();
}
