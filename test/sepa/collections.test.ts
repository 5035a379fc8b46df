import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPain008, type Pain008Input } from '../../src/payments/sepa';
import { ENGINES } from '../../src/store/testing';
import { upload, waitForImport } from '../reconciliation/support';
import { CREDITOR, api, count, sepaApp, signMandate, signTwoDonors, type SepaTestApp } from './support';

// Collections end to end on both engines: batches of what is due (FRST, then RCUR), never twice for a
// month; the pain.008.001.02 file as the bank gets it; settlement into the ledger exactly once;
// returns that fail a collection, reverse its gift, end or keep the mandate and queue the donor's
// notice; a bank statement that settles and returns collections by their EndToEndId; a pause that
// withdraws what was not sent yet; erasure; mandates that expire after 36 months unused.

interface BatchBody {
  id: string;
  messageId: string;
  status: string;
  numberOfTransactions: number;
  controlSumMinor: number;
  collections: Array<{
    id: string;
    mandateId: string;
    mandateReference: string;
    endToEndId: string;
    paymentInfoId: string;
    sequence: string;
    dueOn: string;
    amountMinor: number;
    status: string;
    donationId: string | null;
  }>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'DrctDbtTxInf', 'AdrLine'].includes(name),
});

async function createBatch(t: SepaTestApp, period?: string) {
  const res = await api(t, 'POST', '/api/v1/sepa/batches', period ? { period } : {});
  return { statusCode: res.statusCode, body: res.json() as { created: boolean; batch: BatchBody | null } };
}

async function download(t: SepaTestApp, batchId: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/sepa/batches/${batchId}/pain.008.xml`,
    headers: { authorization: `Bearer ${t.keys.accountant}` },
  });
  return res;
}

describe.each(ENGINES)('SEPA collections on %s', (engine) => {
  let t: SepaTestApp;
  let a: { reference: string; manageUrl: string };
  let b: { reference: string; manageUrl: string };

  beforeEach(async () => {
    t = await sepaApp(engine);
    // Monday 2 March 2026: two donors sign for the 15th (a Sunday in March: collected Monday 16th).
    ({ a, b } = await signTwoDonors(t));
  });

  afterEach(async () => {
    await t.dispose();
  });

  async function marchBatch(): Promise<BatchBody> {
    t.clock.set('2026-03-10T08:00:00.000Z');
    const res = await createBatch(t);
    expect(res.statusCode).toBe(201);
    return res.body.batch!;
  }

  it('batches what is due, FRST first then RCUR, never twice for a month, in a pain.008.001.02 file', async () => {
    // Before the pre-notification period is over nothing is due.
    t.clock.set('2026-03-05T08:00:00.000Z');
    expect((await createBatch(t)).body).toEqual({ created: false, batch: null });

    const march = await marchBatch();
    expect(march).toMatchObject({ status: 'open', numberOfTransactions: 2, controlSumMinor: 1500 });
    expect(march.collections.map((c) => [c.mandateReference, c.sequence, c.dueOn, c.amountMinor])).toEqual(
      expect.arrayContaining([
        [a.reference, 'FRST', '2026-03-16', 1000],
        [b.reference, 'FRST', '2026-03-16', 500],
      ]),
    );
    // Again, by the window or for the whole month: nothing new, no second collection.
    expect((await createBatch(t)).body).toEqual({ created: false, batch: null });
    expect((await createBatch(t, '2026-03')).body).toEqual({ created: false, batch: null });
    expect(await count(t, 'sepa_collections')).toBe(2);
    expect(await count(t, 'sepa_batches')).toBe(1);

    const file = await download(t, march.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${march.messageId}.xml"`);
    const doc = parser.parse(file.body).Document.CstmrDrctDbtInitn;
    expect(doc.GrpHdr).toMatchObject({ MsgId: march.messageId, NbOfTxs: '2', CtrlSum: '15.00' });
    expect(doc.GrpHdr.InitgPty.Nm).toBe(CREDITOR.creditorName);
    expect(doc.PmtInf).toHaveLength(1);
    const block = doc.PmtInf[0];
    expect(block).toMatchObject({
      PmtMtd: 'DD',
      NbOfTxs: '2',
      CtrlSum: '15.00',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: 'FRST' },
      ReqdColltnDt: '2026-03-16',
      Cdtr: { Nm: CREDITOR.creditorName },
      CdtrAcct: { Id: { IBAN: CREDITOR.creditorIban } },
      CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: CREDITOR.creditorId, SchmeNm: { Prtry: 'SEPA' } } } } },
    });
    const txs = block.DrctDbtTxInf as Array<Record<string, any>>;
    const byRef = new Map(txs.map((x) => [x.DrctDbtTx.MndtRltdInf.MndtId, x]));
    expect(byRef.get(a.reference)).toMatchObject({
      InstdAmt: { '#text': '10.00', '@_Ccy': 'EUR' },
      DrctDbtTx: { MndtRltdInf: { DtOfSgntr: '2026-03-02' } },
      Dbtr: { Nm: 'Juergen Mueller' },
      DbtrAcct: { Id: { IBAN: 'DE89370400440532013000' } },
      RmtInf: { Ustrd: `Monatliche Spende - 2026-03 - Un pasto per tutti - ${CREDITOR.creditorName}` },
    });
    expect(byRef.get(b.reference)).toMatchObject({
      InstdAmt: { '#text': '5.00' },
      DbtrAcct: { Id: { IBAN: 'IT60X0542811101000000123456' } },
      RmtInf: { Ustrd: `Dono mensile - 2026-03 - Un pasto per tutti - ${CREDITOR.creditorName}` },
    });
    // The same file twice, byte for byte.
    expect((await download(t, march.id)).body).toBe(file.body);
    // Settled, so the next collections of these mandates are RCUR.
    expect((await api(t, 'POST', `/api/v1/sepa/batches/${march.id}/settle`)).statusCode).toBe(200);

    // A third donor signs on 20 March for the 15th: first collection 15 April (14 days' notice).
    t.clock.set('2026-03-20T09:00:00.000Z');
    const c = await signMandate(t, { email: 'third@example.org', name: 'Terzo Donatore', amountMinor: 2000 });
    expect(c.firstCollectionDate).toBe('2026-04-15');
    t.clock.set('2026-03-25T09:00:00.000Z');
    const april = (await createBatch(t, '2026-04')).body.batch!;
    expect(april.numberOfTransactions).toBe(3);
    const aprilDoc = parser.parse((await download(t, april.id)).body).Document.CstmrDrctDbtInitn;
    expect(aprilDoc.GrpHdr).toMatchObject({ NbOfTxs: '3', CtrlSum: '35.00' });
    expect(aprilDoc.PmtInf.map((p: any) => [p.PmtTpInf.SeqTp, p.ReqdColltnDt, p.NbOfTxs, p.CtrlSum])).toEqual(
      [
        ['FRST', '2026-04-15', '1', '20.00'],
        ['RCUR', '2026-04-15', '2', '15.00'],
      ],
    );
    expect(aprilDoc.PmtInf[0].DrctDbtTxInf[0].DrctDbtTx.MndtRltdInf.MndtId).toBe(c.reference);

    // The file is exactly what the pinned builder makes of the batch's collections.
    const mandates = await t.t.store.db.selectFrom('sepa_mandates').selectAll().execute();
    const m = new Map(mandates.map((x) => [x.id, x]));
    const row = await t.t.store.db
      .selectFrom('sepa_batches')
      .selectAll()
      .where('id', '=', april.id)
      .executeTakeFirstOrThrow();
    const groups = new Map<string, Pain008Input['groups'][number] & { transactions: any[] }>();
    for (const col of april.collections) {
      const mandate = m.get(col.mandateId)!;
      const g = groups.get(col.paymentInfoId) ?? {
        paymentInfoId: col.paymentInfoId,
        sequence: col.sequence as 'FRST' | 'RCUR',
        dueOn: col.dueOn,
        transactions: [],
      };
      g.transactions.push({
        endToEndId: col.endToEndId,
        amountMinor: col.amountMinor,
        mandateReference: col.mandateReference,
        mandateSignedOn: mandate.signed_on,
        debtorName: mandate.debtor_name!,
        debtorIban: mandate.debtor_iban!,
        debtorBic: null,
        debtorAddress: null,
        remittance: `${mandate.language === 'de' ? 'Monatliche Spende' : 'Dono mensile'} - 2026-04 - Un pasto per tutti - ${CREDITOR.creditorName}`,
      });
      groups.set(col.paymentInfoId, g);
    }
    expect((await download(t, april.id)).body).toBe(
      buildPain008({
        messageId: april.messageId,
        createdAt: row.created_at,
        creditor: {
          name: CREDITOR.creditorName,
          id: CREDITOR.creditorId,
          iban: CREDITOR.creditorIban,
          bic: null,
        },
        groups: [...groups.values()],
      }),
    );
  });

  it('records each settled collection in the ledger exactly once, however often settled', async () => {
    const march = await marchBatch();
    const settle = () => api(t, 'POST', `/api/v1/sepa/batches/${march.id}/settle`);
    const first = await settle();
    expect(first.statusCode).toBe(200);
    const [again, concurrent] = await Promise.all([settle(), settle()]);
    expect(again.statusCode).toBe(200);
    expect(concurrent.statusCode).toBe(200);
    expect(again.json().collections).toEqual(first.json().collections);
    const gifts = await t.t.store.db
      .selectFrom('donations')
      .selectAll()
      .where('provider', '=', 'sepa-dd')
      .orderBy('gross_minor')
      .execute();
    expect(gifts).toHaveLength(2);
    expect(await count(t, 'donations')).toBe(2);
    const mandates = await t.t.store.db
      .selectFrom('sepa_mandates')
      .select(['reference', 'contact_id'])
      .execute();
    const contactOf = new Map(mandates.map((x) => [x.reference, x.contact_id]));
    const cols = first.json().collections as BatchBody['collections'];
    for (const [gift, reference] of [
      [gifts[0]!, b.reference],
      [gifts[1]!, a.reference],
    ] as const) {
      const col = cols.find((x) => x.mandateReference === reference)!;
      expect(gift).toMatchObject({
        fee_minor: 0,
        currency: 'EUR',
        received_at: '2026-03-16T12:00:00.000Z',
        restriction: 'campaign',
        campaign_id: t.campaignId,
        contact_id: contactOf.get(reference),
        provider_payment_id: col.endToEndId,
        provider_event_id: march.messageId,
      });
      expect(Number(gift.gross_minor)).toBe(col.amountMinor);
      expect(col).toMatchObject({ status: 'settled', donationId: gift.id });
    }
    expect(first.json()).toMatchObject({ status: 'settled', counts: { settled: 2, pending: 0 } });
  });

  it('fails a returned collection: MD01 ends the mandate, AM04 reverses the gift and keeps it for next month', async () => {
    const march = await marchBatch();
    const colA = march.collections.find((c) => c.mandateReference === a.reference)!;
    const colB = march.collections.find((c) => c.mandateReference === b.reference)!;

    // B comes back before settlement: no mandate (MD01).
    const md01 = await api(t, 'POST', `/api/v1/sepa/collections/${colB.id}/return`, {
      reason: 'MD01',
      returnedOn: '2026-03-17',
    });
    expect(md01.statusCode).toBe(200);
    expect(md01.json()).toMatchObject({ status: 'failed', returnReason: 'MD01', returnedOn: '2026-03-17' });
    const mandateB = await t.t.store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('reference', '=', b.reference)
      .executeTakeFirstOrThrow();
    expect(mandateB).toMatchObject({ status: 'cancelled', status_reason: 'return:MD01' });
    const goodbye = await t.queue!.getJob(`payments.notify.sepa-cancelled.return.${colB.id}`);
    expect(goodbye?.payload).toMatchObject({
      kind: 'subscription.cancelled',
      contactId: mandateB.contact_id,
      amountMinor: 500,
    });

    // Settling records A only.
    await api(t, 'POST', `/api/v1/sepa/batches/${march.id}/settle`);
    expect(await count(t, 'donations')).toBe(1);

    // A comes back after settlement for lack of funds (AM04): the gift is reversed, the mandate stays.
    const am04 = await api(t, 'POST', `/api/v1/sepa/collections/${colA.id}/return`, {
      reason: 'am04',
      returnedOn: '2026-03-19',
    });
    expect(am04.json()).toMatchObject({ status: 'failed', returnReason: 'AM04' });
    const refunds = await t.t.store.db.selectFrom('donation_refunds').selectAll().execute();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ provider_refund_id: `sepa-return:${colA.endToEndId}` });
    expect(Number(refunds[0]!.amount_minor)).toBe(1000);
    const mandateA = await t.t.store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('reference', '=', a.reference)
      .executeTakeFirstOrThrow();
    expect(mandateA.status).toBe('active');
    const notice = await t.queue!.getJob(`payments.notify.sepa-failed.${colA.id}`);
    expect(notice?.payload).toMatchObject({
      kind: 'payment.failed',
      contactId: mandateA.contact_id,
      language: 'de',
      amountMinor: 1000,
      currency: 'EUR',
      reason: 'AM04',
      manageUrl: a.manageUrl,
    });
    // The donor's page says the last payment failed.
    const token = a.manageUrl.split('/donate/manage/')[1]!;
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/public/recurring/${token}` })).json().status,
    ).toBe('past_due');

    // The same return again changes nothing; another reason is a conflict; an unknown one is refused.
    expect(
      (await api(t, 'POST', `/api/v1/sepa/collections/${colA.id}/return`, { reason: 'AM04' })).statusCode,
    ).toBe(200);
    const conflict = await api(t, 'POST', `/api/v1/sepa/collections/${colA.id}/return`, { reason: 'AC04' });
    expect([conflict.statusCode, conflict.json().code]).toEqual([409, 'SEPA_COLLECTION_ALREADY_RETURNED']);
    const unknown = await api(t, 'POST', `/api/v1/sepa/collections/${colA.id}/return`, { reason: 'ZZ99' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'SEPA_RETURN_REASON_UNKNOWN']);
    expect(await t.t.store.db.selectFrom('donation_refunds').selectAll().execute()).toHaveLength(1);

    // Next month: A again — FRST, since its first collection never went through — and not B.
    t.clock.set('2026-03-25T09:00:00.000Z');
    const april = (await createBatch(t, '2026-04')).body.batch!;
    expect(april.collections.map((c) => [c.mandateReference, c.sequence])).toEqual([[a.reference, 'FRST']]);

    // AC04 (account closed) ends a mandate too.
    const ac04 = await api(t, 'POST', `/api/v1/sepa/collections/${april.collections[0]!.id}/return`, {
      reason: 'AC04',
    });
    expect(ac04.statusCode).toBe(200);
    const ended = await t.t.store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('reference', '=', a.reference)
      .executeTakeFirstOrThrow();
    expect(ended).toMatchObject({ status: 'cancelled', status_reason: 'return:AC04' });
  });

  it('settles and returns collections from a camt.053 statement by their EndToEndId', async () => {
    const march = await marchBatch();
    const colA = march.collections.find((c) => c.mandateReference === a.reference)!;
    const colB = march.collections.find((c) => c.mandateReference === b.reference)!;
    await t.queue!.start();
    const statement = camt053([
      {
        ref: '1',
        amount: '15.00',
        ind: 'CRDT',
        date: '2026-03-16',
        txs: [
          {
            e2e: colA.endToEndId,
            amount: '10.00',
            name: 'MUELLER JUERGEN',
            iban: 'DE89370400440532013000',
            text: 'Monatliche Spende',
          },
          {
            e2e: colB.endToEndId,
            amount: '5.00',
            name: 'BIANCHI LUCIA',
            iban: 'IT60X0542811101000000123456',
            text: 'Dono mensile',
          },
        ],
      },
      {
        ref: '2',
        amount: '5.00',
        ind: 'DBIT',
        date: '2026-03-18',
        txs: [
          {
            e2e: colB.endToEndId,
            amount: '5.00',
            name: 'BIANCHI LUCIA',
            iban: 'IT60X0542811101000000123456',
            text: 'RUECKLASTSCHRIFT AM04 FONDI INSUFFICIENTI',
          },
        ],
      },
    ]);
    const up = await upload(t.app, t.keys.accountant, Buffer.from(statement), 'statement.xml');
    expect(up.statusCode).toBe(202);
    const done = await waitForImport(t.app, t.keys.accountant, up.body.id);
    expect(done.status).toBe('completed');

    const after = (await api(t, 'GET', `/api/v1/sepa/batches/${march.id}`)).json() as BatchBody;
    const byId = new Map(after.collections.map((c) => [c.id, c]));
    expect(byId.get(colA.id)).toMatchObject({ status: 'settled' });
    expect(byId.get(colB.id)).toMatchObject({ status: 'failed' });
    const failedB = await t.t.store.db
      .selectFrom('sepa_collections')
      .selectAll()
      .where('id', '=', colB.id)
      .executeTakeFirstOrThrow();
    expect(failedB).toMatchObject({ return_reason: 'AM04', returned_on: '2026-03-18' });
    // Two direct-debit gifts (B's reversed), no bank-transfer gift, the entries marked as ours.
    const gifts = await t.t.store.db.selectFrom('donations').select(['provider']).execute();
    expect(gifts.map((g) => g.provider)).toEqual(['sepa-dd', 'sepa-dd']);
    expect(await t.t.store.db.selectFrom('donation_refunds').selectAll().execute()).toHaveLength(1);
    const entries = await t.t.store.db
      .selectFrom('bank_entries')
      .select(['direction', 'status', 'match_method', 'match_note'])
      .execute();
    const order = (x: { direction: string; match_note: string | null }, y: typeof x) =>
      `${x.direction}${x.match_note}`.localeCompare(`${y.direction}${y.match_note}`);
    expect(entries.sort(order)).toEqual(
      [
        {
          direction: 'credit',
          status: 'ignored',
          match_method: 'direct-debit',
          match_note: `sepa-collection:${colA.endToEndId}`,
        },
        {
          direction: 'credit',
          status: 'ignored',
          match_method: 'direct-debit',
          match_note: `sepa-collection:${colB.endToEndId}`,
        },
        { direction: 'debit', status: 'debit', match_method: 'direct-debit', match_note: 'sepa-return:AM04' },
      ].sort(order),
    );
    // Settling by hand afterwards adds nothing.
    await api(t, 'POST', `/api/v1/sepa/batches/${march.id}/settle`);
    expect(await count(t, 'donations')).toBe(2);
  });

  it('settles a batch booked as one credit naming its payment information id', async () => {
    const march = await marchBatch();
    await t.queue!.start();
    const pmtInfId = march.collections[0]!.paymentInfoId;
    const statement = camt053([
      {
        ref: '1',
        amount: '15.00',
        ind: 'CRDT',
        date: '2026-03-16',
        txs: [],
        info: `SEPA-LASTSCHRIFT ${pmtInfId}`,
      },
      // The same total under another id is not ours.
      {
        ref: '2',
        amount: '15.00',
        ind: 'CRDT',
        date: '2026-03-16',
        txs: [],
        info: 'SEPA FILO-20990101-ZZZZZZZZ-1',
      },
    ]);
    const up = await upload(t.app, t.keys.accountant, Buffer.from(statement), 'statement.xml');
    expect((await waitForImport(t.app, t.keys.accountant, up.body.id)).status).toBe('completed');
    const after = (await api(t, 'GET', `/api/v1/sepa/batches/${march.id}`)).json();
    expect(after).toMatchObject({ status: 'settled', counts: { settled: 2, pending: 0 } });
    const entries = await t.t.store.db.selectFrom('bank_entries').select(['status', 'match_note']).execute();
    expect(entries.sort((x, y) => x.status.localeCompare(y.status))).toEqual([
      { status: 'ignored', match_note: `sepa-batch:${pmtInfId}` },
      { status: 'unmatched', match_note: 'no-match' },
    ]);
    expect(await count(t, 'donations')).toBe(2);
  });

  it('withdraws a paused donor’s collection until the file is downloaded; erasure empties the debtor', async () => {
    const march = await marchBatch();
    const tokenA = a.manageUrl.split('/donate/manage/')[1]!;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/recurring/${tokenA}`,
      payload: { action: 'pause' },
    });
    const after = (await api(t, 'GET', `/api/v1/sepa/batches/${march.id}`)).json();
    expect(after).toMatchObject({
      numberOfTransactions: 1,
      controlSumMinor: 500,
      counts: { withdrawn: 1, pending: 1 },
    });
    const file = parser.parse((await download(t, march.id)).body).Document.CstmrDrctDbtInitn;
    expect(file.GrpHdr).toMatchObject({ NbOfTxs: '1', CtrlSum: '5.00' });
    expect(file.PmtInf[0].DrctDbtTxInf[0].DrctDbtTx.MndtRltdInf.MndtId).toBe(b.reference);

    // Downloaded: B's pause no longer takes the collection out of the file the bank has.
    const tokenB = b.manageUrl.split('/donate/manage/')[1]!;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/recurring/${tokenB}`,
      payload: { action: 'pause' },
    });
    expect((await api(t, 'GET', `/api/v1/sepa/batches/${march.id}`)).json().counts).toMatchObject({
      pending: 1,
    });

    // Erasing B: the mandate ends, name, IBAN and signing details go, the masked IBAN stays.
    const mandateB = await t.t.store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('reference', '=', b.reference)
      .executeTakeFirstOrThrow();
    const erase = await api(
      t,
      'POST',
      `/api/v1/contacts/${mandateB.contact_id}/erase`,
      undefined,
      t.keys.owner,
    );
    expect(erase.statusCode).toBeLessThan(300);
    const erased = await t.t.store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('id', '=', mandateB.id)
      .executeTakeFirstOrThrow();
    expect(erased).toMatchObject({
      status: 'cancelled',
      status_reason: 'erased',
      debtor_name: null,
      debtor_iban: null,
      signing_ip: null,
      signing_user_agent: null,
      debtor_iban_masked: 'IT60 … 3456',
    });
    const refused = await download(t, march.id);
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'SEPA_BATCH_DEBTOR_ERASED']);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/public/recurring/${tokenB}` })).statusCode,
    ).toBe(404);
  });

  it('expires a mandate with no collection for 36 months', async () => {
    t.clock.set('2029-03-01T09:00:00.000Z');
    await createBatch(t, '2029-04');
    // Collected in April 2029 (FRST): the mandates are alive.
    expect(
      (await t.t.store.db.selectFrom('sepa_mandates').select('status').execute()).map((m) => m.status),
    ).toEqual(['active', 'active']);
    // One more signs on 1 March 2029 and is never collected.
    const late = await signMandate(t, { email: 'late@example.org', dayOfMonth: 1 });
    const statuses = async () =>
      new Map(
        (
          await t.t.store.db
            .selectFrom('sepa_mandates')
            .select(['reference', 'status', 'status_reason'])
            .execute()
        ).map((r) => [r.reference, `${r.status}:${r.status_reason ?? ''}`]),
      );
    // 10 April 2032: 36 months since the late one was signed, not since the others' last collection.
    t.clock.set('2032-04-10T09:00:00.000Z');
    expect(await t.sepa.expireStale()).toBe(1);
    expect(await statuses()).toEqual(
      new Map([
        [a.reference, 'active:'],
        [b.reference, 'active:'],
        [late.reference, 'expired:unused-36-months'],
      ]),
    );
    // 20 April 2032: 36 months after their last collection (16 April 2029), by the collection job.
    t.clock.set('2032-04-20T09:00:00.000Z');
    await t.sepa.runCollectionJob();
    expect((await statuses()).get(a.reference)).toBe('expired:unused-36-months');
    expect((await statuses()).get(b.reference)).toBe('expired:unused-36-months');
  });
});

function camt053(
  entries: Array<{
    ref: string;
    amount: string;
    ind: 'CRDT' | 'DBIT';
    date: string;
    txs: Array<{ e2e: string; amount: string; name: string; iban: string; text: string }>;
    info?: string;
  }>,
): string {
  const ntry = entries
    .map(
      (e) => `<Ntry>
        <NtryRef>${e.ref}</NtryRef>
        <Amt Ccy="EUR">${e.amount}</Amt>
        <CdtDbtInd>${e.ind}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${e.date}</Dt></BookgDt>
        <ValDt><Dt>${e.date}</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${e.ind === 'CRDT' ? 'RDDT' : 'RRTN'}</Cd><SubFmlyCd>${e.ind === 'CRDT' ? 'ESDD' : 'UPDD'}</SubFmlyCd></Fmly></Domn></BkTxCd>
        ${e.txs.length === 0 ? '' : '<NtryDtls>'}${e.txs
          .map(
            (x) => `<TxDtls>
            <Refs><EndToEndId>${x.e2e}</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">${x.amount}</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <${e.ind === 'CRDT' ? 'Dbtr' : 'Cdtr'}><Nm>${x.name}</Nm></${e.ind === 'CRDT' ? 'Dbtr' : 'Cdtr'}>
              <${e.ind === 'CRDT' ? 'DbtrAcct' : 'CdtrAcct'}><Id><IBAN>${x.iban}</IBAN></Id></${e.ind === 'CRDT' ? 'DbtrAcct' : 'CdtrAcct'}>
            </RltdPties>
            <RmtInf><Ustrd>${x.text}</Ustrd></RmtInf>
          </TxDtls>`,
          )
          .join('')}${e.txs.length === 0 ? '' : '</NtryDtls>'}
        ${e.info ? `<AddtlNtryInf>${e.info}</AddtlNtryInf>` : ''}
      </Ntry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-SEPA-1</MsgId><CreDtTm>2026-03-19T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>SEPA-1</Id>
      <CreDtTm>2026-03-19T06:00:00</CreDtTm>
      <Acct><Id><IBAN>${CREDITOR.creditorIban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      ${ntry}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}
