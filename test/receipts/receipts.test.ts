import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_RECEIPT_SETTINGS,
  ReceiptsService,
  documentText,
  receiptsModule,
  type ReceiptSettings,
} from '../../src/payments/receipts';
import { ENGINES } from '../../src/store/testing';
import { FAST_PASSWORDS, createTestApp, type TestApp } from '../support/app';
import { pdfText } from './pdf-text';

// Receipts on both engines: gap-free numbering under concurrency, one receipt per gift, voids and
// replacements on refunds (through the ledger's events), the PDFs' text, statements, campaign reports,
// erasure, and the HTTP surface.

describe.each(ENGINES)('receipts on %s', (engine) => {
  let t: TestApp;
  let receipts: ReceiptsService;
  let contactId: string;
  let campaignId: string;
  let projectId: string;
  let seq = 0;
  const bearer = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });

  const gift = async (
    grossMinor: number,
    extra: {
      receivedAt?: string;
      contactId?: string | null;
      campaignId?: string;
      provider?: string;
      feeMinor?: number;
    } = {},
  ) =>
    (
      await t.ctx.ledger.recordDonation({
        grossMinor,
        feeMinor: extra.feeMinor ?? 0,
        currency: 'EUR',
        receivedAt: extra.receivedAt ?? '2026-03-12T10:00:00Z',
        contactId: extra.contactId === undefined ? contactId : extra.contactId,
        ...(extra.campaignId ? { campaignId: extra.campaignId } : { projectId }),
        provider: extra.provider ?? 'stripe',
        providerPaymentId: `pi_${engine}_${++seq}`,
      })
    ).donation;

  const waitFor = async <T>(fn: () => Promise<T | undefined>, ms = 8000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      await t.ctx.ledger.flushOutbox(t.events!);
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [receiptsModule] });
    receipts = t.modules.find((m) => m.name === 'receipts')!.service as ReceiptsService;
    await receipts.updateSettings(DEMO_RECEIPT_SETTINGS);
    contactId = (
      await t.ctx.contacts.create({ displayName: 'Mario Rossi', email: 'mario@example.org', language: 'it' })
    ).id;
    await receipts.setDonorDetails(contactId, {
      fullName: 'Mario Rossi',
      taxCode: 'rssmra80a01h501u',
      street: 'Via Emilia 3',
      postalCode: '40100',
      city: 'Bologna',
      country: 'it',
    });
    projectId = (await t.ctx.projects.create({ slug: 'mensa', name: 'Mensa scolastica', description: '' }))
      .id;
    campaignId = (
      await t.ctx.campaigns.create({
        slug: 'inverno',
        name: 'Inverno al caldo',
        goalMinor: 100_000,
        currency: 'EUR',
      })
    ).id;
  });
  afterAll(async () => t?.dispose());

  it('numbers two concurrent issuers 1 and 2, and twenty more 3 … 22, with no gap and no duplicate', async () => {
    const [a, b] = [
      await gift(1000, { receivedAt: '2025-06-01T10:00:00Z' }),
      await gift(2000, { receivedAt: '2025-06-02T10:00:00Z' }),
    ];
    const pair = await Promise.all([receipts.issue(a.id), receipts.issue(b.id)]);
    expect(pair.map((r) => r.receipt.sequence).sort()).toEqual([1, 2]);
    expect(pair.every((r) => r.created && r.receipt.year === 2025)).toBe(true);

    const many = [];
    for (let i = 0; i < 20; i++) many.push(await gift(500 + i, { receivedAt: '2025-07-01T10:00:00Z' }));
    const issued = await Promise.all(many.map((d) => receipts.issue(d.id)));
    expect(issued.map((r) => r.receipt.sequence).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 3),
    );
    expect(issued[0]!.receipt.number).toMatch(/^2025\/000\d\d$/);
  });

  it('issues one receipt per gift however often and concurrently it is asked', async () => {
    const d = await gift(4200, { receivedAt: '2024-02-01T10:00:00Z' });
    const results = await Promise.all(Array.from({ length: 6 }, () => receipts.issue(d.id)));
    expect(new Set(results.map((r) => r.receipt.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const again = await receipts.issue(d.id);
    expect(again.created).toBe(false);
    expect(again.receipt.sequence).toBe(1);
    const next = await receipts.issue((await gift(100, { receivedAt: '2024-02-02T10:00:00Z' })).id);
    expect(next.receipt.sequence).toBe(2);
  });

  it('leaves no gap when an issue fails after taking its number', async () => {
    let fail = true;
    const flaky = new ReceiptsService({
      store: t.t.store,
      ledger: t.ctx.ledger,
      contacts: t.ctx.contacts,
      organisation: t.ctx.organisation,
      campaigns: t.ctx.campaigns,
      publicUrl: 'http://test.filo.local',
      afterNumber: () => {
        if (fail) throw new Error('crash after numbering');
      },
    });
    const d = await gift(700, { receivedAt: '2023-05-05T10:00:00Z' });
    await expect(flaky.issue(d.id)).rejects.toThrow('crash after numbering');
    expect(await receipts.forDonation(d.id)).toHaveLength(0);
    fail = false;
    expect((await flaky.issue(d.id)).receipt.sequence).toBe(1);
  });

  it('refuses a receipt for a gift without a donor', async () => {
    const d = await gift(900, { contactId: null });
    await expect(receipts.issue(d.id)).rejects.toMatchObject({ code: 'RECEIPTS_NO_DONOR' });
  });

  it('issues on donation.received, replaces after a partial refund and voids after a full one (append-only)', async () => {
    await t.startWorkers();
    const d = await gift(5000, { receivedAt: '2026-04-01T09:00:00Z' });
    const first = await waitFor(async () => (await receipts.forDonation(d.id))[0]);
    expect(first.amountMinor).toBe(5000);
    const firstPdf = await receipts.pdf(first.id);

    await t.ctx.ledger.refundDonation(d.id, { amountMinor: 2000, providerRefundId: `re_${engine}_1` });
    const afterPartial = await waitFor(async () => {
      const list = await receipts.forDonation(d.id);
      return list.length === 2 ? list : undefined;
    });
    expect(afterPartial[0]!).toMatchObject({
      id: first.id,
      status: 'voided',
      voidReason: 'refund',
      amountMinor: 5000,
    });
    expect(afterPartial[1]!).toMatchObject({
      status: 'issued',
      amountMinor: 3000,
      revision: 1,
      replacesId: first.id,
    });
    expect(afterPartial[1]!.sequence).toBeGreaterThan(first.sequence);

    await t.ctx.ledger.refundDonation(d.id, { amountMinor: 3000, providerRefundId: `re_${engine}_2` });
    const afterFull = await waitFor(async () => {
      const list = await receipts.forDonation(d.id);
      return list[1]?.status === 'voided' ? list : undefined;
    });
    expect(afterFull).toHaveLength(2);
    await expect(receipts.issue(d.id)).rejects.toMatchObject({ code: 'RECEIPTS_DONATION_REFUNDED' });

    // The voided receipt still says what it said, plus its cancellation.
    const model = documentText(await receipts.model(first.id));
    expect(model).toContain('RICEVUTA ANNULLATA');
    expect(model).toContain(`sostituita dalla ricevuta n. ${afterPartial[1]!.number}`);
    expect(model).toContain('Importo in cifre: 50,00 €');
    expect(firstPdf.bytes.length).toBeGreaterThan(1000);
  });

  it('renders the Italian receipt with the art. 83 fields, and the same bytes every time', async () => {
    const d = await gift(123_456, { receivedAt: '2026-05-20T22:30:00Z' });
    const { receipt } = await receipts.issue(d.id);
    expect(receipt.format).toBe('it');
    expect(receipt.giftDate).toBe('2026-05-21'); // 00:30 in Rome
    const text = documentText(await receipts.model(receipt.id));
    for (const line of [
      'Ricevuta per erogazione liberale',
      'Denominazione: Associazione Test ETS',
      `Qualifica: ${DEMO_RECEIPT_SETTINGS.it.qualification}`,
      'Nome e cognome / denominazione: Mario Rossi',
      'Codice fiscale: RSSMRA80A01H501U',
      'Indirizzo: Via Emilia 3, 40100 Bologna, IT',
      'Importo in cifre: 1.234,56 €',
      'Importo in lettere: milleduecentotrentaquattro euro e cinquantasei centesimi',
      'Data dell’erogazione: 21/05/2026',
      'Modalità di pagamento: carta di pagamento (sistema tracciabile)',
      `Numero progressivo: ${receipt.number}`,
      `${t.ctx.config.publicUrl}/track/${d.receiptCode}`,
    ])
      expect(text).toContain(line);
    expect(text).toContain('senza alcun corrispettivo');
    expect(text).toContain('le erogazioni in contanti non sono detraibili né deducibili');

    const a = await receipts.pdf(receipt.id);
    const b = await receipts.pdf(receipt.id);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.filename).toBe(`ricevuta-${receipt.year}-${String(receipt.sequence).padStart(5, '0')}.pdf`);
    const doc = await PDFDocument.load(a.bytes);
    expect(doc.getPageCount()).toBe(1);
    const pdf = await pdfText(a.bytes);
    expect(pdf).toContain('Importo in lettere milleduecentotrentaquattro euro e cinquantasei centesimi');
    expect(pdf).toContain('1.234,56 €');
    expect(pdf).toContain('Modalità di pagamento carta di pagamento');
  });

  it('says that a cash gift is not deductible', async () => {
    const d = await gift(2000, { provider: 'cash' });
    const { receipt } = await receipts.issue(d.id);
    const text = documentText(await receipts.model(receipt.id));
    expect(text).toContain('Modalità di pagamento: contanti (non tracciabile)');
    expect(text).toContain('Erogazione in contanti: non dà diritto alla detrazione né alla deduzione');
  });

  it('renders the German Zuwendungsbestätigung with the official fields and the simplified proof up to 300 €', async () => {
    const settings: ReceiptSettings = {
      ...DEMO_RECEIPT_SETTINGS,
      de: {
        purposes: 'der Jugendhilfe',
        taxOffice: 'Berlin für Körperschaften I',
        taxNumber: '27/123/45678',
        notice: 'freistellungsbescheid',
        noticeDate: '14.02.2025',
        assessmentPeriod: '2023',
        membershipFeesNotDeductible: false,
        machineSigned: true,
      },
    };
    await receipts.updateSettings(settings);
    const small = await gift(30_000, { receivedAt: '2026-06-01T10:00:00Z' });
    const { receipt } = await receipts.issue(small.id, { format: 'de', method: 'bank-transfer' });
    const text = documentText(await receipts.model(receipt.id));
    for (const line of [
      'Bestätigung über Geldzuwendungen/Mitgliedsbeitrag',
      'Name und Anschrift des Zuwendenden: Mario Rossi, Via Emilia 3, 40100 Bologna, IT (Steuer-ID RSSMRA80A01H501U)',
      'Betrag der Zuwendung – in Ziffern –: 300,00 €',
      '– in Buchstaben –: dreihundert Euro',
      'Tag der Zuwendung: 01.06.2026',
      'Es handelt sich um den Verzicht auf Erstattung von Aufwendungen: [ ] Ja [X] Nein',
      '[X] Wir sind wegen Förderung der Jugendhilfe nach dem Freistellungsbescheid bzw. nach der Anlage zum Körperschaftsteuerbescheid des Finanzamtes Berlin für Körperschaften I, StNr. 27/123/45678, vom 14.02.2025 für den letzten Veranlagungszeitraum 2023',
      'Es wird bestätigt, dass die Zuwendung nur zur Förderung der Jugendhilfe verwendet wird.',
      'Diese Bestätigung wurde maschinell erstellt und ist ohne Unterschrift gültig.',
      'Vereinfachter Zuwendungsnachweis',
    ])
      expect(text).toContain(line);
    const pdf = await pdfText((await receipts.pdf(receipt.id)).bytes);
    expect(pdf).toContain('dreihundert Euro');
    expect(pdf).toContain('Körperschaftsteuergesetzes');

    const large = await gift(123_456, { receivedAt: '2026-06-02T10:00:00Z' });
    const big = await receipts.issue(large.id, { format: 'de' });
    const bigText = documentText(await receipts.model(big.receipt.id));
    expect(bigText).toContain('eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent');
    expect(bigText).not.toContain('Vereinfachter Zuwendungsnachweis');
    await receipts.updateSettings(DEMO_RECEIPT_SETTINGS);
  });

  it('writes the annual statement with the receipts and what the gifts paid for', async () => {
    const donor = (
      await t.ctx.contacts.create({ displayName: 'Anna Bianchi', email: 'anna@example.org', language: 'it' })
    ).id;
    const g1 = await gift(3000, { contactId: donor, receivedAt: '2022-02-01T10:00:00Z', feeMinor: 100 });
    const g2 = await gift(2000, { contactId: donor, receivedAt: '2022-03-01T10:00:00Z' });
    await gift(999, { contactId: donor, receivedAt: '2021-12-01T10:00:00Z' });
    const r1 = await receipts.issue(g1.id);
    const expense = await t.ctx.ledger.createExpense(
      {
        payee: 'Forno Rossi',
        spentOn: '2022-03-10',
        amountMinor: 4000,
        currency: 'EUR',
        category: 'food',
        description: 'Pane per la mensa, marzo',
        projectId,
      },
      null,
    );
    await t.ctx.ledger.approveExpense(expense.id, 'usr_acc');
    const text = documentText(await receipts.statementModel(donor, 2022));
    expect(text).toContain('Riepilogo annuale delle donazioni 2022');
    expect(text).toContain(`01/02/2022 | ${r1.receipt.number} | Mensa scolastica | 30,00 €`);
    expect(text).toContain('Totale netto dei rimborsi |  |  | 50,00 €');
    expect(text).not.toContain('9,99 €');
    const spent =
      (await t.ctx.ledger.getDonation(g1.id)).spentMinor + (await t.ctx.ledger.getDonation(g2.id)).spentMinor;
    expect(spent).toBeGreaterThan(0);
    expect(text).toMatch(/10\/03\/2022 \| Pane per la mensa, marzo \| \d+,\d\d €/);
    expect(text).toContain('Commissioni di pagamento: 1,00 €');
    const en = documentText(await receipts.statementModel(donor, 2022, 'en'));
    expect(en).toContain('What your gifts paid for');
    const pdf = await pdfText(await receipts.statementPdf(donor, 2022));
    expect(pdf).toContain('Pane per la mensa, marzo');
    await expect(receipts.statementModel(donor, 2019)).rejects.toMatchObject({ code: 'RECEIPTS_NO_GIFTS' });
  });

  it('reports a campaign as CSV, exactly, and as PDF', async () => {
    const camp = (
      await t.ctx.campaigns.create({
        slug: `c-${engine}`,
        name: 'Pasti, "caldi"',
        goalMinor: 1,
        currency: 'EUR',
      })
    ).id;
    const a = await gift(10_000, { campaignId: camp, feeMinor: 175, receivedAt: '2026-01-05T10:00:00Z' });
    await gift(5_000, { campaignId: camp, feeMinor: 100, receivedAt: '2026-01-06T10:00:00Z' });
    await t.ctx.ledger.refundDonation(a.id, { amountMinor: 1_000, providerRefundId: `re_c_${engine}` });
    const e = await t.ctx.ledger.createExpense(
      {
        payee: 'Coop',
        spentOn: '2026-01-20',
        amountMinor: 6_000,
        currency: 'EUR',
        category: 'food',
        description: '=Coperte, lana',
        campaignId: camp,
      },
      null,
    );
    await t.ctx.ledger.approveExpense(e.id, 'usr_acc');
    const report = await receipts.campaignReport(camp);
    const funded = report.costsMinor;
    expect(funded).toBe(6_000);
    const unspent = report.unspentMinor;
    expect(await receipts.campaignReportCsv(`c-${engine}`)).toBe(
      [
        'section,item,date,description,category,count,amount,currency',
        'income,gifts,,,,2,150.00,EUR',
        'income,fees,,,,,-2.75,EUR',
        'income,net,,,,,147.25,EUR',
        'income,refunds,,,,1,-10.00,EUR',
        'income,net-after-refunds,,,,,137.25,EUR',
        `cost,${e.id},2026-01-20,"'=Coperte, lana",food,,60.00,EUR`,
        'cost,total,,,,1,60.00,EUR',
        `balance,unspent,,,,,${(unspent / 100).toFixed(2)},EUR`,
        '',
      ].join('\r\n'),
    );
    expect(unspent).toBe(15_000 - 275 - 1_000 - 6_000);
    const pdf = await pdfText(await receipts.campaignReportPdf(camp));
    expect(pdf).toContain('Rendiconto della campagna «Pasti, "caldi"»');
    expect(pdf).toContain('Importo lordo 150,00 €');
    await expect(receipts.campaignReport('nope')).rejects.toMatchObject({
      code: 'RECEIPTS_CAMPAIGN_NOT_FOUND',
    });
  });

  it('erases the donor from receipts but keeps the receipts', async () => {
    const donor = (
      await t.ctx.contacts.create({ displayName: 'Luca Verdi', email: 'luca@example.org', language: 'it' })
    ).id;
    await receipts.setDonorDetails(donor, {
      fullName: 'Luca Verdi',
      taxCode: 'VRDLCU80A01A944X',
      street: null,
      postalCode: null,
      city: null,
      country: null,
    });
    const { receipt } = await receipts.issue((await gift(1500, { contactId: donor })).id);
    expect(receipt.donorName).toBe('Luca Verdi');
    const erase = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${donor}/erase`,
      headers: bearer('owner'),
      payload: {},
    });
    expect([200, 204]).toContain(erase.statusCode);
    const after = await receipts.get(receipt.id);
    expect(after).toMatchObject({
      id: receipt.id,
      number: receipt.number,
      donorName: null,
      amountMinor: 1500,
    });
    const text = documentText(await receipts.model(receipt.id));
    expect(text).not.toContain('Luca');
    expect(text).not.toContain('VRDLCU80A01A944X');
    expect(text).toContain('cancellati su richiesta');
  });

  it('serves receipts over HTTP with access rules, idempotent issue and the donor’s own download', async () => {
    const d = await gift(2500, { receivedAt: '2020-01-10T10:00:00Z' });
    const pub = `/api/v1/public/donations/${d.receiptCode}/receipt.pdf`;
    expect((await t.app.inject({ method: 'GET', url: pub })).json().code).toBe('RECEIPTS_NOT_ISSUED');

    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/receipt`,
      headers: bearer('fundraiser'),
      payload: {},
    });
    expect(denied.statusCode).toBe(403);
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/receipt`,
      headers: bearer('accountant'),
      payload: {},
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ number: '2020/00001', status: 'issued', donorName: 'Mario Rossi' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/receipt`,
      headers: bearer('accountant'),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/receipts?year=2020',
      headers: bearer('auditor'),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([first.json().id]);

    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1/receipts/${first.json().id}.pdf`,
      headers: bearer('auditor'),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const mine = await t.app.inject({ method: 'GET', url: pub });
    expect(mine.statusCode).toBe(200);
    expect(await pdfText(new Uint8Array(mine.rawPayload))).toContain('Importo in lettere venticinque euro');

    const statement = await t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${contactId}/statements/2020.pdf`,
      headers: bearer('accountant'),
    });
    expect(statement.statusCode).toBe(200);
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${campaignId}/report.csv`,
      headers: bearer('auditor'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('section,item,date,description,category,count,amount,currency');

    const voided = await t.app.inject({
      method: 'POST',
      url: `/api/v1/receipts/${first.json().id}/void`,
      headers: bearer('accountant'),
    });
    expect(voided.json()).toMatchObject({ status: 'voided', voidReason: 'manual', number: '2020/00001' });
    const reissued = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/receipt`,
      headers: bearer('accountant'),
    });
    expect(reissued.json()).toMatchObject({ number: '2020/00002', revision: 1, replacesId: first.json().id });
  });

  it('answers bad input with 4xx and stable codes, writing nothing', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['GET', '/api/v1/receipts?year=abc', undefined, 400, 'VALIDATION_FAILED'],
      ['GET', `/api/v1/contacts/${contactId}/statements/1800.pdf`, undefined, 400, 'VALIDATION_FAILED'],
      ['POST', '/api/v1/donations/don_nope/receipt', {}, 404, 'DONATION_NOT_FOUND'],
      ['POST', '/api/v1/donations/don_nope/receipt?format=fr', {}, 400, 'VALIDATION_FAILED'],
      ['GET', '/api/v1/receipts/rcp_nope.pdf', undefined, 404, 'RECEIPTS_NOT_FOUND'],
      [
        'PUT',
        '/api/v1/receipts/settings',
        { ...DEMO_RECEIPT_SETTINGS, timeZone: 'Mars/Olympus' },
        400,
        'RECEIPTS_SETTINGS_INVALID',
      ],
      [
        'PUT',
        `/api/v1/contacts/${contactId}/receipt-details`,
        { fullName: 'X', taxCode: '<script>', street: null, postalCode: null, city: null, country: null },
        400,
        'RECEIPTS_DONOR_DETAILS_INVALID',
      ],
      ['GET', '/api/v1/campaigns/nope/report.pdf', undefined, 404, 'RECEIPTS_CAMPAIGN_NOT_FOUND'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: bearer('owner'),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expect(res.json().code, `${method} ${url}`).toBe(code);
    }
    expect((await receipts.settings()).settings.timeZone).toBe('');
    expect((await receipts.donorDetails(contactId)).taxCode).toBe('RSSMRA80A01H501U');
  });
});

describe('receipts in the demo', () => {
  it('issues receipts for the demo’s gifts that have a donor, numbered without gaps', async () => {
    const t = await createTestApp('sqlite', { modules: [receiptsModule] });
    try {
      const { seedDemo } = await import('../../src/demo');
      await seedDemo(t.t.store, {
        supporters: 40,
        log: t.ctx.log,
        modules: t.modules,
        passwordCost: FAST_PASSWORDS,
      });
      const receipts = t.modules[0]!.service as ReceiptsService;
      const all = await t.ctx.ledger.listDonations({ limit: 200 });
      const withDonor = all.items.filter((d) => d.contactId);
      expect(withDonor.length).toBeGreaterThan(10);
      for (const d of withDonor) {
        // A gift refunded in full before receipts existed gets none; every other gift with a donor has one.
        const expected = d.refundedMinor === d.grossMinor ? 0 : 1;
        expect((await receipts.forDonation(d.id)).length, d.id).toBe(expected);
      }
      for (const d of all.items.filter((x) => !x.contactId))
        expect(await receipts.forDonation(d.id)).toEqual([]);
      const year = Number(withDonor[0]!.receivedAt.slice(0, 4));
      const list = await receipts.list({ year, limit: 200 });
      const numbers = list.items.map((r) => r.sequence).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      expect((await receipts.settings()).missing).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
