import { FiloError, systemClock, type Clock } from '../core';
import { insertMany, sql, type Database, type Store, type Transaction, type Kysely } from '../store';
import {
  TreeAppender,
  createNoteSigner,
  createNoteVerifier,
  encodeEntryBundle,
  formatCheckpoint,
  formatTlogProof,
  generateNoteKey,
  proveConsistency,
  proveInclusion,
  readTileData,
  signNote,
  storedHashCount,
  tileWidthAt,
  verifyCheckpoint,
  MAX_ENTRY_SIZE,
  TILE_WIDTH,
  type AsyncHashReader,
  type Hash,
  type NoteSigner,
  type NoteVerifier,
  type TileRef,
} from '../tlog';
import { nodeHasher } from '../tlog/node';
import { TransparencyErrors } from './errors';

// The server side of the public log. Appending is cheap and happens inside the caller's database
// transaction (so a ledger row and its log entry commit together); integration — hashing new entries
// into the tree, storing the hashes and signing a checkpoint — runs in batches, a few times a second
// at most, in whichever process holds the state row's lock.

/** The port the ledger appends through: entries join the caller's transaction. */
export interface LogSink {
  append(trx: Transaction<Database>, entries: readonly Uint8Array[]): Promise<readonly number[]>;
}

export interface CheckpointRecord {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly note: string;
  readonly createdAt: string;
}

export interface IntegrationResult {
  readonly size: number;
  readonly added: number;
}

export interface TransparencyLogOptions {
  /** The log's origin line; fixed at first start (kept in the database) unless set explicitly. */
  readonly origin?: string | undefined;
  /** A C2SP signed-note private key (PRIVATE+KEY+…); generated and kept in the database if unset. */
  readonly signerKey?: string | undefined;
  /** Used to derive the default origin: "<host>/log". */
  readonly publicUrl: string;
  readonly clock?: Clock;
  /** Most entries hashed per integration transaction. */
  readonly batchSize?: number;
}

const INSERT_CHUNK = 500;

function defaultOrigin(publicUrl: string): string {
  try {
    const url = new URL(publicUrl);
    return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
  } catch {
    return 'filo.localhost/log';
  }
}

async function metaValue(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Sets a meta value only if none exists yet (first writer wins across processes); returns the kept value. */
async function metaSetOnce(db: Kysely<Database>, key: string, value: string, now: string): Promise<string> {
  await sql`insert into meta (key, value, updated_at) values (${key}, ${value}, ${now}) on conflict (key) do nothing`.execute(
    db,
  );
  return (await metaValue(db, key)) ?? value;
}

export class TransparencyLog implements LogSink {
  readonly origin: string;
  readonly verifierKey: string;
  readonly #store: Store;
  readonly #signer: NoteSigner;
  readonly #verifier: NoteVerifier;
  readonly #clock: Clock;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  private constructor(store: Store, origin: string, signer: NoteSigner, clock: Clock, batchSize: number) {
    this.#store = store;
    this.origin = origin;
    this.#signer = signer;
    this.verifierKey = signer.verifierKey;
    this.#verifier = createNoteVerifier(signer.verifierKey);
    this.#clock = clock;
    this.#batchSize = batchSize;
  }

  static async open(store: Store, options: TransparencyLogOptions): Promise<TransparencyLog> {
    const clock = options.clock ?? systemClock;
    const now = clock.now().toISOString();
    const origin =
      options.origin ?? (await metaSetOnce(store.db, 'tlog_origin', defaultOrigin(options.publicUrl), now));
    let signerKey = options.signerKey;
    if (signerKey === undefined) {
      const stored = await metaValue(store.db, `tlog_signer_key:${origin}`);
      signerKey =
        stored ??
        (await metaSetOnce(
          store.db,
          `tlog_signer_key:${origin}`,
          (await generateNoteKey(origin)).signerKey,
          now,
        ));
    }
    let signer: NoteSigner;
    try {
      signer = await createNoteSigner(signerKey);
    } catch (cause) {
      throw new FiloError(TransparencyErrors.LOG_KEY_INVALID, { cause });
    }
    if (signer.name !== origin) {
      throw new FiloError(TransparencyErrors.LOG_KEY_INVALID, {
        message: `The log signing key is named ${signer.name}, but the log origin is ${origin}`,
      });
    }
    const log = new TransparencyLog(store, origin, signer, clock, options.batchSize ?? 50_000);
    // A log always has a checkpoint, if only for the empty tree.
    if (!(await log.latestCheckpoint())) await log.integrate();
    return log;
  }

  // ---- appending ------------------------------------------------------------------------------

  async append(trx: Transaction<Database>, entries: readonly Uint8Array[]): Promise<readonly number[]> {
    if (entries.length === 0) return [];
    for (const e of entries) {
      if (e.length > MAX_ENTRY_SIZE) throw new FiloError(TransparencyErrors.LOG_ENTRY_TOO_LARGE);
    }
    const state = await this.#lockState(trx);
    const start = state.next_index;
    const now = this.#clock.now().toISOString();
    const rows = entries.map((data, i) => ({ idx: start + i, data, created_at: now }));
    await insertMany(trx, 'tlog_entries', rows);
    await trx
      .updateTable('tlog_state')
      .set({ next_index: start + entries.length })
      .where('id', '=', 'main')
      .execute();
    return rows.map((r) => r.idx);
  }

  /** Appends in a transaction of its own (for tests and tools). */
  async appendNow(entries: readonly Uint8Array[]): Promise<readonly number[]> {
    return this.#store.db.transaction().execute((trx) => this.append(trx, entries));
  }

  async #lockState(trx: Transaction<Database>): Promise<{ next_index: number; integrated_size: number }> {
    let query = trx
      .selectFrom('tlog_state')
      .select(['next_index', 'integrated_size'])
      .where('id', '=', 'main');
    if (this.#store.capabilities.concurrentWriters) query = query.forUpdate();
    const row = await query.executeTakeFirstOrThrow();
    return { next_index: Number(row.next_index), integrated_size: Number(row.integrated_size) };
  }

  // ---- integrating ----------------------------------------------------------------------------

  /**
   * Hashes pending entries into the tree and signs a checkpoint for the new size. The hashing and the
   * signing happen before the write transaction, from committed rows that never change (entries below
   * next_index, hashes below integrated_size), so the database's writer slot is held only to store the
   * result; the transaction first checks that no other integrator moved the tree meanwhile (then this
   * round stores nothing and the next one carries on from there).
   */
  async integrate(): Promise<IntegrationResult> {
    const db = this.#store.db;
    const state = await db
      .selectFrom('tlog_state')
      .select(['next_index', 'integrated_size'])
      .where('id', '=', 'main')
      .executeTakeFirstOrThrow();
    const size = Number(state.integrated_size);
    const end = Math.min(Number(state.next_index), size + this.#batchSize);
    const hasCheckpoint = await db.selectFrom('tlog_checkpoints').select('size').limit(1).executeTakeFirst();
    if (end === size && hasCheckpoint) return { size, added: 0 };
    const entries = await db
      .selectFrom('tlog_entries')
      .select(['idx', 'data'])
      .where('idx', '>=', size)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    if (entries.length !== end - size) throw new Error(`log entries ${size}..${end} are not contiguous`);
    const appender = await TreeAppender.fromStore(size, this.#reader(db), nodeHasher);
    const hashes = appender.appendAll(entries.map((e) => nodeHasher.hashLeaf(e.data)));
    const first = storedHashCount(size);
    const rows = hashes.map((hash, i) => ({ idx: first + i, hash }));
    const root = appender.root();
    const note = await signNote(
      formatCheckpoint({ origin: this.origin, size: end, rootHash: root, extensions: [] }),
      [this.#signer],
    );
    return db.transaction().execute(async (trx) => {
      const now = await this.#lockState(trx);
      if (now.integrated_size !== size) return { size: now.integrated_size, added: 0 };
      await insertMany(trx, 'tlog_hashes', rows);
      await trx
        .insertInto('tlog_checkpoints')
        .values({ size: end, root_hash: root, note, created_at: this.#clock.now().toISOString() })
        .onConflict((oc) => oc.column('size').doNothing())
        .execute();
      await trx.updateTable('tlog_state').set({ integrated_size: end }).where('id', '=', 'main').execute();
      return { size: end, added: end - size };
    });
  }

  /** Integrates until nothing is pending. */
  async integrateAll(): Promise<number> {
    for (;;) {
      const r = await this.integrate();
      if (r.added === 0 || r.added < this.#batchSize) return r.size;
    }
  }

  /** Runs integration every `intervalMs` in this process (the worker side of Filo). */
  startIntegrator(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.#timer) return;
    const tick = () => {
      this.#running = this.integrateAll()
        .catch(onError)
        .finally(() => {
          this.#running = undefined;
          if (this.#timer) this.#timer = setTimeout(tick, intervalMs);
        });
    };
    this.#timer = setTimeout(tick, intervalMs);
  }

  async stopIntegrator(): Promise<void> {
    const timer = this.#timer;
    this.#timer = undefined;
    if (timer) clearTimeout(timer);
    await this.#running;
  }

  // ---- reading --------------------------------------------------------------------------------

  #reader(db: Kysely<Database>): AsyncHashReader {
    return async (indexes) => {
      if (indexes.length === 0) return [];
      const unique = [...new Set(indexes)];
      const found = new Map<number, Uint8Array>();
      for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
        const rows = await db
          .selectFrom('tlog_hashes')
          .select(['idx', 'hash'])
          .where('idx', 'in', unique.slice(i, i + INSERT_CHUNK))
          .execute();
        for (const r of rows) found.set(Number(r.idx), r.hash);
      }
      return indexes.map((i) => {
        const h = found.get(i);
        if (!h) throw new Error(`stored hash ${i} is missing`);
        return h;
      });
    };
  }

  async latestCheckpoint(): Promise<CheckpointRecord | undefined> {
    const row = await this.#store.db
      .selectFrom('tlog_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toCheckpoint(row) : undefined;
  }

  async checkpoints(options: {
    limit: number;
    beforeSize?: number | undefined;
  }): Promise<CheckpointRecord[]> {
    let query = this.#store.db
      .selectFrom('tlog_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(options.limit);
    if (options.beforeSize !== undefined) query = query.where('size', '<', options.beforeSize);
    return (await query.execute()).map(toCheckpoint);
  }

  async checkpointAt(size: number): Promise<CheckpointRecord | undefined> {
    const row = await this.#store.db
      .selectFrom('tlog_checkpoints')
      .selectAll()
      .where('size', '=', size)
      .executeTakeFirst();
    return row ? toCheckpoint(row) : undefined;
  }

  async size(): Promise<number> {
    return (await this.latestCheckpoint())?.size ?? 0;
  }

  /** A tile or entry bundle of the integrated tree, or undefined when it does not exist (yet). */
  async tile(ref: TileRef): Promise<Uint8Array | undefined> {
    const size = await this.size();
    if (ref.kind === 'entries') {
      const start = ref.index * TILE_WIDTH;
      // Any prefix of a bundle that the integrated tree covers may be served (spec: partial bundles
      // for checkpointed sizes); nothing beyond it.
      if (start + ref.width > size) return undefined;
      const rows = await this.#store.db
        .selectFrom('tlog_entries')
        .select(['idx', 'data'])
        .where('idx', '>=', start)
        .where('idx', '<', start + ref.width)
        .orderBy('idx')
        .execute();
      if (rows.length !== ref.width) return undefined;
      return encodeEntryBundle(rows.map((r) => r.data));
    }
    const available = tileWidthAt(size, ref.level, ref.index);
    if (available < ref.width) return undefined;
    return readTileData(ref, this.#reader(this.#store.db));
  }

  async entry(index: number): Promise<Uint8Array | undefined> {
    const row = await this.#store.db
      .selectFrom('tlog_entries')
      .select('data')
      .where('idx', '=', index)
      .executeTakeFirst();
    return row?.data;
  }

  async inclusionProof(index: number, size: number): Promise<Hash[]> {
    return proveInclusion(index, size, this.#reader(this.#store.db), nodeHasher);
  }

  async consistencyProof(size1: number, size2: number): Promise<Hash[]> {
    const latest = await this.size();
    if (
      !Number.isSafeInteger(size1) ||
      !Number.isSafeInteger(size2) ||
      size1 < 0 ||
      size1 > size2 ||
      size2 > latest
    ) {
      throw new FiloError(TransparencyErrors.LOG_BAD_RANGE, { message: `Need 0 ≤ from ≤ to ≤ ${latest}` });
    }
    return proveConsistency(size1, size2, this.#reader(this.#store.db), nodeHasher);
  }

  /** A C2SP tlog-proof for one entry against the latest checkpoint; `extra` carries the entry bytes. */
  async receipt(index: number): Promise<string> {
    const data = await this.entry(index);
    if (!data) throw new FiloError(TransparencyErrors.LOG_ENTRY_NOT_FOUND);
    const checkpoint = await this.latestCheckpoint();
    if (!checkpoint || checkpoint.size <= index)
      throw new FiloError(TransparencyErrors.LOG_ENTRY_NOT_INTEGRATED);
    const proof = await this.inclusionProof(index, checkpoint.size);
    return formatTlogProof({ extra: data, index, proof, checkpoint: checkpoint.note });
  }

  /** Verifies a checkpoint note against this log's own key and origin; undefined if it does not verify. */
  async verifyCheckpointNote(note: string): Promise<{ size: number; rootHash: Uint8Array } | undefined> {
    try {
      const { checkpoint } = await verifyCheckpoint(note, [this.#verifier], { origin: this.origin });
      return { size: checkpoint.size, rootHash: checkpoint.rootHash };
    } catch {
      return undefined;
    }
  }
}

function toCheckpoint(row: {
  size: number;
  root_hash: Uint8Array;
  note: string;
  created_at: string;
}): CheckpointRecord {
  return {
    size: Number(row.size),
    rootHash: new Uint8Array(row.root_hash),
    note: row.note,
    createdAt: row.created_at,
  };
}
