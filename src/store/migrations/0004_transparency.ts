import type { Kysely } from 'kysely';

// The transparency log: entries as appended by the ledger, the tree's stored hashes, every signed
// checkpoint, and one state row that serialises appends and integration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tlog_entries')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tlog_hashes')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('hash', 'bytea', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tlog_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root_hash', 'bytea', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tlog_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('next_index', 'bigint', (c) => c.notNull())
    .addColumn('integrated_size', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('tlog_state' as never)
    .values({ id: 'main', next_index: 0, integrated_size: 0 })
    .execute();
}
