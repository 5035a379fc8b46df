import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebchatEmailModule, type WebchatEmailService } from '../../src/channels';
import { parseMessage, textOf } from '../../src/channels/email/mime';
import { donorMessagesModule, type DonorMessages } from '../../src/campaigns';
import type { ConversationsApi } from '../../src/conversations';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  quiescent,
  sandboxOutbox,
  SLOW_MACHINE_TIMEOUTS,
  type ConversationsTestApp,
} from '../conversations/support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

// The donor journeys on the donor's preferred channel, with the real conversations, WhatsApp sandbox
// and e-mail (sandbox outbox) modules: WhatsApp for a donor who agreed to it, otherwise a
// transactional e-mail with a subject and the tracking link; nothing for a donor who unsubscribed;
// one message per gift however often the ledger's event or the job is delivered.

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe.each(ENGINES)('the donor thank-you on the preferred channel (%s)', (engine) => {
  let t: ConversationsTestApp;
  let journeys: DonorMessages;
  let email: WebchatEmailService;
  beforeAll(async () => {
    t = await createConversationsApp(engine, {
      extraModules: [donorMessagesModule, createWebchatEmailModule({ env: { FILO_WEBCHAT: 'false' } })],
    });
    await t.startWorkers();
    journeys = t.modules.find((m) => m.name === 'donor-messages')!.service as DonorMessages;
    email = t.modules.find((m) => m.name === 'webchat-email')!.service as WebchatEmailService;
  });
  afterAll(async () => t.dispose());

  const outbox = (address: string) => sandboxOutbox(t, address);

  const gift = async (contactId: string, key: string, grossMinor = 1200) => {
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
      contactId,
      provider: 'manual',
      providerPaymentId: key,
    });
    await t.ctx.ledger.flushOutbox(t.events!);
    return donation;
  };

  it('e-mails a donor who gave only an address: subject, their language, the tracking link, once', async () => {
    const marta = await t.ctx.contacts.create({
      displayName: 'Marta Conti',
      email: 'marta.conti@example.it',
      language: 'it',
    });
    const donation = await gift(marta.id, 'mail-1');
    // A lost "sent" mark publishes the event again; the job runs once more by hand too.
    await t.t.store.db.updateTable('ledger_outbox').set({ sent_at: null }).execute();
    await t.ctx.ledger.flushOutbox(t.events!);
    const mails = await eventually(
      () => outbox('marta.conti@example.it'),
      (rows) => rows.length > 0,
    );
    expect(await journeys.thankYou(donation.id)).toBe('sent');
    await quiescent(t);
    expect(await outbox('marta.conti@example.it')).toHaveLength(1);
    const mail = mails[0]!;
    expect(nbsp(mail.subject)).toBe('Grazie per il tuo dono di 12,00 €');
    const text = nbsp(textOf(parseMessage(Buffer.from(mail.raw, 'utf8'))!));
    expect(text).toContain('Ciao Marta,');
    expect(text).toContain('abbiamo ricevuto il tuo dono di 12,00 €. Grazie di cuore!');
    expect(text).toContain(
      `Qui puoi seguire ogni euro, fino alla spesa che pagherà:\nhttp://localhost:3000/track/${donation.receiptCode}`,
    );
    expect(text).toContain('Test ETS');
    // A thank-you is transactional: no unsubscribe header or footer.
    expect(mail.raw).not.toMatch(/List-Unsubscribe/i);
    const messages = await t.t.store.db
      .selectFrom('messages')
      .select(['channel', 'purpose', 'dedupe_key'])
      .where('contact_id', '=', marta.id)
      .execute();
    expect(messages).toEqual([
      { channel: 'email', purpose: 'service', dedupe_key: `thank-you.${donation.id}` },
    ]);
    expect(t.sandbox.phoneThread('390000000000').messages).toHaveLength(0);
  });

  it('writes on WhatsApp to a donor who agreed to it, even with an e-mail address', async () => {
    const luca = await t.ctx.contacts.create({
      displayName: 'Luca Neri',
      email: 'luca.neri@example.it',
      phone: '+393331234567',
      language: 'it',
      consents: [
        {
          channel: 'whatsapp',
          purpose: 'service',
          granted: true,
          source: 'donation-form',
          wordingVersion: 'donate-form-2026-02',
          wording: 'Mandatemi su WhatsApp il ringraziamento e il link per seguire il mio dono.',
        },
      ],
    });
    const donation = await gift(luca.id, 'wa-1');
    const out = await eventually(
      async () => t.sandbox.phoneThread('393331234567').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    await quiescent(t);
    expect(out[0]!.text).toContain(`/track/${donation.receiptCode}`);
    expect(t.sandbox.phoneThread('393331234567').messages.filter((m) => m.direction === 'out')).toHaveLength(
      1,
    );
    expect(await outbox('luca.neri@example.it')).toHaveLength(0);
  });

  it('e-mails a donor who asked for e-mail, though WhatsApp would take the message', async () => {
    const anna = await t.ctx.contacts.create({
      displayName: 'Anna Riva',
      email: 'anna.riva@example.it',
      phone: '+393339876543',
      language: 'it',
      preferredChannel: 'email',
      consents: [
        {
          channel: 'whatsapp',
          purpose: 'service',
          granted: true,
          source: 'donation-form',
          wordingVersion: 'donate-form-2026-02',
          wording: 'Mandatemi su WhatsApp il ringraziamento e il link per seguire il mio dono.',
        },
      ],
    });
    const donation = await gift(anna.id, 'pref-mail-1');
    const mails = await eventually(
      () => outbox('anna.riva@example.it'),
      (rows) => rows.length > 0,
    );
    await quiescent(t);
    expect(textOf(parseMessage(Buffer.from(mails[0]!.raw, 'utf8'))!)).toContain(
      `/track/${donation.receiptCode}`,
    );
    expect(await outbox('anna.riva@example.it')).toHaveLength(1);
    expect(t.sandbox.phoneThread('393339876543').messages).toHaveLength(0);

    // Staff change it to WhatsApp: the next thank-you goes there, and only there.
    await t.ctx.contacts.update(anna.id, { preferredChannel: 'whatsapp' });
    const second = await gift(anna.id, 'pref-wa-2', 700);
    const out = await eventually(
      async () => t.sandbox.phoneThread('393339876543').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    await quiescent(t);
    expect(out[0]!.text).toContain(`/track/${second.receiptCode}`);
    expect(await outbox('anna.riva@example.it')).toHaveLength(1);
  });

  it('falls back to e-mail when the phone has no WhatsApp consent', async () => {
    const sara = await t.ctx.contacts.create({
      displayName: 'Sara Galli',
      email: 'sara.galli@example.it',
      phone: '+393337654321',
      language: 'en',
    });
    const donation = await gift(sara.id, 'fallback-1', 500);
    const mails = await eventually(
      () => outbox('sara.galli@example.it'),
      (rows) => rows.length > 0,
    );
    await quiescent(t);
    expect(nbsp(mails[0]!.subject)).toBe('Thank you for your gift of €5.00');
    expect(textOf(parseMessage(Buffer.from(mails[0]!.raw, 'utf8'))!)).toContain(
      `\nhttp://localhost:3000/track/${donation.receiptCode}\n`,
    );
    expect(t.sandbox.phoneThread('393337654321').messages).toHaveLength(0);
  });

  it('sends nothing to a donor who unsubscribed from e-mail', async () => {
    const piero = await t.ctx.contacts.create({
      displayName: 'Piero Sala',
      email: 'piero.sala@example.it',
      language: 'it',
    });
    await email.unsubscribe('piero.sala@example.it', 'email_one_click', { test: true });
    const donation = await gift(piero.id, 'optout-1');
    await quiescent(t);
    expect(await journeys.thankYou(donation.id)).toBe('no-consent');
    expect(await outbox('piero.sala@example.it')).toHaveLength(0);
  });

  it('conversations refuse a transactional e-mail once service e-mail is withdrawn, and store nothing', async () => {
    const api = t.modules.find((m) => m.name === 'conversations')!.service as ConversationsApi;
    const ugo = await t.ctx.contacts.create({ email: 'ugo@example.it', language: 'it' });
    await t.ctx.contacts.recordConsent(ugo.id, {
      channel: 'email',
      purpose: 'service',
      granted: false,
      source: 'staff',
      wordingVersion: 'staff-v1',
      wording: 'Asked not to receive any e-mail.',
    });
    await expect(
      api.sendToContact(
        ugo.id,
        { type: 'text', body: 'Grazie', subject: 'Grazie' },
        { purpose: 'service', channel: 'email', transactional: true, dedupeKey: 'withdrawn-1' },
      ),
    ).rejects.toMatchObject({ code: 'CONVERSATION_CONSENT_MISSING' });
    // Without the transactional flag a service e-mail to someone who never wrote needs a yes.
    const vera = await t.ctx.contacts.create({ email: 'vera@example.it', language: 'it' });
    await expect(
      api.sendToContact(vera.id, { text: 'Grazie' }, { purpose: 'service', channel: 'email' }),
    ).rejects.toMatchObject({ code: 'CONVERSATION_CONSENT_MISSING' });
    const stored = await t.t.store.db
      .selectFrom('messages')
      .select('id')
      .where('contact_id', 'in', [ugo.id, vera.id])
      .execute();
    expect(stored).toHaveLength(0);
  });
});
