import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Engine, type Store } from './store';

// Test helpers: a fresh, migrated store on each engine. PostgreSQL tests get their own schema, dropped
// afterwards, so suites can run in parallel against the one local server. They never skip: CI makes
// sure PostgreSQL is running, and a missing server is a failure, not a pass.

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export interface TestStore {
  readonly store: Store;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export async function createTestStore(
  engine: Engine,
  options: { migrate?: boolean } = {},
): Promise<TestStore> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'filo-test-'));
  if (engine === 'sqlite') {
    const store = await openStore({ dataDir, migrate: options.migrate ?? true });
    return {
      store,
      dataDir,
      async dispose() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  // Under heavy parallel load PostgreSQL has, rarely, refused the first migration of a fresh schema
  // (3F000); a test store is disposable, so try again in a new schema rather than fail the suite.
  let schema = '';
  let store: Store | undefined;
  for (let attempt = 1; store === undefined; attempt++) {
    schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    try {
      store = await openStore({
        dataDir,
        databaseUrl: TEST_DATABASE_URL,
        pgSchema: schema,
        migrate: options.migrate ?? true,
      });
    } catch (error) {
      await dropSchema(schema).catch(() => undefined);
      if (attempt >= 3) throw error;
    }
  }
  return {
    store,
    dataDir,
    async dispose() {
      await store.close();
      await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
