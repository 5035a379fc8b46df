import type { Kysely } from 'kysely';

// The assistant's knowledge base (src/bot/knowledge): FAQ entries per organisation and language, each
// with a stable source id shared by its translations. Project pages are not stored: they are made from
// the projects table when the index is built.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('knowledge_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    /** JSON array of alternative phrasings. */
    .addColumn('phrasings', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    /** JSON array of tags. */
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('knowledge_entries_source', ['organisation_id', 'language', 'source_id'])
    .execute();
}
