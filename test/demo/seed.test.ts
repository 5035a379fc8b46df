import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo';
import { ContactsService } from '../../src/contacts';
import { ENGINES, createTestStore, type TestStore } from '../../src/store/testing';
import { FAST_PASSWORDS } from '../support/app';
import { LedgerService, checkLedgerInvariants } from '../../src/ledger';
import { TransparencyLog } from '../../src/transparency';
import { createNoteVerifier, verifyTlogProof } from '../../src/tlog';
import { nodeHasher } from '../../src/tlog/node';

describe.each(ENGINES)('demo seed on %s', (engine) => {
  let t: TestStore;
  let log: TransparencyLog;
  beforeAll(async () => {
    t = await createTestStore(engine);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('seeds the organisation once, even when two starts race', async () => {
    log = await TransparencyLog.open(t.store, { publicUrl: 'http://demo.filo.local' });
    const options = { supporters: 60, passwordCost: FAST_PASSWORDS, log };
    const results = await Promise.all([seedDemo(t.store, options), seedDemo(t.store, options)]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    const again = await seedDemo(t.store, options);
    expect(again.seeded).toBe(false);

    const db = t.store.db;
    expect(await db.selectFrom('organisation').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('campaigns').selectAll().execute()).toHaveLength(2);
    expect(await db.selectFrom('projects').selectAll().execute()).toHaveLength(3);
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(5);
    const contacts = new ContactsService(t.store);
    expect(await contacts.count()).toBe(60);
    const languages = new Set(
      (await db.selectFrom('contacts').select('language').execute()).map((r) => r.language),
    );
    expect(languages.has('it')).toBe(true);
    expect(languages.size).toBeGreaterThan(1);
    expect(await contacts.countOptedIn('whatsapp')).toBeGreaterThan(10);
  });

  it('writes its gifts and expenses through the ledger and the public log, so that receipts verify', async () => {
    const ledger = new LedgerService({ store: t.store, log });
    const donations = await ledger.listDonations({ limit: 200 });
    expect(donations.items).toHaveLength(75);
    expect(new Set(donations.items.map((d) => d.restriction))).toEqual(
      new Set(['project', 'campaign', 'unrestricted']),
    );
    expect(donations.items.some((d) => d.refundedMinor > 0)).toBe(true);
    const expenses = await ledger.listExpenses();
    expect(expenses.filter((e) => e.status === 'approved').length).toBeGreaterThanOrEqual(8);
    expect(expenses.filter((e) => e.status === 'draft')).toHaveLength(1);
    expect(expenses.filter((e) => e.status === 'rejected')).toHaveLength(1);
    for (const e of expenses) expect(e.evidence).toHaveLength(1);
    const file = await ledger.evidence(
      expenses.find((e) => e.status === 'approved')!.evidence[0]!.sha256,
      true,
    );
    expect(Buffer.from(file.content).subarray(0, 8).toString()).toBe('%PDF-1.4');

    // Every gift that paid for something shows it; every entry is in a signed checkpoint.
    const spent = donations.items.find((d) => d.spentMinor > 0)!;
    const trace = await ledger.trace(spent.receiptCode);
    expect(trace.allocations.some((a) => a.kind === 'expense' && a.expense !== null)).toBe(true);
    const size = await log.size();
    expect((await log.latestCheckpoint())?.size).toBe(size);
    const receipt = await log.receipt(spent.logIndex);
    await verifyTlogProof(receipt, {
      origin: log.origin,
      verifiers: [createNoteVerifier(log.verifierKey)],
      leafHash: (extra) => nodeHasher.hashLeaf(extra!),
    });
    const entries: Uint8Array[] = [];
    for (let i = 0; i < size; i++) entries.push((await log.entry(i))!);
    expect(checkLedgerInvariants(entries)).toEqual([]);
    // A year of demo history does not message every donor at the first start.
    const pending = await t.store.db
      .selectFrom('ledger_outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .execute();
    expect(pending).toHaveLength(0);
    const balances = await ledger.balances();
    expect(balances.reduce((s, b) => s + b.balanceMinor, 0)).toBe(0);
  });
});
