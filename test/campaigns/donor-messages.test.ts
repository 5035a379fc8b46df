import { afterEach, describe, expect, it } from 'vitest';
import {
  donorChannels,
  donorEmail,
  donorMessagesModule,
  moneyUsedText,
  thankYouText,
  type DonorMessages,
  type DonorMessenger,
} from '../../src/campaigns';
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

describe('the donor’s channel', () => {
  const consent = (channel: string, purpose: string, status: 'granted' | 'revoked') => ({
    channel,
    purpose,
    status,
    source: 'test',
    wordingVersion: 'v1',
    recordedAt: '2026-11-01T00:00:00Z',
  });

  it('prefers WhatsApp for a donor with a phone, then e-mail, and skips what they withdrew', () => {
    const both = { phone: '+393331112223', email: 'a@example.org', consents: [] };
    expect(donorChannels(both)).toEqual(['whatsapp', 'email']);
    expect(donorChannels({ ...both, phone: null })).toEqual(['email']);
    expect(donorChannels({ ...both, email: null })).toEqual(['whatsapp']);
    expect(donorChannels({ phone: null, email: null, consents: [] })).toEqual([]);
    // The channel the donor asked for comes first; the other stays as the fallback.
    expect(donorChannels({ ...both, preferredChannel: 'email' })).toEqual(['email', 'whatsapp']);
    expect(donorChannels({ ...both, preferredChannel: 'whatsapp' })).toEqual(['whatsapp', 'email']);
    // Asked for e-mail but unsubscribed from all e-mail: WhatsApp only.
    expect(
      donorChannels({ ...both, preferredChannel: 'email', consents: [consent('email', 'news', 'revoked')] }),
    ).toEqual(['whatsapp']);
    // STOP on WhatsApp: e-mail only.
    expect(donorChannels({ ...both, consents: [consent('whatsapp', 'service', 'revoked')] })).toEqual([
      'email',
    ]);
    // An unsubscribe (news and fundraising withdrawn on e-mail): no e-mail from the journeys either.
    expect(donorChannels({ ...both, phone: null, consents: [consent('email', 'news', 'revoked')] })).toEqual(
      [],
    );
    expect(donorChannels({ ...both, phone: null, consents: [consent('email', 'news', 'granted')] })).toEqual([
      'email',
    ]);
  });
});

describe('donor e-mails', () => {
  it('has a subject, a greeting, the link on its own line and the organisation’s name, in five languages', () => {
    const link = 'https://x.org/track/abc';
    const it_ = donorEmail(
      'thanks',
      'it',
      { name: ' Giulia', amount: '20,00 €', project: 'Mensa' },
      link,
      'Filo Solidale ETS',
    );
    expect(it_.subject).toBe('Grazie per il tuo dono di 20,00 €');
    expect(it_.body).toBe(
      'Ciao Giulia,\n\nabbiamo ricevuto il tuo dono di 20,00 € per «Mensa». Grazie di cuore!\n\n' +
        `Qui puoi seguire ogni euro, fino alla spesa che pagherà:\n${link}\n\nCon gratitudine,\nFilo Solidale ETS\n`,
    );
    const en = donorEmail(
      'used',
      'en',
      { name: '', amount: '€5.00', expense: 'Meals', date: '5 November 2026' },
      link,
      null,
    );
    expect(en.subject).toBe('Your gift paid for “Meals”');
    expect(en.body).toBe(
      `Hello,\n\nGood news: €5.00 of your gift paid for “Meals” (5 November 2026).\n\nInvoice and cryptographic proof:\n${link}\n\nWith gratitude,\n`,
    );
    for (const lang of ['de', 'es', 'fr'] as const) {
      const mail = donorEmail('thanks', lang, { name: ' Ana', amount: '5 €' }, link, 'Org');
      expect(mail.subject).toContain('5 €');
      expect(mail.body).toContain(`\n${link}\n`);
      expect(mail.body).toContain('Ana');
    }
    expect(
      donorEmail('subscription.cancelled', 'de', { name: '', amount: '10 €' }, '', 'Org').body,
    ).not.toContain('http');
    // A returned SEPA direct debit: the bank's return, the mandate still active, no card to update.
    for (const lang of ['it', 'en', 'de', 'es', 'fr'] as const) {
      const returned = donorEmail('debit.returned', lang, { name: ' Ana', amount: '15 €' }, link, 'Org');
      expect(returned.body).toContain('SEPA');
      expect(returned.body).toContain(`\n${link}\n`);
      expect(returned.body).not.toMatch(/card|carta|Karte|tarjeta|carte/i);
    }
    // One line, bounded, whatever the expense's description holds.
    const long = donorEmail(
      'used',
      'en',
      { name: '', amount: '€1', expense: `a\r\nb ${'x'.repeat(300)}` },
      link,
      null,
    );
    expect(long.subject).not.toMatch(/[\r\n]/);
    expect([...long.subject].length).toBeLessThanOrEqual(150);
  });
});

describe.each(ENGINES)('donor journeys on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.dispose());

  it('thanks each donor once and tells them what their gift paid for', async () => {
    const sent: Array<{ contactId: string; text: string; dedupeKey: string; channel?: string }> = [];
    const keys = new Set<string>();
    const messenger: DonorMessenger = {
      async sendToContact(contactId, message, options) {
        // Like the real conversations module: a dedupe key seen before sends nothing.
        if (keys.has(options.dedupeKey)) return;
        keys.add(options.dedupeKey);
        const text = 'text' in message ? message.text : message.body;
        sent.push({ contactId, text, dedupeKey: options.dedupeKey, channel: options.channel });
      },
    };
    t = await createTestApp(engine, {
      modules: [donorMessagesModule, () => ({ name: 'conversations', service: messenger })],
    });
    const journeys = t.modules.find((m) => m.name === 'donor-messages')!.service as DonorMessages;
    const project = await t.ctx.projects.create({ slug: 'mensa', name: 'Mensa scolastica' });
    const giulia = await t.ctx.contacts.create({
      displayName: 'Giulia Rossi',
      email: 'giulia@example.org',
      phone: '+393331112223',
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
    expect(sent[0]!.channel).toBe('whatsapp'); // a phone comes first; the e-mail address is the fallback
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

  it('e-mails a donor without WhatsApp (transactional, with a subject), and no one who opted out', async () => {
    const sent: Array<{ contactId: string; message: unknown; options: Record<string, unknown> }> = [];
    const messenger: DonorMessenger = {
      async sendToContact(contactId, message, options) {
        sent.push({ contactId, message, options: { ...options } });
      },
    };
    t = await createTestApp(engine, {
      modules: [donorMessagesModule, () => ({ name: 'conversations', service: messenger })],
    });
    const journeys = t.modules.find((m) => m.name === 'donor-messages')!.service as DonorMessages;
    const anna = await t.ctx.contacts.create({
      displayName: 'Anna Weber',
      email: 'anna@example.org',
      language: 'de',
    });
    const gift = async (contactId: string, key: string) =>
      (
        await t!.ctx.ledger.recordDonation({
          grossMinor: 1500,
          feeMinor: 0,
          currency: 'EUR',
          receivedAt: '2026-11-03T10:00:00Z',
          contactId,
          provider: 'manual',
          providerPaymentId: key,
        })
      ).donation;
    const donation = await gift(anna.id, 'e-1');
    expect(await journeys.thankYou(donation.id)).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.options).toMatchObject({
      purpose: 'service',
      channel: 'email',
      transactional: true,
      dedupeKey: `thank-you.${donation.id}`,
    });
    const mail = sent[0]!.message as { type: string; body: string; subject: string };
    expect(mail.type).toBe('text');
    expect(nbsp(mail.subject)).toBe('Danke für deine Spende über 15,00 €');
    expect(mail.body).toContain(`\nhttp://localhost:3000/track/${donation.receiptCode}\n`);
    expect(mail.body).toMatch(/^Hallo Anna,\n\nwir haben deine Spende/);

    const bruno = await t.ctx.contacts.create({
      displayName: 'Bruno',
      email: 'bruno@example.org',
      language: 'it',
      consents: [
        {
          channel: 'email',
          purpose: 'news',
          granted: false,
          source: 'unsubscribe',
          wordingVersion: 'email-unsubscribe-v1',
          wording: 'Unsubscribed.',
        },
      ],
    });
    expect(await journeys.thankYou((await gift(bruno.id, 'e-2')).id)).toBe('no-consent');
    // Wrote STOP on WhatsApp and left no e-mail address: nowhere to write.
    const carla = await t.ctx.contacts.create({
      displayName: 'Carla',
      phone: '+393339990001',
      language: 'it',
      consents: [
        {
          channel: 'whatsapp',
          purpose: 'service',
          granted: false,
          source: 'stop-word',
          wordingVersion: 'stop-v1',
          wording: 'STOP',
        },
      ],
    });
    expect(await journeys.thankYou((await gift(carla.id, 'e-3')).id)).toBe('no-channel');
    expect(sent).toHaveLength(1);
  });
});
