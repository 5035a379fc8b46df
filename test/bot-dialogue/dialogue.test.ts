import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botModule } from '../../src/bot';
import { DialogueEngine, type BotAssistant } from '../../src/bot/dialogue';
import { createKnowledgeModule, type KnowledgeService } from '../../src/bot/knowledge';
import { EMAIL_CAPABILITIES, type InboundContent } from '../../src/channels';
import type { AssistantDecision, AssistantInboundMessage, OutboundDraft } from '../../src/conversations';
import { createPaymentsModule, receiptsModule, type ReceiptsService } from '../../src/payments';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// Every flow of the dialogue layer through handleInbound, on a real store with the ledger, contacts,
// payments, receipts and the knowledge base, on both engines.

const PUBLIC = 'http://localhost:3000';

function bodyOf(draft: OutboundDraft | undefined): string {
  if (!draft) return '';
  switch (draft.type) {
    case 'text':
    case 'buttons':
    case 'list':
      return draft.body;
    case 'media':
    case 'template':
      return '';
  }
}

function allText(decision: AssistantDecision): string {
  return decision.kind === 'none' ? '' : (decision.messages ?? []).map(bodyOf).join('\n');
}

describe.each(ENGINES)('assistant dialogue flows (%s)', (engine) => {
  let t: TestApp;
  let assistant: BotAssistant;
  let knowledge: KnowledgeService;
  let campaignId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp(engine, {
      config: { publicUrl: PUBLIC },
      modules: [createPaymentsModule(), receiptsModule, botModule, createKnowledgeModule()],
    });
    assistant = t.modules.find((m) => m.name === 'bot')!.service as BotAssistant;
    knowledge = t.modules.find((m) => m.name === 'knowledge')!.service as KnowledgeService;
    campaignId = (
      await t.ctx.campaigns.create({
        slug: 'un-pasto',
        name: 'Un pasto per tutti',
        goalMinor: 500_000,
        currency: 'EUR',
      })
    ).id;
  }, 120_000);
  afterAll(async () => t.dispose());

  async function supporter(language = 'en', name = 'Ada') {
    const contact = await t.ctx.contacts.create({
      displayName: name,
      phone: `+39333${String(1_000_000 + ++seq).slice(-7)}`,
      language,
    });
    return { contactId: contact.id, conversationId: `cnv_test_${seq}_${engine}` };
  }

  type Who = { contactId: string; conversationId: string };
  function message(who: Who, content: InboundContent | string, language = 'en'): AssistantInboundMessage {
    const c: InboundContent = typeof content === 'string' ? { kind: 'text', body: content } : content;
    const text =
      c.kind === 'text' ? c.body : c.kind === 'button_reply' || c.kind === 'list_reply' ? c.title : null;
    return {
      messageId: `wamid.test.${engine}.${++seq}`,
      conversationId: who.conversationId,
      contactId: who.contactId,
      channel: 'whatsapp',
      language,
      text,
      content: c,
      receivedAt: new Date().toISOString(),
    };
  }
  const say = (who: Who, content: InboundContent | string, language = 'en') =>
    assistant.handleInbound(message(who, content, language));

  async function links(contactId: string) {
    return t.t.store.db
      .selectFrom('payment_links')
      .select(['amount_minor', 'campaign_id', 'contact_id'])
      .where('contact_id', '=', contactId)
      .execute();
  }

  it('gives from the chat: an amount said in the message becomes a payment link for the contact and campaign', async () => {
    const who = await supporter();
    const decision = await say(who, 'I want to donate 10 euro');
    expect(decision.kind).toBe('reply');
    const reply = allText(decision);
    expect(reply).toContain('€10.00');
    expect(reply).toContain('Un pasto per tutti');
    expect(reply).toMatch(new RegExp(`${PUBLIC}/give/[A-Za-z0-9_-]+`));
    const rows = await links(who.contactId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ campaign_id: campaignId, contact_id: who.contactId });
    expect(Number(rows[0]!.amount_minor)).toBe(1000);
  });

  it('offers amount buttons, then makes the link for the tapped amount', async () => {
    const who = await supporter();
    const ask = await say(who, 'I would like to make a donation');
    expect(ask.kind).toBe('reply');
    const draft = ask.kind === 'reply' ? ask.messages[0] : undefined;
    expect(draft?.type).toBe('buttons');
    if (draft?.type !== 'buttons') throw new Error('no buttons');
    expect(draft.buttons.map((b) => b.id)).toEqual(['dlg:amount:500', 'dlg:amount:1000', 'dlg:amount:2000']);
    expect(draft.buttons.map((b) => b.title)).toEqual(['€5.00', '€10.00', '€20.00']);
    expect(await links(who.contactId)).toHaveLength(0);
    const tapped = await say(who, { kind: 'button_reply', id: 'dlg:amount:2000', title: '€20.00' });
    expect(allText(tapped)).toContain('€20.00');
    expect(allText(tapped)).toContain('/give/');
    expect((await links(who.contactId)).map((r) => Number(r.amount_minor))).toEqual([2000]);
  });

  it('takes a typed amount while waiting for one, and refuses one out of range without a link', async () => {
    const who = await supporter('it');
    await say(who, 'vorrei fare una donazione', 'it');
    const tooSmall = await say(who, '0,50', 'it');
    expect(allText(tooSmall)).toContain('1,00 €');
    expect(await links(who.contactId)).toHaveLength(0);
    const typed = await say(who, '15', 'it');
    expect(allText(typed)).toContain('15,00 €');
    expect(allText(typed)).toContain('Ecco il tuo link');
    expect((await links(who.contactId)).map((r) => Number(r.amount_minor))).toEqual([1500]);
  });

  it('answers a retried message with the same decision and no second payment link', async () => {
    const who = await supporter();
    const m = message(who, 'I want to donate 5 euro');
    const first = await assistant.handleInbound(m);
    const again = await assistant.handleInbound(m);
    const racing = await Promise.all([assistant.handleInbound(m), assistant.handleInbound(m)]);
    expect(again).toEqual(first);
    expect(racing).toEqual([first, first]);
    expect(await links(who.contactId)).toHaveLength(1);
  });

  it('where is my money: the recent gifts with the exact ledger amounts, what they paid for and /track links', async () => {
    const who = await supporter();
    const project = await t.ctx.projects.create({
      slug: `meals-${engine}`,
      name: 'School meals',
      description: '',
    });
    const first = await t.ctx.ledger.recordDonation({
      grossMinor: 500,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-03-01T10:00:00Z',
      contactId: who.contactId,
      projectId: project.id,
      provider: 'manual',
      providerPaymentId: `status-a-${engine}`,
    });
    const second = await t.ctx.ledger.recordDonation({
      grossMinor: 1250,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-03-05T10:00:00Z',
      contactId: who.contactId,
      provider: 'manual',
      providerPaymentId: `status-b-${engine}`,
    });
    const expense = await t.ctx.ledger.createExpense(
      {
        payee: 'Cucina srl',
        spentOn: '2026-03-10',
        amountMinor: 300,
        currency: 'EUR',
        category: 'food',
        description: 'Lunches for class 3B',
        projectId: project.id,
        evidence: [
          {
            filename: 'invoice.txt',
            mimeType: 'text/plain',
            content: new TextEncoder().encode(`inv ${engine}`),
          },
        ],
      },
      null,
    );
    await t.ctx.ledger.approveExpense(expense.id, 'usr_test');
    const decision = await say(who, 'where is my money?');
    expect(decision.kind).toBe('reply');
    const reply = allText(decision);
    expect(reply).toContain('€5.00');
    expect(reply).toContain('€12.50');
    expect(reply).toContain('€3.00 for Lunches for class 3B (10/03/2026)');
    expect(reply).toContain('Still to be spent: €2.00');
    expect(reply).toContain(`${PUBLIC}/track/${first.donation.receiptCode}`);
    expect(reply).toContain(`${PUBLIC}/track/${second.donation.receiptCode}`);
    expect(reply).toContain('School meals');
    // A supporter without gifts is told so, with no figure invented.
    const nobody = await supporter();
    const none = await say(nobody, 'where is my money?');
    expect(allText(none)).toContain('cannot find any gift');
  });

  it('faq and project news answer from the knowledge base citing the entry; no confident hit hands over', async () => {
    await knowledge.create({
      language: 'en',
      sourceId: `tax-${engine}`,
      question: 'Are donations tax deductible?',
      phrasings: ['can I deduct my gift from my taxes'],
      answer: 'Yes: gifts to us can be deducted within the limits of the law. Keep your receipt.',
    });
    const who = await supporter();
    const faq = await say(who, 'Are donations tax deductible?');
    expect(faq.kind).toBe('reply');
    expect(allText(faq)).toContain('can be deducted');
    expect(allText(faq)).toContain('Source: Are donations tax deductible?');

    await t.ctx.projects.create({
      slug: `well-${engine}`,
      name: 'Un pozzo a Kitui',
      description: 'Il pozzo di Kitui è scavato: mancano la pompa e la cisterna.',
    });
    const it = await supporter('it');
    const news = await say(it, 'ci sono novità sul progetto?', 'it');
    expect(news.kind).toBe('reply');
    expect(allText(news)).toContain('Fonte: ');

    // A question the knowledge base has no entry for goes to a person.
    expect(await say(who, 'What is your office address?')).toMatchObject({
      kind: 'handoff',
      reason: 'no_answer',
    });
  });

  it('subscribe and unsubscribe record the news consent once each, and confirm', async () => {
    const who = await supporter();
    const yes = await say(who, 'I want to receive your news');
    expect(allText(yes)).toContain('you will receive our news');
    await say(who, 'I want to receive your news');
    const no = await say(who, 'stop sending me news');
    expect(allText(no)).toContain('no longer receive');
    const rows = await t.t.store.db
      .selectFrom('consents')
      .select(['channel', 'purpose', 'status', 'source'])
      .where('contact_id', '=', who.contactId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { channel: 'whatsapp', purpose: 'news', status: 'granted', source: 'assistant' },
      { channel: 'whatsapp', purpose: 'news', status: 'revoked', source: 'assistant' },
    ]);
  });

  it('recurring change gives the self-service link when there is a regular gift, else hands over', async () => {
    const who = await supporter();
    expect(await say(who, 'I want to change my monthly donation')).toMatchObject({
      kind: 'handoff',
      reason: 'no_recurring_gift',
    });
    await t.t.store.db
      .insertInto('payment_subscriptions')
      .values({
        id: `psub_${engine}_${seq}`,
        provider: 'sandbox',
        provider_subscription_id: `sub_${engine}_${seq}`,
        checkout_id: null,
        contact_id: who.contactId,
        campaign_id: campaignId,
        amount_minor: 1500,
        currency: 'EUR',
        status: 'active',
        manage_token_hash: `hash-${engine}-${seq}`,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const decision = await say(who, 'I want to change my monthly donation');
    expect(decision.kind).toBe('reply');
    expect(allText(decision)).toContain('€15.00');
    expect(allText(decision)).toMatch(new RegExp(`${PUBLIC}/donate/manage/psub_${engine}_\\d+\\.`));
  });

  it('receipt request gives the public download link once a receipt is issued, else hands over', async () => {
    const who = await supporter();
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 2500,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-02-02T10:00:00Z',
      contactId: who.contactId,
      provider: 'manual',
      providerPaymentId: `receipt-${engine}`,
    });
    expect(await say(who, 'can I get a receipt for my donation')).toMatchObject({
      kind: 'handoff',
      reason: 'no_receipt',
    });
    const receipts = t.modules.find((m) => m.name === 'receipts')!.service as ReceiptsService;
    await receipts.issue(donation.id);
    const decision = await say(who, 'can I get a receipt for my donation');
    expect(decision.kind).toBe('reply');
    expect(allText(decision)).toContain(
      `${PUBLIC}/api/v1/public/donations/${donation.receiptCode}/receipt.pdf`,
    );
    expect(allText(decision)).toContain('€25.00');
  });

  it('hands over with the reason: asked, complaint, twice not understood', async () => {
    const who = await supporter();
    expect(await say(who, 'can I talk to a person')).toMatchObject({ kind: 'handoff', reason: 'requested' });
    expect(await say(who, 'this is unacceptable, I am very angry')).toMatchObject({
      kind: 'handoff',
      reason: 'complaint',
    });
    const other = await supporter();
    const once = await say(other, 'blorf snark wibble');
    expect(once.kind).toBe('reply');
    expect(allText(once)).toContain('did not understand');
    const twice = await say(other, 'asdkj qwpoe zxmv');
    expect(twice).toMatchObject({ kind: 'handoff', reason: 'low_confidence' });
    // Understood in between resets the count.
    const third = await supporter();
    await say(third, 'blorf snark wibble');
    await say(third, 'hello');
    expect((await say(third, 'blorf snark wibble')).kind).toBe('reply');
  });

  it('greets with a list menu on WhatsApp (four choices, three buttons at most); a choice starts its flow', async () => {
    const who = await supporter('de');
    const hello = await say(who, 'Hallo', 'de');
    const draft = hello.kind === 'reply' ? hello.messages[0] : undefined;
    expect(draft?.type).toBe('list');
    if (draft?.type !== 'list') throw new Error('no list');
    expect(draft.sections[0]!.rows.map((r) => r.id)).toEqual([
      'dlg:donate',
      'dlg:status',
      'dlg:news',
      'dlg:human',
    ]);
    expect(draft.body).toContain('Test ETS');
    const chosen = await say(
      who,
      { kind: 'list_reply', id: 'dlg:human', title: 'Mit einem Menschen', description: null },
      'de',
    );
    expect(chosen).toMatchObject({ kind: 'handoff', reason: 'requested' });
  });

  it('on a channel without buttons the menu is numbered text, and "2" picks the second choice', async () => {
    const engineNoButtons = new DialogueEngine({
      store: t.t.store,
      understand: (text, options) => assistant.bot.understand(text, options),
      ledger: t.ctx.ledger,
      contacts: t.ctx.contacts,
      campaigns: t.ctx.campaigns,
      organisation: t.ctx.organisation,
      publicUrl: PUBLIC,
      modules: new Map(t.modules.map((m) => [m.name, m])),
      capabilities: () => EMAIL_CAPABILITIES,
    });
    const who = await supporter();
    const hello = await engineNoButtons.handleInbound(message(who, 'hello'));
    const draft = hello.kind === 'reply' ? hello.messages[0] : undefined;
    expect(draft?.type).toBe('text');
    expect(bodyOf(draft)).toContain(
      '1. Make a gift\n2. Where is my gift\n3. Project news\n4. Talk to a person',
    );
    const two = await engineNoButtons.handleInbound(message(who, '2'));
    expect(allText(two)).toContain('cannot find any gift');
    const one = await engineNoButtons.handleInbound(message(who, 'I would like to make a donation'));
    expect(bodyOf(one.kind === 'reply' ? one.messages[0] : undefined)).toContain('1. €5.00');
    const picked = await engineNoButtons.handleInbound(message(who, '3'));
    expect(allText(picked)).toContain('€20.00');
    expect((await links(who.contactId)).map((r) => Number(r.amount_minor))).toEqual([2000]);
  });

  it('bad input is answered politely or handed over, never thrown', async () => {
    const who = await supporter();
    const inputs: (string | InboundContent)[] = [
      '',
      '   ',
      '🙂🙂🙂',
      'a'.repeat(10_000),
      'donate '.repeat(1500),
      '\u0000\u0001\u0002\u0003\u0004\ufffd\ufffd\u0007',
      String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 7919) % 65_000)),
      'Привет, как дела? Хочу помочь',
      '你好，我想捐款',
      { kind: 'reaction', messageId: 'wamid.x', emoji: '👍' },
      {
        kind: 'audio',
        media: {
          id: 'm1',
          mimeType: 'audio/ogg',
          sha256: null,
          caption: null,
          filename: null,
          voice: true,
          animated: false,
        },
      },
      { kind: 'unsupported', providerType: 'order', reason: 'unknown_type', errors: [] },
      { kind: 'button_reply', id: 'dlg:amount:99999999999', title: '?' },
      { kind: 'button_reply', id: 'not-ours', title: 'hello' },
    ];
    for (const input of inputs) {
      const other = await supporter();
      const decision = await say(other, input);
      expect(['reply', 'handoff', 'none']).toContain(decision.kind);
      if (decision.kind !== 'none') {
        for (const m of decision.messages ?? []) expect(bodyOf(m).length).toBeLessThanOrEqual(4096);
      }
    }
    expect(await say(who, { kind: 'reaction', messageId: 'wamid.y', emoji: '❤️' })).toEqual({ kind: 'none' });
    expect(await say(who, 'Привет, как дела? Хочу помочь')).toMatchObject({
      kind: 'handoff',
      reason: 'unsupported_language',
    });
    const emoji = await say(who, '🙂🙂🙂');
    expect(emoji.kind).toBe('reply');
  });

  it('forgets a contact on erasure', async () => {
    const who = await supporter();
    await say(who, 'hello');
    await t.modules.find((m) => m.name === 'bot')!.eraseContact!(who.contactId);
    const left = await t.t.store.db
      .selectFrom('dialogue_turns')
      .select('message_id')
      .where('contact_id', '=', who.contactId)
      .execute();
    expect(left).toHaveLength(0);
  });
});
