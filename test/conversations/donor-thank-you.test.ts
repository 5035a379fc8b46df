import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { donorMessagesModule } from '../../src/campaigns';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  quiescent,
  SLOW_MACHINE_TIMEOUTS,
  type ConversationsTestApp,
} from './support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

// A gift from a supporter who has not written on WhatsApp today: the thank-you goes out as the
// approved utility template (the free-form text would be refused outside the 24-hour window), with
// the tracking link, once — and not at all to a donor without service consent.

describe.each(ENGINES)('the donor thank-you over WhatsApp (%s)', (engine) => {
  let t: ConversationsTestApp;
  beforeAll(async () => {
    t = await createConversationsApp(engine, { extraModules: [donorMessagesModule] });
    await t.startWorkers();
  });
  afterAll(async () => t.dispose());

  const consent = {
    channel: 'whatsapp' as const,
    purpose: 'service' as const,
    granted: true,
    source: 'donation-form',
    wordingVersion: 'wa-service-v1',
    wording: 'Voglio ricevere su WhatsApp le ricevute delle mie donazioni.',
    proof: { form: 'test' },
  };

  it('sends the thank-you template with the tracking link, once per gift', async () => {
    const giulia = await t.ctx.contacts.create({
      displayName: 'Giulia Rossi',
      phone: '+393331112223',
      language: 'it',
      consents: [consent],
    });
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 500,
      feeMinor: 33,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
      contactId: giulia.id,
      provider: 'manual',
      providerPaymentId: 'wa-thanks-1',
    });
    await t.ctx.ledger.flushOutbox(t.events!);
    await t.t.store.db.updateTable('ledger_outbox').set({ sent_at: null }).execute(); // a lost "sent" mark
    await t.ctx.ledger.flushOutbox(t.events!);
    const thread = await eventually(
      async () => t.sandbox.phoneThread('393331112223').messages,
      (m) => m.some((x) => x.direction === 'out'),
    );
    await quiescent(t);
    const out = t.sandbox.phoneThread('393331112223').messages.filter((m) => m.direction === 'out');
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toContain('Grazie Giulia!');
    expect(out[0]!.text).toContain(`/track/${donation.receiptCode}`);
    expect(thread.length).toBeGreaterThan(0);
  });

  it('does not write to a donor who gave no consent for service messages', async () => {
    const marco = await t.ctx.contacts.create({
      displayName: 'Marco Bianchi',
      phone: '+393334445556',
      language: 'it',
    });
    await t.ctx.ledger.recordDonation({
      grossMinor: 1000,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
      contactId: marco.id,
      provider: 'manual',
      providerPaymentId: 'wa-thanks-2',
    });
    await t.ctx.ledger.flushOutbox(t.events!);
    await quiescent(t);
    expect(t.sandbox.phoneThread('393334445556').messages.filter((m) => m.direction === 'out')).toHaveLength(
      0,
    );
  });

  it('tells a monthly donor their payment failed, with the self-service link, once', async () => {
    const lena = await t.ctx.contacts.create({
      displayName: 'Lena Müller',
      phone: '+4915112345678',
      language: 'de',
      consents: [consent],
    });
    const notice = {
      kind: 'payment.failed',
      contactId: lena.id,
      amountMinor: 1000,
      currency: 'EUR',
      manageUrl: 'http://localhost:3000/recurring/tok123',
    };
    await t.queue!.enqueue('payments.notify', notice, { jobId: 'payments.notify.failed.evt_1' });
    await t.queue!.enqueue('payments.notify', notice, { jobId: 'payments.notify.failed.evt_1' }); // a redelivered event
    const out = await eventually(
      async () => t.sandbox.phoneThread('4915112345678').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    await quiescent(t);
    expect(t.sandbox.phoneThread('4915112345678').messages.filter((m) => m.direction === 'out')).toHaveLength(
      1,
    );
    expect(out[0]!.text).toContain('Hallo Lena, deine monatliche Spende über 10,00');
    expect(out[0]!.text).toContain('http://localhost:3000/recurring/tok123');
  });

  it('tells a donor whose bank returned a SEPA direct debit so, without a card to update or a retry', async () => {
    const marco = await t.ctx.contacts.create({
      displayName: 'Marco Rossi',
      phone: '+393471112223',
      language: 'it',
      consents: [consent],
    });
    await t.queue!.enqueue(
      'payments.notify',
      {
        kind: 'payment.failed',
        contactId: marco.id,
        language: 'it',
        subscriptionId: 'sdm_1',
        mandateReference: 'FILO-M-000123',
        collection: 'E2E-1',
        reason: 'AM04',
        amountMinor: 1500,
        currency: 'EUR',
        manageUrl: 'http://localhost:3000/recurring/tok456',
      },
      { jobId: 'payments.notify.sepa-failed.col_1' },
    );
    const out = await eventually(
      async () => t.sandbox.phoneThread('393471112223').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    expect(out[0]!.text).toContain('addebito diretto SEPA è stato respinto dalla tua banca');
    expect(out[0]!.text).toContain('il prossimo addebito è il mese prossimo');
    expect(out[0]!.text).not.toMatch(/carta|Riproveremo/);
    expect(out[0]!.text).toContain('http://localhost:3000/recurring/tok456');
  });
});
