import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botModule } from '../../src/bot';
import { DialogueEngine, type BotAssistant } from '../../src/bot/dialogue';
import { EMAIL_CAPABILITIES, type InboundContent } from '../../src/channels';
import type { AssistantDecision, AssistantInboundMessage, OutboundDraft } from '../../src/conversations';
import { eventsModule, type EventsService, type VirtualEvent } from '../../src/events';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The assistant's event flows through handleInbound, on a real store with the events module, on both
// engines: signing up from the chat (one event, several, none), and "I ran 5 km" with no sign-up, one
// and two, in five languages, with bad figures refused and retries recorded once.

const PUBLIC = 'http://localhost:3000';
const DAY = 24 * 3600 * 1000;

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

/** The ids of the buttons or list rows of the first message. */
function choiceIds(decision: AssistantDecision): string[] {
  const draft = decision.kind === 'reply' ? decision.messages[0] : undefined;
  if (draft?.type === 'buttons') return draft.buttons.map((b) => b.id);
  if (draft?.type === 'list') return draft.sections.flatMap((s) => s.rows.map((r) => r.id));
  return [];
}

describe.each(ENGINES)('assistant event flows (%s)', (engine) => {
  let t: TestApp;
  let assistant: BotAssistant;
  let events: EventsService;
  let first: VirtualEvent;
  let second: VirtualEvent;
  let seq = 0;
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp(engine, { config: { publicUrl: PUBLIC }, modules: [botModule, eventsModule] });
    assistant = t.modules.find((m) => m.name === 'bot')!.service as BotAssistant;
    events = t.modules.find((m) => m.name === 'events')!.service as EventsService;
  }, 120_000);
  afterAll(async () => t.dispose());

  const event = (slug: string, title: Record<string, string>, status: VirtualEvent['status'] = 'published') =>
    events.create({
      slug: `${slug}-${engine}`,
      title,
      kind: 'run',
      startsAt: new Date(now - 10 * DAY).toISOString(),
      endsAt: new Date(now + 20 * DAY).toISOString(),
      goalMetres: 1_000_000,
      status,
    });

  type Who = { contactId: string; conversationId: string };
  async function supporter(language = 'en', name = 'Ada Lovelace'): Promise<Who> {
    const contact = await t.ctx.contacts.create({
      displayName: name,
      phone: `+39334${String(1_000_000 + ++seq).slice(-7)}`,
      language,
    });
    return { contactId: contact.id, conversationId: `cnv_events_${seq}_${engine}` };
  }
  function message(who: Who, content: InboundContent | string, language = 'en'): AssistantInboundMessage {
    const c: InboundContent = typeof content === 'string' ? { kind: 'text', body: content } : content;
    const text =
      c.kind === 'text' ? c.body : c.kind === 'button_reply' || c.kind === 'list_reply' ? c.title : null;
    return {
      messageId: `wamid.events.${engine}.${++seq}`,
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
  const tap = (who: Who, id: string, language = 'en') =>
    say(who, { kind: 'button_reply', id, title: id }, language);

  async function activities(who: Who) {
    return t.t.store.db
      .selectFrom('event_activities as a')
      .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
      .select(['a.event_id', 'a.distance_metres', 'a.duration_seconds', 'a.activity_date', 'a.source'])
      .where('r.contact_id', '=', who.contactId)
      .execute();
  }
  async function registrations(who: Who) {
    return t.t.store.db
      .selectFrom('event_registrations')
      .select(['event_id', 'channel'])
      .where('contact_id', '=', who.contactId)
      .execute();
  }

  it('with no event open, sign-up and "I ran 5 km" are answered (not handed over) and nothing is stored', async () => {
    await event('draft-run', { en: 'Draft run' }, 'draft');
    const who = await supporter();
    const signup = await say(who, 'I want to sign up for the run');
    expect(signup.kind).toBe('reply');
    expect(allText(signup)).toContain('no event open for sign-up');
    const ran = await say(who, 'I ran 5 km');
    expect(ran.kind).toBe('reply');
    expect(allText(ran)).toContain('You are not signed up for an event yet.');
    expect(await registrations(who)).toEqual([]);
  });

  it('signs up from the chat: one open event is offered with yes/no, and yes replies with the event and personal links', async () => {
    first = await event('run-for-water', {
      en: 'Run for Water 2026',
      it: 'Corri per l’acqua 2026',
      de: 'Lauf für Wasser 2026',
    });
    const who = await supporter();
    const ask = await say(who, 'I want to sign up for the run');
    expect(ask.kind).toBe('reply');
    expect(allText(ask)).toContain('Shall I sign you up for “Run for Water 2026”');
    expect(choiceIds(ask)).toEqual([`dlg:event-join:${first.id}`, 'dlg:event-no']);
    expect(await registrations(who)).toEqual([]);

    const joined = await tap(who, `dlg:event-join:${first.id}`);
    expect(joined.kind).toBe('reply');
    const reply = allText(joined);
    expect(reply).toContain('You are signed up for “Run for Water 2026”');
    expect(reply).toContain(`${PUBLIC}/events/${first.slug}`);
    expect(reply).toMatch(new RegExp(`${PUBLIC}/events/me/erg_[a-z0-9]+\\.[A-Za-z0-9_-]+`));
    expect(await registrations(who)).toEqual([{ event_id: first.id, channel: 'whatsapp' }]);

    // Asking again: already signed up, still one registration.
    await say(who, 'register me for the event');
    const again = await tap(who, `dlg:event-join:${first.id}`);
    expect(allText(again)).toContain('You are already signed up for “Run for Water 2026”');
    expect(await registrations(who)).toHaveLength(1);

    // "No, thanks" signs nobody up.
    const other = await supporter();
    await say(other, 'I want to sign up for the run');
    expect(allText(await tap(other, 'dlg:event-no'))).toContain('No problem');
    expect(await registrations(other)).toEqual([]);
  });

  it('"I ran 5 km" with no sign-up offers the event, and signing up records the 5 km told before', async () => {
    const who = await supporter();
    const offer = await say(who, 'I ran 5 km');
    expect(offer.kind).toBe('reply');
    expect(allText(offer)).toContain('You are not signed up for an event yet.');
    expect(choiceIds(offer)).toEqual([`dlg:event-join:${first.id}`, 'dlg:event-no']);
    expect(await activities(who)).toEqual([]);
    const joined = await tap(who, `dlg:event-join:${first.id}`);
    expect(allText(joined)).toContain('You are signed up for “Run for Water 2026”');
    expect(allText(joined)).toContain(`Logged: 5 km on ${today.split('-').reverse().join('/')}`);
    expect(await activities(who)).toEqual([
      {
        event_id: first.id,
        distance_metres: 5000,
        duration_seconds: null,
        activity_date: today,
        source: 'chat',
      },
    ]);
  });

  it('"I ran 5 km" with one sign-up records it at once with the totals; a retried message records once', async () => {
    const who = await supporter();
    await events.register({ eventId: first.id, contactId: who.contactId, channel: 'web' });
    const before = await events.totals(first.id);
    const m = message(who, 'I ran 5k in 30 min');
    const decision = await assistant.handleInbound(m);
    expect(decision.kind).toBe('reply');
    const reply = allText(decision);
    expect(reply).toContain('Logged: 5 km, 30 min');
    expect(reply).toContain('“Run for Water 2026”');
    expect(reply).toContain('Your total: 5 km.');
    const everyone = (before.distanceMetres + 5000) / 1000;
    expect(reply).toContain(`Everyone together: ${everyone} km of the 1,000 km goal.`);
    expect(await assistant.handleInbound(m)).toEqual(decision);
    expect(await activities(who)).toEqual([
      {
        event_id: first.id,
        distance_metres: 5000,
        duration_seconds: 1800,
        activity_date: today,
        source: 'chat',
      },
    ]);
    // The next run adds up.
    expect(allText(await say(who, 'I walked 2.5 km'))).toContain('Your total: 7.5 km.');
  });

  it('answers in the supporter’s language: ho corso 5 km, bin 10 km geradelt, he corrido, j’ai couru', async () => {
    const cases: [string, string, string[]][] = [
      ['it', 'ho corso 5 km', ['Registrato: 5 km', '“Corri per l’acqua 2026”', 'Il tuo totale: 5 km.']],
      [
        'de',
        'bin 10 km geradelt',
        ['Eingetragen: 10 km', '„Lauf für Wasser 2026“', 'Ihre Summe: 10 km.', '(Ziel: 1.000 km)'],
      ],
      ['es', 'he corrido 5 km', ['Registrado: 5 km', 'Tu total: 5 km.']],
      ['fr', "j'ai couru 5 km", ['Enregistré : 5 km', 'Votre total : 5 km.']],
    ];
    for (const [language, said, expected] of cases) {
      const who = await supporter(language);
      await events.register({ eventId: first.id, contactId: who.contactId, channel: 'whatsapp' });
      const decision = await say(who, said, language);
      expect(decision.kind, said).toBe('reply');
      for (const part of expected) expect(allText(decision), said).toContain(part);
    }
  });

  it('refuses absurd or impossible activities in words and stores nothing; asks for the figures when none were given', async () => {
    const who = await supporter();
    await events.register({ eventId: first.id, contactId: who.contactId, channel: 'whatsapp' });
    expect(allText(await say(who, 'I ran 2000 km'))).toContain('more than 1,000 km in one go');
    expect(allText(await say(who, 'I ran 5 km tomorrow'))).toContain('still to come');
    const old = new Date(now - 30 * DAY).toISOString().slice(0, 10).split('-').reverse().join('/');
    expect(allText(await say(who, `I ran 5 km on ${old}`))).toContain('The event runs from');
    expect(await activities(who)).toEqual([]);

    const ask = await say(who, 'I ran today');
    expect(allText(ask)).toContain('How far did you go');
    // A bare figure tells no language: the answer stays in the conversation's.
    const told = await say(who, '8 km');
    expect(allText(told)).toContain('Logged: 8 km');
    expect(allText(told)).toContain('Your total: 8 km.');
    expect((await activities(who)).map((a) => a.distance_metres)).toEqual([8000]);
  });

  it('lists several open events as choices, and signs up for the one picked', async () => {
    second = await event('cycle-for-schools', { en: 'Cycle for Schools', it: 'Pedala per le scuole' });
    await event('closed-swim', { en: 'Closed swim' }, 'closed');
    const who = await supporter();
    const list = await say(who, 'I want to sign up for the run');
    expect(allText(list)).toContain('Which event would you like to join?');
    expect(choiceIds(list)).toEqual([`dlg:event:${first.id}`, `dlg:event:${second.id}`]);
    const confirm = await tap(who, `dlg:event:${second.id}`);
    expect(allText(confirm)).toContain('“Cycle for Schools”');
    expect(choiceIds(confirm)).toEqual([`dlg:event-join:${second.id}`, 'dlg:event-no']);
    await tap(who, `dlg:event-join:${second.id}`);
    expect(await registrations(who)).toEqual([{ event_id: second.id, channel: 'whatsapp' }]);
  });

  it('"I ran 5 km" with two sign-ups asks which event, and records it there once picked', async () => {
    const who = await supporter();
    await events.register({ eventId: first.id, contactId: who.contactId, channel: 'whatsapp' });
    await events.register({ eventId: second.id, contactId: who.contactId, channel: 'whatsapp' });
    const which = await say(who, 'I ran 5 km');
    expect(allText(which)).toContain('which one is this activity for?');
    expect(choiceIds(which).sort()).toEqual(
      [`dlg:event-log:${first.id}`, `dlg:event-log:${second.id}`].sort(),
    );
    expect(await activities(who)).toEqual([]);
    const logged = await tap(who, `dlg:event-log:${second.id}`);
    expect(allText(logged)).toContain('Logged: 5 km');
    expect(allText(logged)).toContain('“Cycle for Schools”');
    expect(await activities(who)).toEqual([
      {
        event_id: second.id,
        distance_metres: 5000,
        duration_seconds: null,
        activity_date: today,
        source: 'chat',
      },
    ]);
  });

  it('on a channel without buttons the choices are a numbered menu and "2" picks', async () => {
    const textOnly = new DialogueEngine({
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
    const list = await textOnly.handleInbound(message(who, 'I want to sign up for the run'));
    expect(allText(list)).toContain('1. Run for Water 2026\n2. Cycle for Schools');
    const confirm = await textOnly.handleInbound(message(who, '2'));
    expect(allText(confirm)).toContain('1. Yes, sign me up\n2. No, thanks');
    const joined = await textOnly.handleInbound(message(who, '1'));
    expect(allText(joined)).toContain('You are signed up for “Cycle for Schools”');
    expect(await registrations(who)).toEqual([{ event_id: second.id, channel: 'whatsapp' }]);
  });

  it('a typed "sì, iscrivimi" or "no" answers the sign-up question (not read as a news subscription)', async () => {
    const who = await supporter('it');
    const ask = await say(who, 'voglio iscrivermi alla corsa', 'it');
    expect(choiceIds(ask)).toEqual([`dlg:event:${first.id}`, `dlg:event:${second.id}`]);
    await tap(who, `dlg:event:${first.id}`, 'it');
    const joined = await say(who, 'Sì, iscrivimi', 'it');
    expect(allText(joined)).toContain('Sei iscritto/a a “Corri per l’acqua 2026”');
    expect(await registrations(who)).toEqual([{ event_id: first.id, channel: 'whatsapp' }]);
    const consents = await t.t.store.db
      .selectFrom('consents')
      .select('id')
      .where('contact_id', '=', who.contactId)
      .execute();
    expect(consents).toEqual([]);

    const other = await supporter('de');
    await say(other, 'ich möchte mich für den Lauf anmelden', 'de');
    await tap(other, `dlg:event:${second.id}`, 'de');
    expect(allText(await say(other, 'nein danke', 'de'))).toContain('Kein Problem');
    expect(await registrations(other)).toEqual([]);
  });

  it('a closed event takes no more activities, and says so', async () => {
    const who = await supporter();
    const late = await event('late-walk', { en: 'Late walk' });
    await events.register({ eventId: late.id, contactId: who.contactId, channel: 'whatsapp' });
    await events.update(late.id, { status: 'closed' });
    await events.register({ eventId: first.id, contactId: who.contactId, channel: 'whatsapp' });
    // The closed event is not a candidate; the open one takes the run.
    expect(allText(await say(who, 'I ran 3 km'))).toContain('“Run for Water 2026”');
    expect(await activities(who)).toHaveLength(1);
  });
});
