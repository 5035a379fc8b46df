import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestStore, type TestStore } from './testing';
import { migrations } from './migrations';
import { openStore, type Store } from './store';

// The store contract: every engine behaves the same through the one query layer.
describe.each(ENGINES)('store contract on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(engine);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('reports its engine and is healthy', async () => {
    expect(t.store.engine).toBe(engine);
    const health = await t.store.health();
    expect(health).toMatchObject({ ok: true, engine });
  });

  it('applies every migration once, and a second run is a no-op', async () => {
    const again = await t.store.migrate();
    expect(again.results ?? []).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      t.store.db,
    );
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
  });

  it('round-trips money as integer minor units, text, nulls and large integers', async () => {
    await t.store.db
      .insertInto('campaigns')
      .values({
        id: 'cmp_1',
        slug: 'money',
        name: 'Città più verde — über',
        description: '',
        goal_minor: 9_007_199_254_740_991,
        currency: 'EUR',
        status: 'active',
        starts_at: null,
        ends_at: null,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const row = await t.store.db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', 'cmp_1')
      .executeTakeFirstOrThrow();
    expect(row.goal_minor).toBe(9_007_199_254_740_991);
    expect(typeof row.goal_minor).toBe('number');
    expect(row.name).toBe('Città più verde — über');
    expect(row.starts_at).toBeNull();
  });

  it('enforces unique constraints', async () => {
    const values = {
      id: 'prj_a',
      slug: 'same-slug',
      name: 'A',
      description: '',
      created_at: '2026-01-01T00:00:00.000Z',
    };
    await t.store.db.insertInto('projects').values(values).execute();
    await expect(
      t.store.db
        .insertInto('projects')
        .values({ ...values, id: 'prj_b' })
        .execute(),
    ).rejects.toThrow();
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('projects')
          .values({
            id: 'prj_tx',
            slug: 'tx',
            name: 'tx',
            description: '',
            created_at: '2026-01-01T00:00:00.000Z',
          })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const row = await t.store.db
      .selectFrom('projects')
      .select('id')
      .where('id', '=', 'prj_tx')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('serialises concurrent transactions without losing writes', async () => {
    await t.store.db
      .insertInto('meta')
      .values({ key: 'counter', value: '0', updated_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    const bump = () =>
      t.store.db.transaction().execute(async (trx) => {
        if (t.store.capabilities.concurrentWriters) {
          await sql`select 1 from meta where key = 'counter' for update`.execute(trx);
        }
        const row = await trx
          .selectFrom('meta')
          .select('value')
          .where('key', '=', 'counter')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('meta')
          .set({ value: String(Number(row.value) + 1) })
          .where('key', '=', 'counter')
          .execute();
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    const row = await t.store.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', 'counter')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe('20');
  });

  it('runs a redoable transaction atomically, and every other transaction still waits for the disk', async () => {
    const durability = async (db = t.store.db) =>
      engine === 'sqlite'
        ? (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous
        : (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0]
            ?.synchronous_commit;
    const durable = await durability();
    expect(durable).toBe(engine === 'sqlite' ? 2 : 'on'); // FULL; on
    const project = (id: string) => ({
      id,
      slug: id,
      name: id,
      description: '',
      created_at: '2026-01-01T00:00:00.000Z',
    });

    const inside = await t.store.redoableTransaction(async (trx) => {
      await trx.insertInto('projects').values(project('redo-1')).execute();
      return durability(trx);
    });
    expect(inside).toBe(engine === 'sqlite' ? 1 : 'off'); // NORMAL; off
    await expect(
      t.store.redoableTransaction(async (trx) => {
        await trx.insertInto('projects').values(project('redo-2')).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const ids = await t.store.db.selectFrom('projects').select('id').where('id', 'like', 'redo-%').execute();
    expect(ids.map((r) => r.id)).toEqual(['redo-1']);
    // Ordinary transactions, before, beside and after it, commit durably.
    const [during] = await Promise.all([
      t.store.db.transaction().execute((trx) => durability(trx)),
      t.store.redoableTransaction(async () => undefined),
    ]);
    expect(during).toBe(durable);
    expect(await t.store.db.transaction().execute((trx) => durability(trx))).toBe(durable);
    expect(await durability()).toBe(durable);
  });
});

describe('SQLite with several connections on one file (a worker thread, a second process)', () => {
  it('read-then-write transactions from two connections interleave without SQLITE_BUSY or lost writes', async () => {
    const t = await createTestStore('sqlite');
    const other = await openStore({ dataDir: t.dataDir, migrate: false });
    try {
      await t.store.db
        .insertInto('meta')
        .values({ key: 'counter', value: '0', updated_at: '2026-01-01T00:00:00.000Z' })
        .execute();
      // Each transaction reads, yields to the event loop (so the other connection's transaction is in
      // flight at the same time), then writes. A deferred BEGIN fails such a pair with SQLITE_BUSY.
      const bump = (store: Store) =>
        store.db.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('meta')
            .select('value')
            .where('key', '=', 'counter')
            .executeTakeFirstOrThrow();
          await new Promise((resolve) => setTimeout(resolve, 2));
          await trx
            .updateTable('meta')
            .set({ value: String(Number(row.value) + 1) })
            .where('key', '=', 'counter')
            .execute();
        });
      await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 === 0 ? t.store : other)));
      const row = await other.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'counter')
        .executeTakeFirstOrThrow();
      expect(row.value).toBe('30');
    } finally {
      await other.close();
      await t.dispose();
    }
  });
});

describe('PostgreSQL schemas', () => {
  it('migrates two fresh schemas at once (regression: Kysely found the other schema’s migration tables)', async () => {
    const [a, b] = await Promise.all([createTestStore('postgres'), createTestStore('postgres')]);
    try {
      for (const t of [a, b]) {
        const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(t.store.db);
        expect(rows.rows.length).toBe(Object.keys(migrations).length);
      }
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });
});
