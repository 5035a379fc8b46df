import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botModule } from '../../src/bot';
import { createKnowledgeModule } from '../../src/bot/knowledge';
import { createPaymentsModule } from '../../src/payments';
import { ENGINES } from '../../src/store/testing';
import { createConversationsApp, eventually, type ConversationsTestApp } from '../conversations/support';

// The whole path: a supporter writes on the sandbox phone, the webhook reaches conversations, the
// assistant's dialogue answers, and the reply (with the payment link) arrives on the phone.

describe.each(ENGINES)('giving from a WhatsApp chat, end to end through the sandbox (%s)', (engine) => {
  let t: ConversationsTestApp;
  beforeAll(async () => {
    t = await createConversationsApp(engine, {
      extraModules: [createPaymentsModule(), botModule, createKnowledgeModule()],
    });
    await t.ctx.campaigns.create({
      slug: 'un-pasto',
      name: 'Un pasto per tutti',
      goalMinor: 500_000,
      currency: 'EUR',
    });
    await t.startWorkers();
  }, 120_000);
  afterAll(async () => t.dispose());

  it('"I want to donate 10 euro" is answered with a payment link for €10 to the active campaign', async () => {
    await t.sandbox.phoneSend({ waId: '447700900123', name: 'Sam', text: 'I want to donate 10 euro' });
    const out = await eventually(
      async () => t.sandbox.phoneThread('447700900123').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toContain('€10.00');
    expect(out[0]!.text).toMatch(/\/give\/[A-Za-z0-9_-]+/);
    const links = await t.t.store.db
      .selectFrom('payment_links')
      .select(['amount_minor', 'contact_id'])
      .execute();
    expect(links).toHaveLength(1);
    expect(Number(links[0]!.amount_minor)).toBe(1000);
    const message = await t.t.store.db
      .selectFrom('messages')
      .select(['contact_id', 'status'])
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    expect(links[0]!.contact_id).toBe(message.contact_id);
  });

  it('a request for a person hands the conversation to the inbox with the reason', async () => {
    await t.sandbox.phoneSend({ waId: '447700900456', name: 'Kim', text: 'can I talk to a person please' });
    await eventually(
      async () => t.sandbox.phoneThread('447700900456').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    const conversation = await eventually(
      async () =>
        t.t.store.db
          .selectFrom('conversations')
          .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
          .select(['conversations.mode', 'conversations.handoff_reason'])
          .where('contacts.display_name', '=', 'Kim')
          .executeTakeFirst(),
      (c) => c?.mode === 'agent',
    );
    expect(conversation).toEqual({ mode: 'agent', handoff_reason: 'requested' });
  });
});
