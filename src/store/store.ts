import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type MigrationResultSet,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { FiloError } from '../core';
import { StoreErrors } from './errors';
import { migrations } from './migrations';
import { WriteGate } from './write-gate';
import type { Database } from './schema';

export type Engine = 'sqlite' | 'postgres';

/** What differs between the engines, as capabilities: domain code branches on these, never on a name. */
export interface StoreCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED` exists: many workers can claim rows concurrently. */
  readonly skipLocked: boolean;
  /** Several processes may write at once (PostgreSQL); SQLite serialises writers on one file. */
  readonly concurrentWriters: boolean;
}

export interface StoreHealth {
  readonly ok: boolean;
  readonly engine: Engine;
  readonly latencyMs: number;
  readonly error?: string;
}

export interface Store {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  readonly capabilities: StoreCapabilities;
  /** Where the data lives, without credentials (safe to log). */
  readonly location: string;
  /** SQLite: the gate its write transactions take turns through with other threads (see WriteGate). */
  readonly writeGate?: WriteGate | undefined;
  /**
   * A transaction for bookkeeping that is redone when lost: atomic like any other, but its commit does
   * not wait for the disk (SQLite `synchronous = NORMAL` for it alone, PostgreSQL `synchronous_commit =
   * off`). A crash of the process loses nothing; a power cut may lose it, and only it with the commits
   * after it that were not yet on disk either, never one without the other (the next durable commit
   * makes it durable too). For job claims and outbox publishing — never for money, messages or consent.
   */
  redoableTransaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  migrate(): Promise<MigrationResultSet>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  /** PostgreSQL schema to use instead of `public` (created if missing); tests use one per run. */
  readonly pgSchema?: string | undefined;
  /** SQLite file name inside dataDir, or ':memory:'. */
  readonly sqliteFile?: string | undefined;
  readonly migrate?: boolean | undefined;
  /**
   * SQLite: the write gate shared with other threads of this process that open the same file (pass
   * `store.writeGate.buffer` of the first to the others). Without it each store has its own.
   */
  readonly sqliteWriteGate?: SharedArrayBuffer | undefined;
}

const INT8_OID = 20;

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.pgSchema)
    : openSqlite(options);
  if (options.migrate !== false) {
    await store.migrate();
  }
  return store;
}

function openSqlite(options: StoreOptions): Store {
  const file = options.sqliteFile ?? 'filo.db';
  let location = ':memory:';
  if (file !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    location = path.join(options.dataDir, file);
  }
  const sqlite = new BetterSqlite3(location);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed gift or consent survives a power cut, not only a crash; writes are batched anyway.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const gate = new WriteGate(options.sqliteWriteGate);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }, gate),
  });
  return makeStore('sqlite', db, location, { skipLocked: false, concurrentWriters: false }, undefined, gate);
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new FiloError(StoreErrors.STORE_UNAVAILABLE, { message: `Invalid schema name ${schema}` });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint columns hold minor units and epoch milliseconds, far below 2^53: read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Health checks report real outages.
  });
  if (schema) {
    try {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        client.release();
      }
    } catch (cause) {
      await pool.end();
      throw new FiloError(StoreErrors.STORE_UNAVAILABLE, { cause });
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return makeStore(
    'postgres',
    db,
    redactUrl(url) + (schema ? `#${schema}` : ''),
    { skipLocked: true, concurrentWriters: true },
    schema,
  );
}

function makeStore(
  engine: Engine,
  db: Kysely<Database>,
  location: string,
  capabilities: StoreCapabilities,
  pgSchema?: string,
  writeGate?: WriteGate,
): Store {
  let closed = false;
  return Object.freeze({
    engine,
    db,
    location,
    writeGate,
    capabilities: Object.freeze(capabilities),
    redoableTransaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      if (engine === 'postgres')
        return db.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          return fn(trx);
        });
      // The one connection is held for the whole of it: no other transaction runs between the pragmas.
      return db.connection().execute(async (connection) => {
        await sql`pragma synchronous = normal`.execute(connection);
        try {
          return await connection.transaction().execute(fn);
        } finally {
          await sql`pragma synchronous = full`.execute(connection);
        }
      });
    },
    async migrate() {
      const migrator = new Migrator({
        db: db,
        provider: { getMigrations: async () => ({ ...migrations }) },
        // Features land in parallel and take numbers as they start: a database that already ran a later
        // migration still gets an earlier-numbered one that arrived after it.
        allowUnorderedMigrations: true,
        // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
        ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
      });
      const result = await migrator.migrateToLatest();
      if (result.error) {
        throw new FiloError(StoreErrors.STORE_MIGRATION_FAILED, { cause: result.error });
      }
      return result;
    },
    async health(): Promise<StoreHealth> {
      const started = performance.now();
      try {
        await sql`select 1`.execute(db);
        return { ok: true, engine, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
      } catch (error) {
        return {
          ok: false,
          engine,
          latencyMs: Math.round(performance.now() - started),
          error: error instanceof Error ? error.message : 'unknown error',
        };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  });
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * Transactions on SQLite begin IMMEDIATE: each takes the write lock before its first read, so a
 * transaction that reads and then writes never meets SQLITE_BUSY half-way when another connection
 * (a worker thread, a second process) wrote in between — writers queue at `begin` instead, as
 * PostgreSQL's row locks make them queue. The wait at `begin` does not block the thread: it tries
 * without SQLite's sleeping busy handler and, while the lock is held elsewhere, yields and tries again.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #gate: WriteGate;
  #holding = false;

  constructor(config: SqliteDialectConfig, gate: WriteGate) {
    super(config);
    this.#gate = gate;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // Threads of this process queue at the gate; other processes at SQLite's lock, below.
    await this.#gate.acquire();
    this.#holding = true;
    try {
      await this.#beginImmediate(connection);
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  /** Once per transaction, whether it ended in a commit, a rollback, or a failed commit then a rollback. */
  #release(): void {
    if (!this.#holding) return;
    this.#holding = false;
    this.#gate.release();
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.commitTransaction(connection);
    } finally {
      this.#release();
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      this.#release();
    }
  }

  async #beginImmediate(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    await connection.executeQuery(CompiledQuery.raw('pragma busy_timeout = 0'));
    try {
      for (let wait = 0; ; wait = Math.min(wait + 1, 10)) {
        try {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
          return;
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    } finally {
      await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`));
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #gate: WriteGate;
  constructor(config: SqliteDialectConfig, gate: WriteGate) {
    super(config);
    this.#config = config;
    this.#gate = gate;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#gate);
  }
}

/**
 * Kysely prepares every query anew; on SQLite, preparing costs about as much as running a small
 * statement. The same SQL text always gets the same compiled statement, so keep them (bounded).
 */
function withStatementCache(
  sqlite: BetterSqlite3.Database,
  limit = 500,
): { close(): void; prepare(sql: string): BetterSqlite3.Statement } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}
