import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePain002 } from '../../src/payments/sepa';
import { ENGINES } from '../../src/store/testing';
import { api, count, sepaApp, signTwoDonors, type SepaTestApp } from './support';

// The bank's pain.002 status report on a pain.008 file, on both engines: a rejected transaction, block
// or whole file fails its collections with the bank's reason (the mandate ends or stays by the code, the
// donor's notice is queued, settling records only what was not rejected); the same report again changes
// nothing; a report that does not match its file, or is not a pain.002 at all, changes nothing.

interface Tx {
  readonly endToEndId: string;
  readonly status: string;
  readonly reason?: string;
}
interface Block {
  readonly paymentInfoId: string;
  readonly status?: string;
  readonly reason?: string;
  readonly txs?: readonly Tx[];
}

const reason = (code?: string) => (code ? `<StsRsnInf><Rsn><Cd>${code}</Cd></Rsn></StsRsnInf>` : '');

/** A report as a bank writes it (pain.002.001.03 unless told). */
function pain002(
  originalMessageId: string,
  blocks: readonly Block[],
  options: { group?: string; groupReason?: string; version?: '03' | '10'; messageId?: string } = {},
): string {
  const ns = `urn:iso:std:iso:20022:tech:xsd:pain.002.001.${options.version ?? '03'}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>${options.messageId ?? 'BANK-STS-0001'}</MsgId><CreDtTm>2026-03-12T07:30:00</CreDtTm>
      <DbtrAgt><FinInstnId><BIC>BPMOIT22XXX</BIC></FinInstnId></DbtrAgt></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>${originalMessageId}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
      ${options.group ? `<GrpSts>${options.group}</GrpSts>` : ''}${reason(options.groupReason)}
    </OrgnlGrpInfAndSts>
    ${blocks
      .map(
        (b) =>
          `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${b.paymentInfoId}</OrgnlPmtInfId>${
            b.status ? `<PmtInfSts>${b.status}</PmtInfSts>` : ''
          }${reason(b.reason)}${(b.txs ?? [])
            .map(
              (tx, i) =>
                `<TxInfAndSts><StsId>S${i}</StsId><OrgnlEndToEndId>${tx.endToEndId}</OrgnlEndToEndId><TxSts>${tx.status}</TxSts>${reason(tx.reason)}</TxInfAndSts>`,
            )
            .join('')}</OrgnlPmtInfAndSts>`,
      )
      .join('')}
  </CstmrPmtStsRpt>
</Document>`;
}

interface Collection {
  id: string;
  mandateReference: string;
  endToEndId: string;
  paymentInfoId: string;
  status: string;
  returnReason: string | null;
}

describe.each(ENGINES)('pain.002 status reports on %s', (engine) => {
  let t: SepaTestApp;
  let a: { reference: string };
  let b: { reference: string };
  let batch: { id: string; messageId: string; collections: Collection[] };

  beforeEach(async () => {
    t = await sepaApp(engine);
    ({ a, b } = await signTwoDonors(t));
    t.clock.set('2026-03-10T08:00:00.000Z');
    const res = await api(t, 'POST', '/api/v1/sepa/batches', {});
    expect(res.statusCode).toBe(201);
    batch = res.json().batch;
  });
  afterEach(async () => t.dispose());

  const of = (reference: string) => batch.collections.find((c) => c.mandateReference === reference)!;
  const send = (xml: string, key?: string) => api(t, 'POST', '/api/v1/sepa/status-reports', { xml }, key);
  const collections = async () =>
    (await api(t, 'GET', `/api/v1/sepa/batches/${batch.id}`)).json().collections as Collection[];
  const mandate = (reference: string) =>
    t.t.store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();

  it('fails a rejected transaction with its reason, leaves the accepted one, and settles only that', async () => {
    const colA = of(a.reference);
    const colB = of(b.reference);
    const xml = pain002(batch.messageId, [
      {
        paymentInfoId: colA.paymentInfoId,
        txs: [{ endToEndId: colA.endToEndId, status: 'RJCT', reason: 'AC04' }],
      },
      { paymentInfoId: colB.paymentInfoId, txs: [{ endToEndId: colB.endToEndId, status: 'ACCP' }] },
    ]);
    const res = await send(xml);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      batchId: batch.id,
      originalMessageId: batch.messageId,
      reportMessageId: 'BANK-STS-0001',
      rejected: [{ endToEndId: colA.endToEndId, reason: 'AC04' }],
      newlyRejected: 1,
      alreadyRejected: 0,
      accepted: 1,
    });
    const after = await collections();
    expect(after.find((c) => c.id === colA.id)).toMatchObject({ status: 'failed', returnReason: 'AC04' });
    expect(after.find((c) => c.id === colB.id)).toMatchObject({ status: 'pending', returnReason: null });
    // AC04 (account closed) ends the mandate and the donor gets the goodbye.
    expect(await mandate(a.reference)).toMatchObject({ status: 'cancelled', status_reason: 'return:AC04' });
    expect(await mandate(b.reference)).toMatchObject({ status: 'active' });

    // The same report again: nothing changes.
    const jobs = await t.t.store.db.selectFrom('jobs').select('id').execute();
    const again = await send(xml);
    expect(again.json()).toMatchObject({ newlyRejected: 0, alreadyRejected: 1 });
    expect(await t.t.store.db.selectFrom('jobs').select('id').execute()).toHaveLength(jobs.length);

    // The bank credits the rest: only the accepted collection becomes a gift.
    await api(t, 'POST', `/api/v1/sepa/batches/${batch.id}/settle`);
    expect(await count(t, 'donations')).toBe(1);
  });

  it('fails every collection of a rejected file or block, keeping mandates the code keeps (2019 version too)', async () => {
    const res = await send(
      pain002(batch.messageId, [], { group: 'RJCT', groupReason: 'FF01', version: '10', messageId: 'STS-2' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ newlyRejected: 2, accepted: 0 });
    for (const c of await collections()) expect(c).toMatchObject({ status: 'failed', returnReason: 'FF01' });
    // FF01 (file format) is not the donor's doing: the mandates stay, each donor gets the notice.
    expect(await mandate(a.reference)).toMatchObject({ status: 'active' });
    expect(await t.queue!.getJob(`payments.notify.sepa-failed.${of(a.reference).id}`)).toBeTruthy();
  });

  it('reads a block rejection and a code it does not know as MS03', async () => {
    const colB = of(b.reference);
    const res = await send(
      pain002(batch.messageId, [{ paymentInfoId: colB.paymentInfoId, status: 'RJCT', reason: 'ZZ99' }]),
    );
    expect(res.statusCode, res.body).toBe(200);
    const rejected = (await collections()).filter((c) => c.paymentInfoId === colB.paymentInfoId);
    expect(rejected.length).toBeGreaterThan(0);
    for (const c of rejected) expect(c).toMatchObject({ status: 'failed', returnReason: 'MS03' });
  });

  it('refuses what is not a report, a report on another file, or one that does not match, and changes nothing', async () => {
    const colA = of(a.reference);
    const cases: Array<[string, string, number, string]> = [
      ['not XML', '<Document><CstmrPmtStsRpt>', 400, 'SEPA_STATUS_REPORT_INVALID'],
      [
        'a statement',
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>',
        400,
        'SEPA_STATUS_REPORT_INVALID',
      ],
      [
        'no original file id',
        pain002('', [{ paymentInfoId: colA.paymentInfoId, status: 'RJCT' }]),
        400,
        'SEPA_STATUS_REPORT_INVALID',
      ],
      [
        'another file',
        pain002('MSG-NOT-OURS', [], { group: 'RJCT' }),
        404,
        'SEPA_STATUS_REPORT_UNKNOWN_FILE',
      ],
      [
        'a payment not in the file',
        pain002(batch.messageId, [
          {
            paymentInfoId: colA.paymentInfoId,
            txs: [
              { endToEndId: colA.endToEndId, status: 'RJCT', reason: 'AC04' },
              { endToEndId: 'E2E-NOT-OURS', status: 'RJCT', reason: 'AC04' },
            ],
          },
        ]),
        409,
        'SEPA_STATUS_REPORT_MISMATCH',
      ],
    ];
    for (const [what, xml, status, code] of cases) {
      const res = await send(xml);
      expect({ what, status: res.statusCode, code: res.json().code }).toEqual({ what, status, code });
    }
    // Returned by hand with one reason, rejected by the report with another: refused.
    await api(t, 'POST', `/api/v1/sepa/collections/${colA.id}/return`, { reason: 'AM04' });
    const conflict = await send(
      pain002(batch.messageId, [
        {
          paymentInfoId: colA.paymentInfoId,
          txs: [{ endToEndId: colA.endToEndId, status: 'RJCT', reason: 'MD01' }],
        },
      ]),
    );
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().details.conflicts).toEqual([
      { endToEndId: colA.endToEndId, status: 'failed', reason: 'AM04' },
    ]);
    const after = await collections();
    expect(after.filter((c) => c.status === 'failed').map((c) => [c.id, c.returnReason])).toEqual([
      [colA.id, 'AM04'],
    ]);
    expect(await mandate(a.reference)).toMatchObject({ status: 'active' });
  });

  it('is for staff who may write the books', async () => {
    const xml = pain002(batch.messageId, [], { group: 'ACCP' });
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sepa/status-reports',
      payload: { xml },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await send(xml, t.keys.agent)).statusCode).toBe(403);
    expect((await send(xml)).json()).toMatchObject({ newlyRejected: 0, accepted: 0 });
  });
});

describe('parsePain002', () => {
  it('reads statuses and the first reason at each level', () => {
    const report = parsePain002(
      pain002('MSG-1', [
        {
          paymentInfoId: 'PMT-1',
          status: 'PART',
          txs: [{ endToEndId: 'E2E-1', status: 'RJCT', reason: 'am04' }],
        },
      ]),
    );
    expect(report).toMatchObject({
      version: 'pain.002.001.03',
      originalMessageId: 'MSG-1',
      group: { status: null, reason: null },
      paymentInfos: [{ paymentInfoId: 'PMT-1', status: 'PART', reason: null }],
      transactions: [{ endToEndId: 'E2E-1', paymentInfoId: 'PMT-1', status: 'RJCT', reason: 'AM04' }],
    });
  });
});
