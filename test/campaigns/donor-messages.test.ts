import { afterEach, describe, expect, it } from 'vitest';
import { donorMessagesModule, moneyUsedText, thankYouText, type DonorMessages, type DonorMessenger } from '../../src/campaigns';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The donor journeys: a thank-you with the tracking link after every gift with a known donor, and a
// "your money paid for …" message when an approved expense is funded by it — once each, in the
// donor's language, whatever the number of event deliveries.

// Intl puts no-break spaces before € and inside French punctuation; compare with plain spaces.
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('donor message texts', () => {
  it('speaks the donor’s language and formats money and dates for it', () => {
    const base = {
      displayName: 'Anna Weber',
      amountMinor: 123456,
      currency: 'EUR',
      project: 'Doposcuola',
      link: 'https://x.org/track/abc',
    };
    expect(nbsp(thankYouText({ ...base, language: 'de' }))).toBe(
      'Danke Anna! Wir haben deine Spende über 1.234,56 € für „Doposcuola“ erhalten. Verfolge jeden Euro bis zur Ausgabe, die er bezahlt: https://x.org/track/abc',
    );
    expect(nbsp(thankYouText({ ...base, language: 'it', project: null, displayName: null }))).toMatch(
      /^Grazie! Abbiamo ricevuto il tuo dono di 1234,56 €\./,
    );
    expect(nbsp(thankYouText({ ...base, language: 'pt-BR' }))).toMatch(
      /^Thank you Anna! We received your gift of €1,234\.56 for “Doposcuola”/,
    );
    expect(
      nbsp(
        moneyUsedText({
          language: 'fr',
          displayName: 'Chloé Martin',
          amountMinor: 500,
          currency: 'EUR',
          expense: 'Repas',
          spentOn: '2026-11-05',
          link: 'L',
        }),
      ),
    ).toBe(
      'Bonne nouvelle Chloé : 5,00 € de votre don ont payé « Repas » (5 novembre 2026). Facture et preuve cryptographique : L',
    );
  });
});

describe.each(ENGINES)('donor journeys on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.dispose());

  it('thanks each donor once and tells them what their gift paid for', async () => {
    const sent: Array<{ contactId: string; text: string; dedupeKey: string }> = [];
    const keys = new Set<string>();
    const messenger: DonorMessenger = {
      async sendToContact(contactId, message, options) {
        // Like the real conversations module: a dedupe key seen before sends nothing.
        if (keys.has(options.dedupeKey)) return;
        keys.add(options.dedupeKey);
        sent.push({ contactId, text: message.text, dedupeKey: options.dedupeKey });
      },
    };
    t = await createTestApp(engine, {
      modules: [donorMessagesModule, () => ({ name: 'conversations', service: messenger })],
    });
    const journeys = t.modules.find((m) => m.name === 'donor-messages')!
      .service as DonorMessages;
    const project = await t.ctx.projects.create({ slug: 'mensa', name: 'Mensa scolastica' });
    const giulia = await t.ctx.contacts.create({
      displayName: 'Giulia Rossi',
      email: 'giulia@example.org',
      language: 'it',
    });
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 2000,
      feeMinor: 55,
      currency: 'EUR',
      receivedAt: '2026-11-01T10:00:00Z',
      projectId: project.id,
      contactId: giulia.id,
      provider: 'manual',
      providerPaymentId: 'j-1',
    });
    await t.ctx.ledger.recordDonation({
      grossMinor: 700,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-11-02T10:00:00Z',
      projectId: project.id,
      provider: 'manual',
      providerPaymentId: 'anon-1',
    });

    expect(await journeys.thankYou(donation.id)).toBe('sent');
    expect(await journeys.thankYou(donation.id)).toBe('sent'); // a redelivered event
    expect(sent).toHaveLength(1);
    expect(nbsp(sent[0]!.text)).toBe(
      `Grazie Giulia! Abbiamo ricevuto il tuo dono di 20,00 € per «Mensa scolastica». Qui puoi seguire ogni euro, fino alla spesa che pagherà: http://localhost:3000/track/${donation.receiptCode}`,
    );

    const expense = await t.ctx.ledger.createExpense(
      {
        payee: 'Coop',
        spentOn: '2026-11-05',
        amountMinor: 2500,
        currency: 'EUR',
        category: 'food',
        description: 'Pasti di novembre',
        projectId: project.id,
      },
      null,
    );
    await t.ctx.ledger.approveExpense(expense.id, 'usr_accountant');
    expect(await journeys.moneyUsed(donation.id, expense.id)).toBe('sent');
    expect(nbsp(sent[1]!.text)).toMatch(
      /^Buone notizie Giulia: 19,45 € del tuo dono hanno pagato «Pasti di novembre» \(5 novembre 2026\)\./,
    );
    expect(sent[1]!.dedupeKey).toBe(`money-used.${donation.id}.${expense.id}`);
  });

  it('sends through the queue from the ledger’s own events, once per gift', async () => {
    const sent: string[] = [];
    const messenger: DonorMessenger = {
      async sendToContact(_contactId, _message, options) {
        sent.push(options.dedupeKey);
      },
    };
    t = await createTestApp(engine, {
      modules: [donorMessagesModule, () => ({ name: 'conversations', service: messenger })],
    });
    await t.startWorkers();
    const contact = await t.ctx.contacts.create({
      displayName: 'Lena Müller',
      email: 'lena@example.org',
      language: 'de',
    });
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 500,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-11-03T10:00:00Z',
      contactId: contact.id,
      provider: 'manual',
      providerPaymentId: 'q-1',
    });
    const deadline = Date.now() + 5000;
    await t.ctx.ledger.flushOutbox(t.events!);
    await t.ctx.ledger.flushOutbox(t.events!);
    while (sent.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // room for a duplicate to show up, if there were one
    expect(sent).toEqual([`thank-you.${donation.id}`]);
  });
});
