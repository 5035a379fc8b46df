import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReconciliationModule, type DonationRecorder } from '../../src/payments/reconciliation';
import type { ModuleFactory } from '../../src/runtime/modules';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';
import { ITALIAN_BANK_MAPPING, entries, fixture, serviceOf, upload, waitForImport } from './support';

// Bank reconciliation end to end on both engines: camt.053 v02 and v08 (plain and zipped) and a
// Latin-1 CSV through the HTTP API and the job queue into the ledger; no duplicates on re-import or
// overlapping statements; matching by donor number, IBAN and name; the queue; exactly-once under retries.

async function bankGifts(t: TestApp) {
  return t.t.store.db
    .selectFrom('donations')
    .select([
      'id',
      'contact_id',
      'gross_minor',
      'campaign_id',
      'restriction',
      'received_at',
      'provider_payment_id',
      'fee_minor',
    ])
    .where('provider', '=', 'bank-transfer')
    .orderBy('received_at')
    .orderBy('gross_minor')
    .execute();
}

async function rowCount(t: TestApp, table: 'bank_imports' | 'bank_entries' | 'donations'): Promise<number> {
  const r = await t.t.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(ENGINES)('bank reconciliation on %s', (engine) => {
  let t: TestApp;
  let key: string;
  let people: Record<'mario' | 'lucia' | 'anna1' | 'anna2' | 'giulia', string>;
  let campaignId: string;

  async function setUp(modules: readonly ModuleFactory[] = [createReconciliationModule()]) {
    t = await createTestApp(engine, { modules });
    key = t.keys.accountant;
    const c = t.ctx.contacts;
    people = {
      mario: (await c.create({ displayName: 'Mario Rossi', email: 'mario@example.org' })).id,
      lucia: (await c.create({ displayName: 'Lucìa Bianchi', email: 'lucia@example.org' })).id,
      anna1: (await c.create({ displayName: 'Anna Verdi', email: 'anna.verdi@example.org' })).id,
      anna2: (await c.create({ displayName: 'Anna Verdi', email: 'averdi@example.net' })).id,
      giulia: (await c.create({ displayName: 'Giulia Neri', email: 'giulia@example.org' })).id,
    };
    campaignId = (
      await t.ctx.campaigns.create({
        slug: 'scuola-aperta',
        name: 'Scuola aperta',
        goalMinor: 100_000,
        currency: 'EUR',
      })
    ).id;
    // Mario is donor D-000001.
    expect(await serviceOf(t).donorNumber(people.mario)).toBe('D-000001');
    await t.startWorkers();
  }

  afterEach(async () => {
    await t.dispose();
  });

  describe('with the real ledger', () => {
    beforeEach(async () => {
      await setUp();
    });

    it('imports a camt.053.001.02 statement: number, name, ambiguity, no match, debit, pending', async () => {
      const up = await upload(t.app, key, fixture('camt053-v02.xml'), 'camt053-v02.xml');
      expect(up.statusCode).toBe(202);
      expect(up.body).toMatchObject({ format: 'camt.053.001.02', statements: 1 });
      const done = await waitForImport(t.app, key, up.body.id);
      expect(done.status).toBe('completed');
      expect(done.progress).toEqual({
        total: 5,
        processed: 5,
        credits: 4,
        debits: 1,
        matched: 2,
        unmatched: 2,
        ignored: 0,
        duplicates: 0,
        skipped: 1,
      });
      const list = await entries(t.app, key, `/api/v1/bank-imports/${up.body.id}/entries`);
      expect(list.map((e) => [e.amountMinor, e.status, e.matchMethod, e.matchNote, e.contactId])).toEqual([
        [2500, 'matched', 'donor-number', null, people.mario],
        [5000, 'matched', 'name', null, people.lucia],
        [1500, 'unmatched', null, 'ambiguous-name', null],
        [3000, 'unmatched', null, 'no-match', null],
        [12000, 'debit', null, null, null],
      ]);
      const gifts = await bankGifts(t);
      expect(gifts).toHaveLength(2);
      expect(
        gifts.map((g) => [
          Number(g.gross_minor),
          Number(g.fee_minor),
          g.contact_id,
          g.restriction,
          g.campaign_id,
        ]),
      ).toEqual([
        [2500, 0, people.mario, 'campaign', campaignId],
        [5000, 0, people.lucia, 'unrestricted', null],
      ]);
      expect(gifts[0]?.received_at.slice(0, 10)).toBe('2026-03-02');
      expect(gifts[0]?.provider_payment_id).toBe('asr:IT02A0301503200000003517230:2026030200001');
      const unmatched = await entries(
        t.app,
        key,
        `/api/v1/bank-imports/${up.body.id}/entries?status=unmatched`,
      );
      expect(unmatched.map((e) => e.amountMinor)).toEqual([1500, 3000]);
    });

    it('re-importing the same file and an overlapping v08 statement adds no duplicate; a resolved IBAN matches next time', async () => {
      const first = await upload(t.app, key, fixture('camt053-v02.xml'), 'a.xml');
      await waitForImport(t.app, key, first.body.id);
      const again = await upload(t.app, key, fixture('camt053-v02.xml'), 'a-again.xml');
      expect(again.statusCode).toBe(202);
      const second = await waitForImport(t.app, key, again.body.id);
      expect(second.progress).toMatchObject({
        total: 5,
        processed: 5,
        duplicates: 5,
        matched: 2,
        unmatched: 2,
      });
      expect(await rowCount(t, 'bank_entries')).toBe(5);
      expect(await bankGifts(t)).toHaveLength(2);

      // Lucia was matched by name, so she got D-000002 for next time.
      // A person says the "NERI G." transfer is Giulia's: the IBAN is learned.
      const queue = await entries(t.app, key, '/api/v1/bank-entries?status=unmatched');
      const neri = queue.find((e) => e.amountMinor === 3000);
      const resolved = await t.app.inject({
        method: 'POST',
        url: `/api/v1/bank-entries/${neri?.id}/resolve`,
        headers: { authorization: `Bearer ${key}` },
        payload: { action: 'donor', contactId: people.giulia },
      });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json()).toMatchObject({
        status: 'resolved',
        matchMethod: 'manual',
        contactId: people.giulia,
        donorNumber: 'D-000003',
      });

      const v08 = await upload(t.app, key, fixture('camt053-v08.xml'), 'camt053-v08.xml');
      expect(v08.body.format).toBe('camt.053.001.08');
      const done = await waitForImport(t.app, key, v08.body.id);
      expect(done.progress).toMatchObject({
        total: 5,
        processed: 5,
        duplicates: 1,
        debits: 1,
        matched: 3,
        unmatched: 1,
      });
      const list = await entries(t.app, key, `/api/v1/bank-imports/${v08.body.id}/entries`);
      expect(list.map((e) => [e.amountMinor, e.status, e.matchMethod, e.contactId])).toEqual([
        [5000, 'matched', 'name', people.lucia],
        [4000, 'matched', 'iban', people.giulia],
        [2000, 'matched', 'donor-number', people.mario],
        [1500, 'unmatched', null, null],
        [950, 'debit', null, null],
      ]);
      expect(await rowCount(t, 'bank_entries')).toBe(5 + 4);
      // 2 matched + 1 resolved from v02, 2 new from v08 (the overlapping entry is the same gift).
      expect(await bankGifts(t)).toHaveLength(5);
    });

    it('imports a zipped pair of statements in one go, stored once per entry', async () => {
      const zip = zipSync({
        'march/camt053-v02.xml': fixture('camt053-v02.xml'),
        'march/camt053-v08.xml': fixture('camt053-v08.xml'),
        'readme.txt': new TextEncoder().encode('not a statement'),
      });
      const up = await upload(t.app, key, zip, 'march.zip');
      expect(up.statusCode).toBe(202);
      expect(up.body).toMatchObject({ format: 'camt.053-zip', statements: 2 });
      const done = await waitForImport(t.app, key, up.body.id);
      expect(done.progress).toMatchObject({ total: 10, processed: 10, duplicates: 0, skipped: 1 });
      expect(await rowCount(t, 'bank_entries')).toBe(9);
      // Mario ×2 (number), Lucia (name, once though listed twice), then the 40 € from NERI G. is unknown.
      expect((await bankGifts(t)).map((g) => Number(g.gross_minor))).toEqual([2500, 5000, 2000]);
      const again = await upload(t.app, key, zip, 'march-again.zip');
      const second = await waitForImport(t.app, key, again.body.id);
      expect(second.progress.duplicates).toBe(10);
      expect(await rowCount(t, 'bank_entries')).toBe(9);
      expect(await bankGifts(t)).toHaveLength(3);
    });

    it('reads a Latin-1 CSV export with a saved mapping (multipart upload), and reuses the mapping', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bank-mappings',
        headers: { authorization: `Bearer ${key}` },
        payload: ITALIAN_BANK_MAPPING,
      });
      expect(created.statusCode).toBe(201);
      const mappingId = created.json().id as string;
      const listed = await t.app.inject({
        method: 'GET',
        url: '/api/v1/bank-mappings',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(listed.json().items).toHaveLength(1);

      const boundary = '----filo-test-boundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="mappingId"\r\n\r\n${mappingId}\r\n`,
        ),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="estratto.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        fixture('bank-export-latin1.csv'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bank-imports',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ format: 'csv', filename: 'estratto.csv', mappingId });
      const done = await waitForImport(t.app, key, res.json().id);
      expect(done.progress).toMatchObject({ total: 3, credits: 2, debits: 1, matched: 2, unmatched: 0 });
      const list = await entries(t.app, key, `/api/v1/bank-imports/${done.id}/entries`);
      expect(
        list.map((e) => [
          e.direction,
          e.amountMinor,
          e.counterpartyName,
          e.matchMethod,
          e.contactId,
          e.campaignId,
        ]),
      ).toEqual([
        ['credit', 125000, 'Fondazione Caritàs Più', 'donor-number', people.mario, campaignId],
        ['debit', 4590, 'Enel Energia SpA', null, null, null],
        ['credit', 1200, 'Bianchi, Lucia', 'name', people.lucia, null],
      ]);
      // The same export again with the same mapping: nothing new.
      const again = await upload(t.app, key, fixture('bank-export-latin1.csv'), 'estratto.csv', mappingId);
      expect((await waitForImport(t.app, key, again.body.id)).progress.duplicates).toBe(3);
      expect(await bankGifts(t)).toHaveLength(2);
      // Without a mapping a CSV is refused.
      const none = await upload(t.app, key, fixture('bank-export-latin1.csv'), 'estratto.csv');
      expect([none.statusCode, none.body.code]).toEqual([422, 'BANK_FILE_UNKNOWN_FORMAT']);
    });

    it('resolving an entry twice records one gift; a different decision is refused; anonymous and not-a-gift', async () => {
      const up = await upload(t.app, key, fixture('camt053-v02.xml'), 'a.xml');
      await waitForImport(t.app, key, up.body.id);
      const queue = await entries(t.app, key, '/api/v1/bank-entries?status=unmatched');
      const [verdi, neri] = [
        queue.find((e) => e.amountMinor === 1500),
        queue.find((e) => e.amountMinor === 3000),
      ];
      const resolve = (id: string | undefined, payload: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/bank-entries/${id}/resolve`,
          headers: { authorization: `Bearer ${key}` },
          payload,
        });

      const [a, b] = await Promise.all([
        resolve(verdi?.id, { action: 'donor', contactId: people.anna2, campaignId }),
        resolve(verdi?.id, { action: 'donor', contactId: people.anna2, campaignId }),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(a.json().donationId).toBeTruthy();
      expect(b.json().donationId).toBe(a.json().donationId);
      const c = await resolve(verdi?.id, { action: 'donor', contactId: people.anna2 });
      expect(c.json().donationId).toBe(a.json().donationId);
      const other = await resolve(verdi?.id, { action: 'donor', contactId: people.anna1 });
      expect([other.statusCode, other.json().code]).toEqual([409, 'BANK_ENTRY_ALREADY_RESOLVED']);
      const anon = await resolve(verdi?.id, { action: 'anonymous' });
      expect(anon.statusCode).toBe(409);

      const gifts = await bankGifts(t);
      expect(
        gifts.filter((g) => g.contact_id === people.anna2).map((g) => [Number(g.gross_minor), g.campaign_id]),
      ).toEqual([[1500, campaignId]]);

      const n1 = await resolve(neri?.id, { action: 'anonymous' });
      const n2 = await resolve(neri?.id, { action: 'anonymous' });
      expect(n1.json()).toMatchObject({ status: 'resolved', matchMethod: 'anonymous', contactId: null });
      expect(n2.json().donationId).toBe(n1.json().donationId);
      expect(await bankGifts(t)).toHaveLength(4);

      const debit = (await entries(t.app, key, '/api/v1/bank-entries?status=debit'))[0];
      const d = await resolve(debit?.id, { action: 'anonymous' });
      expect([d.statusCode, d.json().code]).toEqual([409, 'BANK_ENTRY_NOT_A_CREDIT']);
      const unknown = await resolve('bent_nope', { action: 'anonymous' });
      expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'BANK_ENTRY_NOT_FOUND']);
      const bad = await resolve(verdi?.id, { action: 'donor' });
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'BANK_RESOLVE_INVALID']);
      expect(await entries(t.app, key, '/api/v1/bank-entries?status=unmatched')).toHaveLength(0);
    });

    it('refuses bad files with a stable code and stores nothing', async () => {
      const v02 = fixture('camt053-v02.xml').toString('utf8');
      const cases: [string, string | Uint8Array, string][] = [
        ['truncated XML', v02.slice(0, 1500), 'BANK_FILE_MALFORMED'],
        ['not XML at all', '{"hello": "world"}', 'BANK_FILE_UNKNOWN_FORMAT'],
        [
          'a DOCTYPE',
          v02.replace('<Document ', '<!DOCTYPE x [<!ENTITY a "b">]><Document '),
          'BANK_FILE_MALFORMED',
        ],
        [
          'camt.054 namespace',
          v02.replace('xsd:camt.053.001.02', 'xsd:camt.054.001.02'),
          'BANK_FILE_WRONG_NAMESPACE',
        ],
        [
          'no namespace',
          v02.replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"', ''),
          'BANK_FILE_WRONG_NAMESPACE',
        ],
        [
          'camt.053.001.04',
          v02.replace('xsd:camt.053.001.02', 'xsd:camt.053.001.04'),
          'BANK_FILE_UNSUPPORTED_VERSION',
        ],
        [
          'another root',
          '<?xml version="1.0"?><Statement xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>',
          'BANK_FILE_WRONG_NAMESPACE',
        ],
        ['missing amount', v02.replace('<Amt Ccy="EUR">30.00</Amt>', ''), 'BANK_ENTRY_AMOUNT_INVALID'],
        [
          'empty amount',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR"></Amt>'),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'negative amount',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR">-30.00</Amt>'),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'zero amount',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR">0.00</Amt>'),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'absurd amount',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR">999999999999.00</Amt>'),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'three decimals in EUR',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR">30.001</Amt>'),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'float notation',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR">3e1</Amt>'),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'unknown currency',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="XYZ">30.00</Amt>'),
          'BANK_ENTRY_CURRENCY_INVALID',
        ],
        [
          'no currency',
          v02.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt>30.00</Amt>'),
          'BANK_ENTRY_CURRENCY_INVALID',
        ],
        [
          'no booking date',
          v02.replace('<BookgDt><Dt>2026-03-02</Dt></BookgDt>', ''),
          'BANK_ENTRY_DATE_INVALID',
        ],
        [
          'impossible date',
          v02.replace('<BookgDt><Dt>2026-03-02</Dt></BookgDt>', '<BookgDt><Dt>2026-02-30</Dt></BookgDt>'),
          'BANK_ENTRY_DATE_INVALID',
        ],
        [
          'bad direction',
          v02.replace('<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>MAYBE</CdtDbtInd>'),
          'BANK_FILE_INVALID',
        ],
        [
          'no statement',
          '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr></BkToCstmrStmt></Document>',
          'BANK_FILE_INVALID',
        ],
        [
          'a damaged ZIP',
          new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
          'BANK_FILE_ZIP_INVALID',
        ],
        ['a ZIP without statements', zipSync({ 'a.txt': new Uint8Array([65]) }), 'BANK_FILE_ZIP_INVALID'],
        [
          'a ZIP with one bad statement',
          zipSync({
            'good.xml': fixture('camt053-v08.xml'),
            'bad.xml': new TextEncoder().encode(v02.replace('30.00', '-30.00')),
          }),
          'BANK_ENTRY_AMOUNT_INVALID',
        ],
        [
          'not UTF-8',
          Buffer.concat([
            Buffer.from(v02.slice(0, 300)),
            Buffer.from([0xff, 0xfe]),
            Buffer.from(v02.slice(300)),
          ]),
          'BANK_FILE_ENCODING',
        ],
      ];
      for (const [label, content, code] of cases) {
        const res = await upload(
          t.app,
          key,
          typeof content === 'string' ? Buffer.from(content) : content,
          'bad.xml',
        );
        expect([res.statusCode, res.body.code], label).toEqual([422, code]);
      }
      const empty = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bank-imports',
        headers: { authorization: `Bearer ${key}` },
        payload: { filename: 'x.xml', contentBase64: '!!!!' },
      });
      expect(empty.statusCode).toBe(422);
      const unknownMapping = await upload(
        t.app,
        key,
        fixture('bank-export-latin1.csv'),
        'x.csv',
        'bmap_nope',
      );
      expect([unknownMapping.statusCode, unknownMapping.body.code]).toEqual([404, 'BANK_MAPPING_NOT_FOUND']);
      expect(await rowCount(t, 'bank_imports')).toBe(0);
      expect(await rowCount(t, 'bank_entries')).toBe(0);
      expect(await rowCount(t, 'donations')).toBe(0);
    });

    it('refuses a CSV that does not fit its mapping, and bad mappings', async () => {
      const m = await serviceOf(t).createMapping(ITALIAN_BANK_MAPPING.name, ITALIAN_BANK_MAPPING.settings);
      const csv = fixture('bank-export-latin1.csv').toString('latin1');
      const cases: [string, string, string, BufferEncoding?][] = [
        [
          'UTF-8 bytes read as Latin-1 are fine, but invalid UTF-8 is not',
          csv,
          'BANK_FILE_ENCODING',
          'latin1',
        ],
        ['a bad date', csv.replace('04/03/2026;04', '31/02/2026;04'), 'BANK_ENTRY_DATE_INVALID'],
        ['a bad amount', csv.replace('1.250,00', '1,250.00'), 'BANK_ENTRY_AMOUNT_INVALID'],
        ['a negative credit', csv.replace('1.250,00', '-1.250,00'), 'BANK_ENTRY_AMOUNT_INVALID'],
        ['both credit and debit', csv.replace(';;1.250,00', ';3,00;1.250,00'), 'BANK_ENTRY_AMOUNT_INVALID'],
        ['an unknown currency', csv.replace('1.250,00;EUR', '1.250,00;EUX'), 'BANK_ENTRY_CURRENCY_INVALID'],
        ['a missing column', csv.replace('Causale', 'Descrizione'), 'BANK_CSV_INVALID'],
      ];
      // The first case: the mapping says Latin-1, so make a UTF-8 mapping and send Latin-1 bytes.
      const utf8 = await serviceOf(t).createMapping('utf8', {
        ...ITALIAN_BANK_MAPPING.settings,
        encoding: 'utf-8',
      });
      for (const [label, content, code, enc] of cases) {
        const res = await upload(t.app, key, Buffer.from(content, 'latin1'), 'x.csv', enc ? utf8.id : m.id);
        expect([res.statusCode, res.body.code], label).toEqual([422, code]);
      }
      const badMappings = [
        { ...ITALIAN_BANK_MAPPING.settings, columns: { date: 'Data contabile' } },
        { ...ITALIAN_BANK_MAPPING.settings, decimalSeparator: ';' },
        { ...ITALIAN_BANK_MAPPING.settings, defaultCurrency: 'XYZ' },
        {
          ...ITALIAN_BANK_MAPPING.settings,
          columns: { ...ITALIAN_BANK_MAPPING.settings.columns, amount: 'Importo' },
        },
      ];
      for (const settings of badMappings) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/bank-mappings',
          headers: { authorization: `Bearer ${key}` },
          payload: { name: 'bad', settings },
        });
        expect(res.statusCode, JSON.stringify(settings)).toBe(400);
      }
      expect(await rowCount(t, 'bank_imports')).toBe(0);
    });

    it('erasing a donor removes their IBANs, number and the personal text of their entries', async () => {
      const up = await upload(t.app, key, fixture('camt053-v02.xml'), 'a.xml');
      await waitForImport(t.app, key, up.body.id);
      const erase = await t.app.inject({
        method: 'POST',
        url: `/api/v1/contacts/${people.mario}/erase`,
        headers: { authorization: `Bearer ${t.keys.owner}` },
      });
      expect(erase.statusCode, erase.body).toBeLessThan(300);
      const rows = await t.t.store.db
        .selectFrom('bank_entries')
        .select(['counterparty_name', 'counterparty_iban', 'remittance', 'amount_minor'])
        .where('contact_id', '=', people.mario)
        .execute();
      expect(
        rows.map((r) => [r.counterparty_name, r.counterparty_iban, r.remittance, Number(r.amount_minor)]),
      ).toEqual([[null, null, null, 2500]]);
      expect(
        await t.t.store.db
          .selectFrom('bank_contact_ibans')
          .selectAll()
          .where('contact_id', '=', people.mario)
          .execute(),
      ).toEqual([]);
      const numbers = await t.t.store.db
        .selectFrom('donor_numbers')
        .selectAll()
        .where('number', '=', 1)
        .execute();
      expect(numbers.map((n) => n.contact_id)).toEqual([null]);
      // D-000001 is retired: the next donor gets a new number.
      expect(await serviceOf(t).donorNumber(people.anna1)).not.toBe('D-000001');
    });
  });

  it('a crash after a gift was recorded (the job is retried) still records each gift exactly once', async () => {
    let calls = 0;
    let crashed = false;
    const flaky: ModuleFactory = (deps) =>
      createReconciliationModule({
        ledger: {
          async recordDonation(input) {
            const result = await deps.ledger.recordDonation(input);
            calls++;
            if (calls === 2 && !crashed) {
              crashed = true;
              throw new Error('simulated crash after the ledger committed');
            }
            return result;
          },
        } satisfies DonationRecorder,
      })(deps);
    await setUp([flaky]);
    const zip = zipSync({ 'a.xml': fixture('camt053-v02.xml'), 'b.xml': fixture('camt053-v08.xml') });
    const up = await upload(t.app, key, zip, 'march.zip');
    const done = await waitForImport(t.app, key, up.body.id);
    expect(crashed).toBe(true);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ total: 10, processed: 10 });
    const gifts = await bankGifts(t);
    expect(gifts.map((g) => Number(g.gross_minor))).toEqual([2500, 5000, 2000]);
    expect(new Set(gifts.map((g) => g.provider_payment_id)).size).toBe(gifts.length);
    const withGift = await t.t.store.db
      .selectFrom('bank_entries')
      .select('donation_id')
      .where('status', '=', 'matched')
      .execute();
    expect(withGift.every((r) => r.donation_id !== null)).toBe(true);
    expect(withGift).toHaveLength(3);
  });
});
