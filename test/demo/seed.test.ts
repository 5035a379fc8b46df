import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo';
import { ContactsService } from '../../src/contacts';
import { ENGINES, createTestStore, type TestStore } from '../../src/store/testing';
import { FAST_PASSWORDS } from '../support/app';

describe.each(ENGINES)('demo seed on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(engine);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('seeds the organisation once, even when two starts race', async () => {
    const results = await Promise.all([
      seedDemo(t.store, { supporters: 60, passwordCost: FAST_PASSWORDS }),
      seedDemo(t.store, { supporters: 60, passwordCost: FAST_PASSWORDS }),
    ]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    const again = await seedDemo(t.store, { supporters: 60, passwordCost: FAST_PASSWORDS });
    expect(again.seeded).toBe(false);

    const db = t.store.db;
    expect(await db.selectFrom('organisation').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('campaigns').selectAll().execute()).toHaveLength(2);
    expect(await db.selectFrom('projects').selectAll().execute()).toHaveLength(3);
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(5);
    const contacts = new ContactsService(t.store);
    expect(await contacts.count()).toBe(60);
    const languages = new Set((await db.selectFrom('contacts').select('language').execute()).map((r) => r.language));
    expect(languages.has('it')).toBe(true);
    expect(languages.size).toBeGreaterThan(1);
    expect(await contacts.countOptedIn('whatsapp')).toBeGreaterThan(10);
  });
});
