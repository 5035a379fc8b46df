import type { Kysely } from 'kysely';

// Campaign updates: the news a campaign's public page shows under "latest updates". Staff write them
// (draft, then published; unpublished again if need be); the ledger's payments out of a campaign's
// money publish a factual one each, once per campaign and source (the unique source key).
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('campaign_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('link_url', 'text')
    .addColumn('source_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_updates_source', ['campaign_id', 'source_key'])
    .execute();
  await s
    .createIndex('campaign_updates_public')
    .on('campaign_updates')
    .columns(['campaign_id', 'status', 'published_at'])
    .execute();
}
