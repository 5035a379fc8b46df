import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../store';
import { ENGINES, createTestStore, type TestStore } from '../store/testing';
import { TransparencyLog } from '../transparency';
import { checkLedgerInvariants, decodeLedgerEntry, encodeLedgerEntry } from './entries';
import { LedgerService, type EventPublisher } from './ledger-service';
import { splitFifo, splitProRata } from './allocation';

describe('allocation arithmetic', () => {
  it('splits oldest first', () => {
    expect(
      splitFifo(700, [
        { id: 'a', available: 500 },
        { id: 'b', available: 500 },
        { id: 'c', available: 500 },
      ]),
    ).toEqual([
      { id: 'a', amount: 500 },
      { id: 'b', amount: 200 },
    ]);
    expect(splitFifo(2000, [{ id: 'a', available: 500 }])).toEqual([{ id: 'a', amount: 500 }]);
  });
  it('splits pro rata exactly, remainders to the largest fractions', () => {
    const parts = splitProRata(100, [
      { id: 'a', available: 1 },
      { id: 'b', available: 1 },
      { id: 'c', available: 1 },
    ]);
    expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(3);
    const parts2 = splitProRata(1000, [
      { id: 'a', available: 3333 },
      { id: 'b', available: 3333 },
      { id: 'c', available: 3334 },
    ]);
    expect(parts2.reduce((s, p) => s + p.amount, 0)).toBe(1000);
    expect(parts2.map((p) => p.amount)).toEqual([333, 333, 334]);
    for (let trial = 0; trial < 200; trial++) {
      const sources = Array.from({ length: 1 + (trial % 7) }, (_, i) => ({
        id: `s${i}`,
        available: 1 + ((trial * 37 + i * 101) % 997),
      }));
      const need = 1 + ((trial * 53) % 2000);
      const split = splitProRata(need, sources);
      const total = sources.reduce((s, x) => s + x.available, 0);
      expect(split.reduce((s, p) => s + p.amount, 0)).toBe(Math.min(need, total));
      for (const p of split)
        expect(p.amount).toBeLessThanOrEqual(sources.find((s) => s.id === p.id)!.available);
    }
  });
});

describe.each(ENGINES)('ledger on %s', (engine) => {
  let t: TestStore;
  let log: TransparencyLog;
  let ledger: LedgerService;
  let project: string;
  let other: string;
  let campaign: string;
  let seq = 0;
  const gift = (
    gross: number,
    fee: number,
    extra: Partial<Parameters<LedgerService['recordDonation']>[0]> = {},
  ) =>
    ledger.recordDonation({
      grossMinor: gross,
      feeMinor: fee,
      currency: 'EUR',
      receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      provider: 'test',
      providerPaymentId: `pay_${++seq}`,
      projectId: project,
      ...extra,
    });

  beforeAll(async () => {
    t = await createTestStore(engine);
    log = await TransparencyLog.open(t.store, { publicUrl: 'https://ledger.test' });
    ledger = new LedgerService({ store: t.store, log });
    const now = new Date().toISOString();
    project = 'prj_meals';
    other = 'prj_school';
    campaign = 'cmp_winter';
    await t.store.db
      .insertInto('projects')
      .values([
        { id: project, slug: 'meals', name: 'Meals', description: '', created_at: now },
        { id: other, slug: 'school', name: 'School', description: '', created_at: now },
      ])
      .execute();
    await t.store.db
      .insertInto('campaigns')
      .values({
        id: campaign,
        slug: 'winter',
        name: 'Winter',
        description: '',
        goal_minor: 100000,
        currency: 'EUR',
        status: 'active',
        starts_at: null,
        ends_at: null,
        created_at: now,
      })
      .execute();
  });
  afterAll(async () => {
    await t.dispose();
  });

  const expense = (amount: number, extra: Partial<Parameters<LedgerService['createExpense']>[0]> = {}) =>
    ledger.createExpense(
      {
        payee: 'Cucina Bologna srl',
        spentOn: '2026-02-01',
        amountMinor: amount,
        currency: 'EUR',
        category: 'food',
        description: 'School meals',
        projectId: project,
        evidence: [
          {
            filename: 'invoice.txt',
            mimeType: 'text/plain',
            content: new TextEncoder().encode(`invoice ${amount} ${++seq}`),
          },
        ],
        ...extra,
      },
      'usr_acc',
    );

  it('records a donation with balanced postings, once per provider payment', async () => {
    const first = await gift(1000, 40);
    expect(first.created).toBe(true);
    expect(first.donation).toMatchObject({
      grossMinor: 1000,
      feeMinor: 40,
      netMinor: 960,
      unspentMinor: 960,
      restriction: 'project',
    });
    expect(first.donation.receiptCode.length).toBeGreaterThanOrEqual(22);
    const again = await ledger.recordDonation({
      grossMinor: 1000,
      feeMinor: 40,
      currency: 'EUR',
      receivedAt: '2026-01-01T00:00:00Z',
      provider: 'test',
      providerPaymentId: first.donation.providerPaymentId,
      projectId: project,
    });
    expect(again).toMatchObject({ created: false, donation: { id: first.donation.id } });
    await expect(
      ledger.recordDonation({
        grossMinor: 999,
        feeMinor: 40,
        currency: 'EUR',
        receivedAt: '2026-01-01T00:00:00Z',
        provider: 'test',
        providerPaymentId: first.donation.providerPaymentId,
        projectId: project,
      }),
    ).rejects.toMatchObject({ code: 'DONATION_CONFLICT' });
    await expect(gift(10.5, 0)).rejects.toMatchObject({ code: 'DONATION_INVALID' });
    await expect(gift(100, 200)).rejects.toMatchObject({ code: 'DONATION_INVALID' });
  });

  it('funds an approved expense oldest first, partially, and tops it up when a gift arrives', async () => {
    const b = await gift(500, 0);
    const draft = await expense(2000);
    expect(draft.status).toBe('draft');
    const approved = await ledger.approveExpense(draft.id, 'usr_acc');
    expect(approved).toMatchObject({ status: 'approved', fundedMinor: 960 + 500, underfunded: true });
    await expect(ledger.approveExpense(draft.id, 'usr_acc')).rejects.toMatchObject({
      code: 'EXPENSE_NOT_DRAFT',
    });
    const c = await gift(1000, 0);
    const topped = await ledger.getExpense(draft.id);
    expect(topped).toMatchObject({ fundedMinor: 2000, underfunded: false });
    expect((await ledger.getDonation(c.donation.id)).unspentMinor).toBe(1000 - 540);
    expect((await ledger.getDonation(b.donation.id)).unspentMinor).toBe(0);
    const trace = await ledger.trace(c.donation.receiptCode);
    expect(trace.allocations).toEqual([
      expect.objectContaining({
        kind: 'expense',
        amountMinor: 540,
        expense: expect.objectContaining({ id: draft.id, description: 'School meals' }),
      }),
    ]);
    expect(trace.allocations[0]!.expense!.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('falls back to unrestricted money only when the expense allows it', async () => {
    const u = await gift(300, 0, { projectId: null });
    const none = await ledger.approveExpense(
      (await expense(250, { projectId: other, fallback: 'none' })).id,
      'usr_acc',
    );
    expect(none.fundedMinor).toBe(0);
    const yes = await ledger.approveExpense((await expense(250, { projectId: other })).id, 'usr_acc');
    expect(yes.fundedMinor).toBe(250);
    expect((await ledger.getDonation(u.donation.id)).unspentMinor).toBe(50);
  });

  it('splits pro rata across eligible gifts when asked', async () => {
    const g1 = await gift(600, 0, { projectId: null, campaignId: campaign });
    const g2 = await gift(300, 0, { projectId: null, campaignId: campaign });
    const e = await ledger.approveExpense(
      (await expense(300, { projectId: null, campaignId: campaign, method: 'prorata', fallback: 'none' })).id,
      'usr_acc',
    );
    expect(e.fundedMinor).toBe(300);
    expect((await ledger.getDonation(g1.donation.id)).unspentMinor).toBe(400);
    expect((await ledger.getDonation(g2.donation.id)).unspentMinor).toBe(200);
  });

  it('reverses allocations a refund no longer covers and re-funds them from other money; flags underfunding', async () => {
    const p = 'prj_refund';
    await t.store.db
      .insertInto('projects')
      .values({
        id: p,
        slug: 'refund',
        name: 'Refund',
        description: '',
        created_at: new Date().toISOString(),
      })
      .execute();
    const a = await gift(1000, 0, { projectId: p });
    const e = await ledger.approveExpense(
      (await expense(800, { projectId: p, fallback: 'none' })).id,
      'usr_acc',
    );
    expect(e.fundedMinor).toBe(800);
    const b = await gift(500, 0, { projectId: p }); // unspent reserve for the same project
    // A partial refund that still leaves enough: nothing is reversed.
    await ledger.refundDonation(a.donation.id, { amountMinor: 200, providerRefundId: 're_1' });
    expect((await ledger.getExpense(e.id)).fundedMinor).toBe(800);
    // Refunding the rest: the allocation is reversed and re-funded from gift b (500), leaving 300 short.
    await ledger.refundDonation(a.donation.id, { amountMinor: 800, providerRefundId: 're_2' });
    const after = await ledger.getExpense(e.id);
    expect(after).toMatchObject({ fundedMinor: 500, underfunded: true });
    expect((await ledger.getDonation(a.donation.id)).unspentMinor).toBe(0);
    expect((await ledger.getDonation(b.donation.id)).unspentMinor).toBe(0);
    // The same refund again changes nothing; a refund beyond the gift is refused.
    expect(
      await ledger.refundDonation(a.donation.id, { amountMinor: 800, providerRefundId: 're_2' }),
    ).toMatchObject({ created: false });
    await expect(
      ledger.refundDonation(a.donation.id, { amountMinor: 1, providerRefundId: 're_3' }),
    ).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_DONATION' });
  });

  it('covers a fee already paid when the whole gift is refunded', async () => {
    const g = await gift(1000, 50, { projectId: other });
    await ledger.refundDonation(g.donation.id, { amountMinor: 1000, providerRefundId: 're_full' });
    expect((await ledger.getDonation(g.donation.id)).unspentMinor).toBe(0);
  });

  it('keeps every transaction balanced and the books consistent with the log', async () => {
    const unbalanced = await sql<{
      transaction_id: string;
    }>`select transaction_id from ledger_postings group by transaction_id, currency having sum(amount_minor) <> 0`.execute(
      t.store.db,
    );
    expect(unbalanced.rows).toEqual([]);
    const total = await sql<{
      s: number | string;
    }>`select coalesce(sum(amount_minor), 0) as s from ledger_postings`.execute(t.store.db);
    expect(Number(total.rows[0]!.s)).toBe(0);
    await log.integrateAll();
    const entries = (await t.store.db.selectFrom('tlog_entries').select('data').orderBy('idx').execute()).map(
      (r) => new Uint8Array(r.data),
    );
    expect(entries.length).toBeGreaterThan(20);
    expect(checkLedgerInvariants(entries)).toEqual([]);
    for (const e of entries) {
      const text = new TextDecoder().decode(e);
      expect(text).not.toMatch(/@|usr_|Cucina/); // no personal data, no user ids, no payee names
    }
  });

  it('detects a tampered entry list (an allocation beyond its gift, a missing donation)', () => {
    const donation = encodeLedgerEntry({
      type: 'donation.received',
      id: 'd1',
      at: '2026-01-01T00:00:00Z',
      gross: 100,
      fee: 0,
      net: 100,
      currency: 'EUR',
      restriction: 'unrestricted',
      project: null,
      campaign: null,
      donor: null,
    });
    const expenseEntry = encodeLedgerEntry({
      type: 'expense.approved',
      id: 'e1',
      at: '2026-01-02T00:00:00Z',
      amount: 500,
      currency: 'EUR',
      category: 'food',
      project: null,
      campaign: null,
      description: 'x',
      evidence: [],
    });
    const over = encodeLedgerEntry({
      type: 'donation.allocated',
      id: 'a1',
      donation: 'd1',
      expense: 'e1',
      kind: 'expense',
      amount: 150,
      currency: 'EUR',
      at: '2026-01-02T00:00:00Z',
      reverses: null,
    });
    const ghost = encodeLedgerEntry({
      type: 'donation.allocated',
      id: 'a2',
      donation: 'nope',
      expense: 'e1',
      kind: 'expense',
      amount: 1,
      currency: 'EUR',
      at: '2026-01-02T00:00:00Z',
      reverses: null,
    });
    const problems = checkLedgerInvariants([donation, expenseEntry, over, ghost]);
    expect(problems).toContainEqual(expect.objectContaining({ index: 2 }));
    expect(problems).toContainEqual(expect.objectContaining({ index: 3 }));
    expect(checkLedgerInvariants([new TextEncoder().encode('hello')])).toEqual([
      { index: 0, message: 'not a version-1 Filo ledger entry' },
    ]);
    expect(decodeLedgerEntry(donation)).toMatchObject({ type: 'donation.received', gross: 100 });
  });

  it('erases a donor without touching the log: the commitment stays, the opening goes', async () => {
    const contactId = 'con_erase_me';
    await t.store.db
      .insertInto('contacts')
      .values({
        id: contactId,
        display_name: 'X',
        email: 'x@example.org',
        phone: null,
        language: 'it',
        time_zone: 'Europe/Rome',
        country: 'IT',
        created_at: '2026-01-01',
        updated_at: '2026-01-01',
        erased_at: null,
      })
      .execute();
    const g = await gift(700, 0, { contactId });
    const opening = await ledger.donorOpening(contactId);
    expect(opening).toMatch(/^[0-9a-f]{64}$/);
    const before = (
      await t.store.db.selectFrom('tlog_entries').select(['idx', 'data']).orderBy('idx').execute()
    ).map((r) => Buffer.from(r.data).toString('hex'));
    const entry = decodeLedgerEntry(
      new Uint8Array(
        (
          await t.store.db
            .selectFrom('tlog_entries')
            .select('data')
            .where('idx', '=', g.donation.logIndex)
            .executeTakeFirstOrThrow()
        ).data,
      ),
    );
    expect(entry).toMatchObject({ type: 'donation.received' });
    const { createHmac } = await import('node:crypto');
    expect((entry as { donor: string }).donor).toBe(
      createHmac('sha256', Buffer.from(opening!, 'hex')).update(contactId).digest('hex'),
    );
    await ledger.eraseDonor(contactId);
    expect(await ledger.donorOpening(contactId)).toBeUndefined();
    const after = (
      await t.store.db.selectFrom('tlog_entries').select(['idx', 'data']).orderBy('idx').execute()
    ).map((r) => Buffer.from(r.data).toString('hex'));
    expect(after).toEqual(before);
    expect((await ledger.getDonation(g.donation.id)).grossMinor).toBe(700);
  });

  it('publishes every event through the outbox exactly once, across a crash in the middle', async () => {
    const published = new Map<string, string>();
    let failAfter = 3;
    const flaky: EventPublisher = {
      async publish(name, _payload, { id }) {
        if (failAfter-- <= 0) throw new Error('queue went away');
        published.set(id, name);
      },
    };
    await expect(ledger.flushOutbox(flaky)).rejects.toThrow('queue went away');
    expect(published.size).toBe(3);
    const steady: EventPublisher = {
      async publish(name, _payload, { id }) {
        expect(published.has(id)).toBe(false);
        published.set(id, name);
      },
    };
    while ((await ledger.flushOutbox(steady, 50)) > 0);
    const pending = await t.store.db
      .selectFrom('ledger_outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .execute();
    expect(pending).toEqual([]);
    const total = await t.store.db.selectFrom('ledger_outbox').select('id').execute();
    expect(published.size).toBe(total.length);
    expect(new Set(published.values())).toEqual(
      new Set(['donation.received', 'donation.allocated', 'expense.approved', 'donation.refunded']),
    );
  });

  it('publishes a batch inside its own transaction: a failure marks nothing sent, the retry sends each once', async () => {
    await gift(900, 30);
    const pendingIds = async () =>
      (await t.store.db.selectFrom('ledger_outbox').select('id').where('sent_at', 'is', null).execute()).map(
        (r) => r.id,
      );
    const before = await pendingIds();
    expect(before.length).toBeGreaterThan(0);
    const published: string[] = [];
    let committed = 0;
    const failing: EventPublisher = {
      publish: async () => {
        throw new Error('not used when publishWithin exists');
      },
      publishWithin: async (_trx, events) => {
        published.push(...events.map((e) => e.id));
        throw new Error('queue insert failed');
      },
    };
    await expect(ledger.flushOutbox(failing)).rejects.toThrow('queue insert failed');
    expect(await pendingIds()).toEqual(before);
    published.length = 0;
    const batched: EventPublisher = {
      publish: async () => {
        throw new Error('not used when publishWithin exists');
      },
      publishWithin: async (trx, events) => {
        // Inside the flush's transaction: the rows are not yet marked sent.
        const stillPending = await trx
          .selectFrom('ledger_outbox')
          .select('id')
          .where('sent_at', 'is', null)
          .execute();
        expect(stillPending.length).toBeGreaterThanOrEqual(events.length);
        published.push(...events.map((e) => e.id));
      },
      published: () => {
        committed += 1;
      },
    };
    while ((await ledger.flushOutbox(batched, 2)) > 0);
    expect(await pendingIds()).toEqual([]);
    expect(new Set(published).size).toBe(published.length);
    expect(published).toEqual(expect.arrayContaining(before));
    expect(committed).toBeGreaterThanOrEqual(Math.ceil(before.length / 2));
  });

  it('never allocates the same euro twice when approvals race', async () => {
    const p = 'prj_race';
    await t.store.db
      .insertInto('projects')
      .values({ id: p, slug: 'race', name: 'Race', description: '', created_at: new Date().toISOString() })
      .execute();
    await gift(1000, 0, { projectId: p });
    const drafts = await Promise.all(
      Array.from({ length: 6 }, () => expense(400, { projectId: p, fallback: 'none' })),
    );
    await Promise.all(drafts.map((d) => ledger.approveExpense(d.id, 'usr_acc')));
    const funded = await Promise.all(drafts.map((d) => ledger.getExpense(d.id)));
    expect(funded.reduce((s, e) => s + e.fundedMinor, 0)).toBe(1000);
  });

  it('summarises in SQL exactly what the gifts add up to one by one, and is fresh after every write', async () => {
    const check = async () => {
      const summary = await ledger.summary();
      const gifts = await ledger.available({});
      const refunded = gifts.reduce((s, d) => s + d.refunded, 0);
      expect(summary.totals.donations).toBe(gifts.length);
      expect(summary.totals.refundedMinor).toBe(refunded);
      expect(summary.totals.raisedMinor).toBe(gifts.reduce((s, d) => s + d.gross, 0) - refunded);
      expect(summary.totals.unspentMinor).toBe(gifts.reduce((s, d) => s + d.available, 0));
      for (const row of summary.projects) {
        const mine = gifts.filter((d) => d.restriction === 'project' && d.project_id === row.projectId);
        expect(row.donations).toBe(mine.length);
        expect(row.unspentMinor).toBe(mine.reduce((s, d) => s + d.available, 0));
      }
      const byCampaign = gifts.filter((d) => d.campaign_id === campaign);
      expect(summary.campaigns.find((c) => c.campaignId === campaign)?.raisedMinor).toBe(
        byCampaign.reduce((s, d) => s + d.gross - d.refunded, 0),
      );
      // Every euro spent or paid in fees left some donation (covers from unrestricted money are not uses).
      const used = gifts.reduce((s, d) => s + d.allocated, 0);
      expect(summary.totals.spentMinor + summary.totals.feesMinor).toBe(used);
      return summary;
    };
    const before = await check();
    await ledger.recordDonations([
      {
        grossMinor: 700,
        feeMinor: 30,
        currency: 'EUR',
        receivedAt: '2026-03-01T00:00:00Z',
        provider: 'test',
        providerPaymentId: 'pay_summary_1',
        projectId: other,
      },
      {
        grossMinor: 300,
        feeMinor: 0,
        currency: 'EUR',
        receivedAt: '2026-03-01T00:00:01Z',
        provider: 'test',
        providerPaymentId: 'pay_summary_2',
      },
    ]);
    const after = await check();
    expect(after.totals.donations).toBe(before.totals.donations + 2);
    expect(after.totals.raisedMinor).toBe(before.totals.raisedMinor + 1000);
    expect(after.totals.feesMinor).toBe(before.totals.feesMinor + 30);
  });
});
