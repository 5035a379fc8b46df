import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/http';
import type { ModuleFactory } from '../../src/runtime/modules';
import { ENGINES } from '../../src/store/testing';
import { CREDITOR, api, count, mandateBody, sepaApp, signMandate, type SepaTestApp } from './support';

// SEPA Direct Debit mandates through the public API on both engines: the form's wording, a mandate
// signed with every field the rulebook asks for, bad input refused with a stable code and nothing
// stored, the self-service link (amount, pause, resume, cancel), access rules, and IBANs never logged.

describe.each(ENGINES)('SEPA mandates on %s', (engine) => {
  let t: SepaTestApp;

  afterEach(async () => {
    await t.dispose();
  });

  it('offers the mandate wording with the creditor, its identifier and the pre-notification period', async () => {
    t = await sepaApp(engine);
    const form = await t.app.inject({ method: 'GET', url: '/api/v1/public/sepa/mandate-form?lang=de' });
    expect(form.statusCode).toBe(200);
    const body = form.json();
    expect(body).toMatchObject({
      available: true,
      creditorName: CREDITOR.creditorName,
      creditorId: CREDITOR.creditorId,
      version: 'sepa-core-2026-03',
      language: 'de',
      prenotificationDays: 14,
      collectionDays: [1, 15],
      // Signed on Monday 2 March 2026: 14 days' notice, the 15th is a Sunday → Monday 16 March.
      firstCollections: [
        { day: 1, date: '2026-04-01' },
        { day: 15, date: '2026-03-16' },
      ],
      addressCountries: ['AD', 'CH', 'GB', 'GI', 'MC', 'SM', 'VA'],
    });
    expect(body.text).toContain(`Ich ermächtige ${CREDITOR.creditorName}, Zahlungen von meinem Konto`);
    expect(body.text).toContain(`Gläubiger-Identifikationsnummer ${CREDITOR.creditorId}`);
    expect(body.text).toContain('mindestens 14 Kalendertage vorher');
    const it = (
      await t.app.inject({ method: 'GET', url: '/api/v1/public/sepa/mandate-form?lang=it' })
    ).json();
    expect(it.text).toContain(
      `l'autorizzazione a ${CREDITOR.creditorName} a richiedere alla banca del debitore`,
    );
    const en = (
      await t.app.inject({ method: 'GET', url: '/api/v1/public/sepa/mandate-form?lang=en' })
    ).json();
    expect(en.text).toContain('A refund must be claimed within 8 weeks');
  });

  it('is not offered until the creditor is set up, and then refuses mandates', async () => {
    t = await sepaApp(engine, { configure: false });
    const form = (await t.app.inject({ method: 'GET', url: '/api/v1/public/sepa/mandate-form' })).json();
    expect(form).toMatchObject({ available: false, text: null });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/sepa/mandates',
      payload: mandateBody(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SEPA_NOT_AVAILABLE');
    expect(await count(t, 'sepa_mandates')).toBe(0);
  });

  it('stores a signed mandate with its required fields and confirms the reference and first collection', async () => {
    t = await sepaApp(engine);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/sepa/mandates',
      headers: { 'user-agent': 'Mozilla/5.0 (test phone)' },
      payload: mandateBody({
        consents: [{ channel: 'email', purpose: 'news', version: 'donate-form-2026-02' }],
      }),
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'active',
      creditorName: CREDITOR.creditorName,
      creditorId: CREDITOR.creditorId,
      debtorName: 'Juergen Mueller',
      ibanMasked: 'DE89 … 3000',
      amountMinor: 1000,
      currency: 'EUR',
      dayOfMonth: 15,
      firstCollectionDate: '2026-03-16',
      prenotificationDays: 14,
      campaign: { slug: 'un-pasto', name: 'Un pasto per tutti' },
      wordingVersion: 'sepa-core-2026-03',
    });
    expect(c.reference).toMatch(/^FILO-M-[0-9A-Z]{12}$/);
    expect(c.manageUrl).toMatch(/\/donate\/manage\/sdm_[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    // The full IBAN is in no answer.
    expect(res.body).not.toContain('370400440532013000');

    const row = await t.t.store.db.selectFrom('sepa_mandates').selectAll().executeTakeFirstOrThrow();
    const form = (
      await t.app.inject({ method: 'GET', url: '/api/v1/public/sepa/mandate-form?lang=de' })
    ).json();
    expect(row).toMatchObject({
      reference: c.reference,
      scheme: 'CORE',
      creditor_id: CREDITOR.creditorId,
      creditor_name: CREDITOR.creditorName,
      debtor_name: 'Juergen Mueller',
      debtor_iban: 'DE89370400440532013000',
      debtor_iban_masked: 'DE89 … 3000',
      debtor_country: 'DE',
      debtor_bic: null,
      debtor_address: null,
      signed_on: '2026-03-02',
      signed_at: '2026-03-02T10:00:00.000Z',
      signing_channel: 'web',
      signing_ip: '127.0.0.1',
      signing_user_agent: 'Mozilla/5.0 (test phone)',
      wording_version: 'sepa-core-2026-03',
      wording_language: 'de',
      // The wording exactly as the form showed it.
      wording: form.text,
      currency: 'EUR',
      day_of_month: 15,
      prenotification_days: 14,
      first_due_on: '2026-03-16',
      status: 'active',
      language: 'de',
    });
    expect(Number(row.amount_minor)).toBe(1000);
    const contact = await t.ctx.contacts.get(row.contact_id!);
    expect(contact).toMatchObject({
      email: 'juergen@example.org',
      displayName: 'Jürgen Müller',
      language: 'de',
    });
    expect(contact.consents).toEqual([
      expect.objectContaining({
        channel: 'email',
        purpose: 'news',
        status: 'granted',
        wordingVersion: 'donate-form-2026-02',
      }),
    ]);
    // The pre-notification goes out by e-mail (once).
    const notice = await t.queue!.getJob(`sepa.notice.confirmed.${row.id}`);
    expect(notice?.payload).toEqual({ mandateId: row.id, kind: 'mandate.confirmed' });
  });

  it('takes an account outside the EEA with its BIC and the holder’s address', async () => {
    t = await sepaApp(engine);
    await signMandate(t, {
      iban: 'GB82WEST12345698765432',
      bic: 'westgb22',
      name: 'Jane Smith',
      email: 'jane@example.org',
      language: 'en',
      address: { street: '1 High Street', postcode: 'SW1A 1AA', town: 'London', country: 'GB' },
    });
    const row = await t.t.store.db.selectFrom('sepa_mandates').selectAll().executeTakeFirstOrThrow();
    expect(row.debtor_bic).toBe('WESTGB22');
    expect(JSON.parse(row.debtor_address!)).toEqual({
      street: '1 High Street',
      postcode: 'SW1A 1AA',
      town: 'London',
      country: 'GB',
    });
  });

  const refusals: Array<[string, Record<string, unknown>, number, string, unknown?]> = [
    [
      'a wrong IBAN check',
      { iban: 'DE89370400440532013001' },
      400,
      'SEPA_IBAN_INVALID',
      { problem: 'checksum' },
    ],
    [
      'an IBAN of the wrong length',
      { iban: 'DE8937040044053201300' },
      400,
      'SEPA_IBAN_INVALID',
      { problem: 'length' },
    ],
    ['no IBAN at all', { iban: 'hello world' }, 400, 'SEPA_IBAN_INVALID', { problem: 'format' }],
    ['an account outside SEPA', { iban: 'BR1800360305000010009795493C1' }, 400, 'SEPA_IBAN_NOT_SEPA'],
    [
      'no authorisation',
      { authorisation: { accepted: false, version: 'sepa-core-2026-03' } },
      400,
      'SEPA_AUTHORISATION_MISSING',
    ],
    [
      'an old wording',
      { authorisation: { accepted: true, version: 'sepa-core-2020-01' } },
      400,
      'SEPA_MANDATE_TEXT_CHANGED',
    ],
    ['a non-EEA account without BIC', { iban: 'CH9300762011623852957' }, 400, 'SEPA_BIC_REQUIRED'],
    [
      'a non-EEA account without address',
      { iban: 'CH9300762011623852957', bic: 'UBSWCHZH80A' },
      400,
      'SEPA_ADDRESS_REQUIRED',
    ],
    ['a day not offered', { dayOfMonth: 3 }, 400, 'SEPA_DAY_INVALID'],
    ['a name too long for the file', { name: 'A'.repeat(71) }, 400, 'SEPA_NAME_INVALID'],
    ['too small an amount', { amountMinor: 50 }, 400, 'PAYMENT_AMOUNT_INVALID'],
    ['no e-mail or phone', { email: null }, 400, 'PAYMENT_DONOR_INVALID'],
    ['WhatsApp chosen without a phone', { preferredChannel: 'whatsapp' }, 400, 'PAYMENT_DONOR_INVALID'],
    ['a closed campaign', { campaign: 'nessuna' }, 404, 'PAYMENT_CAMPAIGN_NOT_OPEN'],
    [
      'an unknown consent',
      { consents: [{ channel: 'email', version: 'old' }] },
      400,
      'PAYMENT_CONSENT_VERSION_UNKNOWN',
    ],
    ['a missing authorisation field', { authorisation: undefined }, 400, 'VALIDATION_FAILED'],
  ];

  it('refuses bad input with a stable code and stores nothing', async () => {
    t = await sepaApp(engine);
    for (const [i, [what, overrides, status, code, details]] of refusals.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/sepa/mandates',
        // Ten signatures a minute per address: each case comes from its own.
        remoteAddress: `10.0.0.${i + 1}`,
        payload: mandateBody(overrides),
      });
      expect({ what, status: res.statusCode, code: res.json().code }).toEqual({ what, status, code });
      if (details) expect(res.json().details).toEqual(details);
    }
    expect(await count(t, 'sepa_mandates')).toBe(0);
    expect(await count(t, 'contacts')).toBe(0);
    expect(await count(t, 'consents')).toBe(0);
  });

  it('gives the donor the channel they chose for our messages, new or already known', async () => {
    t = await sepaApp(engine);
    await signMandate(t, { phone: '+49 151 2345 6789', preferredChannel: 'email' });
    const id = (await t.ctx.contacts.findByEmail('juergen@example.org'))!.id;
    expect(await t.ctx.contacts.get(id)).toMatchObject({
      phone: '+4915123456789',
      preferredChannel: 'email',
    });
    // A second mandate of theirs, WhatsApp chosen this time: the same supporter, the newest choice.
    await signMandate(t, { phone: '+4915123456789', preferredChannel: 'whatsapp', amountMinor: 500 });
    expect(await count(t, 'contacts')).toBe(1);
    expect((await t.ctx.contacts.get(id)).preferredChannel).toBe('whatsapp');
  });

  it('serves the mandate on the self-service link: change the amount, pause, resume, cancel', async () => {
    t = await sepaApp(engine);
    const signed = await signMandate(t);
    const token = signed.manageUrl.split('/donate/manage/')[1]!;
    const url = `/api/v1/public/recurring/${token}`;
    const get = async () => (await t.app.inject({ method: 'GET', url })).json();
    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, payload });
    expect(await get()).toEqual({
      status: 'active',
      amountMinor: 1000,
      currency: 'EUR',
      campaign: { slug: 'un-pasto', name: 'Un pasto per tutti' },
      minMinor: 100,
      maxMinor: 1_000_000,
    });

    // A new amount is a new pre-notification: it applies from 14 days on.
    const changed = await post({ action: 'amount', amountMinor: 2500 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().amountMinor).toBe(2500);
    const row = await t.t.store.db.selectFrom('sepa_mandates').selectAll().executeTakeFirstOrThrow();
    expect(Number(row.amount_minor)).toBe(1000);
    expect(Number(row.next_amount_minor)).toBe(2500);
    expect(row.next_amount_from).toBe('2026-03-16');
    expect(await t.queue!.getJob(`sepa.notice.amount.${row.id}.2500.2026-03-16`)).toBeDefined();
    expect((await post({ action: 'amount', amountMinor: 5 })).json().code).toBe('PAYMENT_AMOUNT_INVALID');

    expect((await post({ action: 'pause' })).json().status).toBe('paused');
    expect((await post({ action: 'resume' })).json().status).toBe('active');
    const cancelled = await post({ action: 'cancel' });
    expect(cancelled.json().status).toBe('cancelled');
    const after = await t.t.store.db.selectFrom('sepa_mandates').selectAll().executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'cancelled', status_reason: 'donor' });
    expect(await t.queue!.getJob(`payments.notify.sepa-cancelled.donor.${row.id}`)).toBeDefined();
    const again = await post({ action: 'pause' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYMENT_SUBSCRIPTION_CLOSED');

    // A forged token is not a mandate.
    const forged = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/recurring/${row.id}.AAAAAAAAAAAAAAAA`,
    });
    expect(forged.statusCode).toBe(404);
    expect(forged.json().code).toBe('PAYMENT_SUBSCRIPTION_NOT_FOUND');
  });

  it('lets staff read mandates with the IBAN masked, and only writers settle or download', async () => {
    t = await sepaApp(engine);
    await signMandate(t);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sepa/mandates' })).statusCode).toBe(401);
    const list = await api(t, 'GET', '/api/v1/sepa/mandates', undefined, t.keys.agent);
    expect(list.statusCode).toBe(200);
    const [m] = list.json().items;
    expect(m).toMatchObject({ status: 'active', ibanMasked: 'DE89 … 3000', debtorName: 'Juergen Mueller' });
    expect(list.body).not.toContain('370400440532013000');
    const detail = await api(t, 'GET', `/api/v1/sepa/mandates/${m.id}`, undefined, t.keys.auditor);
    expect(detail.json()).toMatchObject({
      scheme: 'CORE',
      signingChannel: 'web',
      wordingVersion: 'sepa-core-2026-03',
    });
    expect(detail.body).not.toContain('370400440532013000');
    expect((await api(t, 'POST', '/api/v1/sepa/batches', {}, t.keys.agent)).statusCode).toBe(403);
    expect(
      (await api(t, 'PUT', '/api/v1/sepa/settings', { prenotificationDays: 5 }, t.keys.fundraiser))
        .statusCode,
    ).toBe(403);
    const bad = await api(t, 'PUT', '/api/v1/sepa/settings', { creditorId: 'DE97ZZZ09999999999' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('SEPA_CREDITOR_ID_INVALID');
    const cancel = await api(t, 'POST', `/api/v1/sepa/mandates/${m.id}/cancel`);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', statusReason: 'staff' });
  });
});

describe('SEPA pre-notification', () => {
  it('e-mails the reference, the first date and the amount, then a changed amount, in the donor’s language', async () => {
    const sent: Array<{ contactId: string; text: string; options: Record<string, unknown> }> = [];
    const conversations: ModuleFactory = () => ({
      name: 'conversations',
      service: {
        sendToContact: async (
          contactId: string,
          message: { text: string },
          options: Record<string, unknown>,
        ) => {
          sent.push({ contactId, text: message.text, options });
          return {};
        },
      },
    });
    const t = await sepaApp('sqlite', { before: [conversations] });
    try {
      const signed = await signMandate(t, {
        language: 'it',
        name: 'Lucia Bianchi',
        email: 'lucia@example.org',
      });
      const row = await t.t.store.db.selectFrom('sepa_mandates').selectAll().executeTakeFirstOrThrow();
      expect(await t.sepa.sendNotice(row.id, 'mandate.confirmed')).toBe('sent');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.contactId).toBe(row.contact_id);
      expect(sent[0]!.options).toEqual({
        purpose: 'service',
        channel: 'email',
        transactional: true,
        dedupeKey: `sepa-notice.${row.id}.mandate.confirmed.1000.2026-03-16`,
      });
      expect(sent[0]!.text).toBe(
        `Ciao Lucia, grazie per il tuo dono mensile con addebito diretto SEPA a ${CREDITOR.creditorName} (codice identificativo del creditore ${CREDITOR.creditorId}). Riferimento del mandato: ${signed.reference}. Preavviso: addebiteremo 10,00\u00a0€ sul conto DE89 … 3000 il 16 marzo 2026, poi il giorno 15 di ogni mese (o il primo giorno lavorativo successivo). Per cambiare l’importo, sospendere o revocare: ${signed.manageUrl}`,
      );
      const token = signed.manageUrl.split('/donate/manage/')[1]!;
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/recurring/${token}`,
        payload: { action: 'amount', amountMinor: 1500 },
      });
      expect(await t.sepa.sendNotice(row.id, 'amount.changed')).toBe('sent');
      // Changed on 2 March: 14 days' notice, so from the collection of 16 March.
      expect(sent[1]!.text).toContain('è ora di 15,00\u00a0€');
      expect(sent[1]!.text).toContain('a partire dal 16 marzo 2026');
    } finally {
      await t.dispose();
    }
  });
});

describe('SEPA mandates and the logs', () => {
  it('never logs an IBAN, a name or an address, even when refusing one', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino(loggerOptions('trace') as pino.LoggerOptions, sink);
    const t = await sepaApp('sqlite', { logger });
    try {
      await signMandate(t);
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/sepa/mandates',
        payload: mandateBody({ iban: 'DE89370400440532013001', name: 'Privata Persona' }),
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/sepa/mandates',
        payload: mandateBody({
          iban: 'CH9300762011623852957',
          bic: 'UBSWCHZH80A',
          address: { street: 'Bahnhofstrasse 7' },
        }),
      });
      const text = lines.join('');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [
        '370400440532013000',
        '370400440532013001',
        '762011623852957',
        'Mueller',
        'Müller',
        'Privata',
        'Bahnhofstrasse',
      ])
        expect(text).not.toContain(secret);
    } finally {
      await t.dispose();
    }
  });
});
