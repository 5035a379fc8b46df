import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import pg from 'pg';
import { openStore, type Engine, type Store, type StoreOptions } from '../store';
import { migrations } from '../store/migrations';
import { TEST_DATABASE_URL } from '../store/testing';

// Test helper (not exported by the module): a migrated database that several stores, and processes,
// can open at once — a SQLite file, or a PostgreSQL schema of its own, dropped afterwards.
//
// PostgreSQL schemas are migrated here with the migration tables pinned to the schema: the store's
// Migrator looks for `kysely_migration*` in every schema, so while another test's schema exists it skips
// creating them in a new one and then fails ("relation kysely_migration_lock does not exist").

export interface SharedTestDatabase {
  /** What another process needs to open the same database. */
  readonly options: StoreOptions;
  readonly store: Store;
  /** Another connection (pool) to the same database, as a second worker process would have. */
  openAnother(): Promise<Store>;
  dispose(): Promise<void>;
}

export async function openSharedTestDatabase(engine: Engine): Promise<SharedTestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'filo-jobs-'));
  const schema = `t_jobs_${process.pid}_${randomBytes(4).toString('hex')}`;
  const options: StoreOptions =
    engine === 'sqlite' ? { dataDir } : { dataDir, databaseUrl: TEST_DATABASE_URL, pgSchema: schema };
  const store = await openStore({ ...options, migrate: engine === 'sqlite' });
  if (engine === 'postgres') {
    const migrator = new Migrator({
      db: store.db,
      provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
      migrationTableSchema: schema,
    });
    // Kysely's table check reads every schema's columns; another test dropping its schema meanwhile can
    // fail it (42703, 3F000). Migrations are transactional on PostgreSQL: trying again is safe.
    let { error } = await migrator.migrateToLatest();
    for (let attempt = 2; error !== undefined && attempt <= 3; attempt++) {
      ({ error } = await migrator.migrateToLatest());
    }
    if (error !== undefined) {
      await store.close();
      throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    }
  }
  const others: Store[] = [];
  return {
    options,
    store,
    async openAnother() {
      const other = await openStore({ ...options, migrate: false });
      others.push(other);
      return other;
    },
    async dispose() {
      await Promise.all([store, ...others].map((s) => s.close()));
      if (engine === 'postgres') {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
