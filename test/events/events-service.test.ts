import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFiloError } from '../../src/core';
import { createEventsModule, type EventsService, type VirtualEvent } from '../../src/events';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The events service's rules on both engines: what an event, a sign-up and an activity may be, that bad
// input stores nothing, that retries are idempotent, and how totals and the leaderboard come out.

const NOW = new Date('2026-05-10T12:00:00.000Z');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isFiloError(error) ? error.code : `not a FiloError: ${String(error)}`;
  }
}

describe.each(ENGINES)('events service (%s)', (engine) => {
  let t: TestApp;
  let events: EventsService;
  let campaignId: string;
  let seq = 0;
  const clock = { now: () => NOW };

  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [createEventsModule({ clock })] });
    events = t.modules.find((m) => m.name === 'events')!.service as EventsService;
    campaignId = (
      await t.ctx.campaigns.create({
        slug: 'water',
        name: 'Water for all',
        goalMinor: 100_000,
        currency: 'EUR',
      })
    ).id;
  }, 60_000);
  afterAll(async () => t.dispose());

  async function event(
    overrides: Partial<Parameters<EventsService['create']>[0]> = {},
  ): Promise<VirtualEvent> {
    return events.create({
      slug: `run-${engine}-${++seq}`,
      title: { en: 'Run for Water 2026', it: 'Corri per l’acqua 2026' },
      description: 'Run or walk at home, any distance.',
      kind: 'run',
      startsAt: '2026-05-01T00:00:00.000Z',
      endsAt: '2026-05-31T23:59:59.000Z',
      goalMetres: 100_000,
      campaignId,
      status: 'published',
      ...overrides,
    });
  }

  async function person(name: string | null = 'Maria Rossi', timeZone = 'Europe/Rome') {
    return t.ctx.contacts.create({
      displayName: name,
      phone: `+39320${String(1_000_000 + ++seq).slice(-7)}`,
      language: 'it',
      timeZone,
    });
  }

  const count = async (table: 'events' | 'event_registrations' | 'event_activities') =>
    Number(
      (
        await t.t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates an event with a title per language; refuses bad events with stable codes and stores nothing', async () => {
    const created = await event();
    expect(created).toMatchObject({ kind: 'run', status: 'published', goalMetres: 100_000, campaignId });
    expect(created.title).toEqual({ en: 'Run for Water 2026', it: 'Corri per l’acqua 2026' });
    expect(await events.get(created.id)).toEqual(created);
    const before = await count('events');
    const bad: [Partial<Parameters<EventsService['create']>[0]>, string][] = [
      [{ slug: 'Not A Slug' }, 'EVENT_INVALID'],
      [{ slug: created.slug }, 'EVENT_SLUG_TAKEN'],
      [{ slug: 'me' }, 'EVENT_SLUG_TAKEN'],
      [{ title: '  ' }, 'EVENT_INVALID'],
      [{ title: {} }, 'EVENT_INVALID'],
      [{ title: { xx: 'Hi' } as never }, 'EVENT_INVALID'],
      [{ kind: 'fly' as never }, 'EVENT_INVALID'],
      [{ endsAt: '2026-04-01T00:00:00.000Z' }, 'EVENT_INVALID'],
      [{ startsAt: 'soon' }, 'EVENT_INVALID'],
      [{ goalMetres: 0 }, 'EVENT_INVALID'],
      [{ goalMetres: 1.5 }, 'EVENT_INVALID'],
      [{ campaignId: 'cmp_nope' }, 'EVENT_CAMPAIGN_NOT_FOUND'],
      [{ status: 'live' as never }, 'EVENT_INVALID'],
    ];
    for (const [overrides, code] of bad)
      expect(await codeOf(event(overrides)), JSON.stringify(overrides)).toBe(code);
    expect(await count('events')).toBe(before);
  });

  it('publishes and closes; an event with participants cannot go back to draft', async () => {
    const draft = await event({ status: 'draft' });
    expect((await events.openForSignup()).map((e) => e.id)).not.toContain(draft.id);
    const published = await events.update(draft.id, { status: 'published' });
    expect(published.status).toBe('published');
    expect((await events.openForSignup()).map((e) => e.id)).toContain(draft.id);
    await events.register({ eventId: draft.id, contactId: (await person()).id, channel: 'web' });
    expect(await codeOf(events.update(draft.id, { status: 'draft' }))).toBe('EVENT_STATUS_CHANGE_INVALID');
    expect((await events.update(draft.id, { status: 'closed' })).status).toBe('closed');
    expect((await events.openForSignup()).map((e) => e.id)).not.toContain(draft.id);
    expect(await codeOf(events.update(draft.id, { endsAt: '2026-04-01T00:00:00.000Z' }))).toBe(
      'EVENT_INVALID',
    );
    expect(await codeOf(events.update('evt_nope', { status: 'closed' }))).toBe('EVENT_NOT_FOUND');
  });

  it('signs a supporter up once, however often and however concurrently they ask', async () => {
    const e = await event();
    const who = await person();
    const results = await Promise.all([
      events.register({ eventId: e.id, contactId: who.id, channel: 'whatsapp' }),
      events.register({ eventId: e.id, contactId: who.id, channel: 'whatsapp' }),
      events.register({ eventId: e.id, contactId: who.id, channel: 'web' }),
    ]);
    expect(new Set(results.map((r) => r.registration.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const again = await events.register({ eventId: e.id, contactId: who.id, channel: 'web' });
    expect(again).toMatchObject({ created: false, registration: { id: results[0].registration.id } });
    expect(await events.registrationsOf(who.id)).toHaveLength(1);
    expect((await events.participants(e.id)).map((p) => p.contactId)).toEqual([who.id]);

    // Drafts, closed and ended events take no sign-ups; unknown supporters neither.
    const draft = await event({ status: 'draft' });
    expect(await codeOf(events.register({ eventId: draft.id, contactId: who.id, channel: 'web' }))).toBe(
      'EVENT_NOT_FOUND',
    );
    const closed = await event({ status: 'closed' });
    expect(await codeOf(events.register({ eventId: closed.id, contactId: who.id, channel: 'web' }))).toBe(
      'EVENT_CLOSED',
    );
    const ended = await event({ startsAt: '2026-04-01T00:00:00.000Z', endsAt: '2026-04-30T00:00:00.000Z' });
    expect(await codeOf(events.register({ eventId: ended.id, contactId: who.id, channel: 'web' }))).toBe(
      'EVENT_CLOSED',
    );
    expect(await codeOf(events.register({ eventId: e.id, contactId: 'con_nope', channel: 'web' }))).toBe(
      'CONTACT_NOT_FOUND',
    );
    expect(
      await codeOf(events.register({ eventId: e.id, contactId: who.id, channel: 'pigeon' as never })),
    ).toBe('EVENT_INVALID');
    expect(await events.registrationsOf(who.id)).toHaveLength(1);
  });

  it('refuses absurd activities with stable codes and stores nothing', async () => {
    const e = await event();
    const { registration } = await events.register({
      eventId: e.id,
      contactId: (await person()).id,
      channel: 'web',
    });
    const before = await count('event_activities');
    const log = (over: Partial<Parameters<EventsService['logActivity']>[0]>) =>
      codeOf(
        events.logActivity({
          registrationId: registration.id,
          distanceMetres: 5000,
          date: '2026-05-09',
          source: 'chat',
          dedupeKey: `bad-${++seq}`,
          ...over,
        }),
      );
    expect(await log({ distanceMetres: -5000 })).toBe('EVENT_ACTIVITY_NEGATIVE');
    expect(await log({ distanceMetres: 0 })).toBe('EVENT_ACTIVITY_ZERO');
    expect(await log({ distanceMetres: null, durationSeconds: 0 })).toBe('EVENT_ACTIVITY_ZERO');
    expect(await log({ distanceMetres: null })).toBe('EVENT_ACTIVITY_EMPTY');
    expect(await log({ distanceMetres: 1_000_001 })).toBe('EVENT_ACTIVITY_TOO_FAR');
    expect(await log({ durationSeconds: 49 * 3600 })).toBe('EVENT_ACTIVITY_TOO_LONG');
    expect(await log({ distanceMetres: 12.5 })).toBe('EVENT_ACTIVITY_NOT_INTEGER');
    expect(await log({ date: '2026-04-30' })).toBe('EVENT_ACTIVITY_DATE_OUTSIDE');
    expect(await log({ date: '2026-05-11' })).toBe('EVENT_ACTIVITY_DATE_IN_FUTURE');
    expect(await log({ date: '2026-5-9' })).toBe('EVENT_ACTIVITY_DATE_INVALID');
    expect(await log({ note: 'x'.repeat(501) })).toBe('EVENT_ACTIVITY_NOTE_TOO_LONG');
    expect(await log({ dedupeKey: '' })).toBe('EVENT_ACTIVITY_KEY_INVALID');
    expect(await log({ source: 'fax' as never })).toBe('EVENT_INVALID');
    expect(await log({ registrationId: 'erg_nope' })).toBe('EVENT_REGISTRATION_NOT_FOUND');
    expect(await log({ eventId: 'evt_other' })).toBe('EVENT_REGISTRATION_NOT_FOUND');
    await events.update(e.id, { status: 'closed' });
    expect(await log({})).toBe('EVENT_CLOSED');
    const later = await event({ startsAt: '2026-05-20T00:00:00.000Z' });
    const early = await events.register({
      eventId: later.id,
      contactId: (await person()).id,
      channel: 'web',
    });
    expect(await log({ registrationId: early.registration.id, date: '2026-05-10' })).toBe(
      'EVENT_NOT_STARTED',
    );
    expect(await count('event_activities')).toBe(before);
  });

  it('records an activity once per dedupe key; the key with other figures is refused', async () => {
    const e = await event();
    const { registration } = await events.register({
      eventId: e.id,
      contactId: (await person()).id,
      channel: 'web',
    });
    const input = {
      registrationId: registration.id,
      distanceMetres: 5000,
      durationSeconds: 1800,
      date: '2026-05-09',
      source: 'chat' as const,
      note: ' by the river ',
      dedupeKey: 'wamid.ABC',
    };
    const results = await Promise.all([
      events.logActivity(input),
      events.logActivity(input),
      events.logActivity(input),
    ]);
    expect(new Set(results.map((r) => r.activity.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0].activity).toMatchObject({
      distanceMetres: 5000,
      durationSeconds: 1800,
      date: '2026-05-09',
      note: 'by the river',
    });
    expect(await codeOf(events.logActivity({ ...input, distanceMetres: 6000 }))).toBe(
      'EVENT_ACTIVITY_KEY_REUSED',
    );
    // No date means today; both keys count in the totals.
    const today = await events.logActivity({
      ...input,
      date: undefined,
      dedupeKey: 'wamid.DEF',
      durationSeconds: null,
    });
    expect(today.activity.date).toBe('2026-05-10');
    expect(await events.participantTotals(registration.id)).toEqual({
      activities: 2,
      distanceMetres: 10_000,
      durationSeconds: 1800,
    });
    expect(await events.totals(e.id)).toEqual({
      participants: 1,
      activities: 2,
      distanceMetres: 10_000,
      durationSeconds: 1800,
      goalMetres: 100_000,
    });
  });

  it('ranks the leaderboard by distance then time, with first names and initials only', async () => {
    const e = await event();
    const add = async (name: string | null, logs: [number | null, number | null][]) => {
      const who = await person(name);
      const { registration } = await events.register({ eventId: e.id, contactId: who.id, channel: 'web' });
      for (const [i, [m, s]] of logs.entries())
        await events.logActivity({
          registrationId: registration.id,
          distanceMetres: m,
          durationSeconds: s,
          date: '2026-05-08',
          source: 'web',
          dedupeKey: `k${i}`,
        });
      return who;
    };
    await add('Maria Rossi', [
      [5000, null],
      [7000, null],
    ]);
    await add('Hans Peter Müller', [[12_000, 3600]]);
    const luca = await add('Luca Bianchi', [[12_000, 3000]]);
    await add('Anna Verdi', [[12_000, 3000]]);
    await add(null, [[1000, null]]);
    await add('Nobody Yet', []);
    const board = await events.leaderboard(e.id);
    // Distance first, then time; equal figures share a rank.
    expect(board.map((r) => [r.rank, r.name])).toEqual([
      [1, 'Hans M.'],
      [2, 'Luca B.'],
      [2, 'Anna V.'],
      [4, 'Maria R.'],
      [5, null],
    ]);
    expect(JSON.stringify(board)).not.toMatch(/Rossi|Müller|\+39/);
    const totals = await events.totals(e.id);
    expect(totals).toMatchObject({ participants: 6, activities: 6, distanceMetres: 49_000 });

    // An erased supporter leaves the board and their link stops working; the kilometres stay.
    const [lucaRegistration] = await events.registrationsOf(luca.id);
    const link = await events.activityUrl(lucaRegistration!.registration.id);
    await t.ctx.contacts.erase(luca.id);
    await t.modules.find((m) => m.name === 'events')!.eraseContact!(luca.id);
    expect((await events.leaderboard(e.id)).map((r) => r.name)).not.toContain('Luca B.');
    expect((await events.totals(e.id)).distanceMetres).toBe(49_000);
    expect(await codeOf(events.byLink(link.split('/').pop()!))).toBe('EVENT_LINK_INVALID');
    expect(await events.registrationsOf(luca.id)).toEqual([]);
  });

  it('public sign-up: finds or adds the supporter, stores the ticked boxes with their wording, links only a new sign-up', async () => {
    const e = await event();
    const page = await events.publicPage(e.slug, 'en');
    expect(page.event).toMatchObject({
      title: 'Run for Water 2026',
      open: true,
      url: `${t.ctx.config.publicUrl.replace(/\/+$/, '')}/events/${e.slug}`,
    });
    expect(page.campaign).toMatchObject({ slug: 'water', name: 'Water for all', raisedMinor: 0, open: true });
    expect((await events.publicPage(e.slug, 'it')).event.title).toBe('Corri per l’acqua 2026');
    expect((await events.publicPage(e.slug, 'de')).event.title).toBe('Corri per l’acqua 2026'); // organisation's language
    const consent = page.consents.find((c) => c.channel === 'email' && c.purpose === 'news')!;
    const email = `sara.${engine}@example.org`;

    const contactsBefore = await t.ctx.contacts.count();
    const registrationsBefore = await count('event_registrations');
    const refused: [Parameters<EventsService['registerParticipant']>[1], string][] = [
      [{ name: '', email }, 'EVENT_PARTICIPANT_INVALID'],
      [{ name: 'Sara Neri' }, 'EVENT_PARTICIPANT_INVALID'],
      [{ name: 'Sara Neri', email: 'not-an-address' }, 'EVENT_PARTICIPANT_INVALID'],
      [{ name: 'Sara Neri', phone: '333 12' }, 'EVENT_PARTICIPANT_INVALID'],
      [
        { name: 'Sara Neri', email, consents: [{ ...consent, version: 'event-form-1999' }] },
        'EVENT_CONSENT_VERSION_UNKNOWN',
      ],
      [
        {
          name: 'Sara Neri',
          email,
          consents: [{ channel: 'whatsapp', purpose: 'news', version: consent.version }],
        },
        'EVENT_PARTICIPANT_INVALID',
      ],
    ];
    for (const [input, code] of refused)
      expect(await codeOf(events.registerParticipant(e.slug, input))).toBe(code);
    expect(await t.ctx.contacts.count()).toBe(contactsBefore);
    expect(await count('event_registrations')).toBe(registrationsBefore);

    const first = await events.registerParticipant(e.slug, {
      name: 'Sara Neri',
      email: ` ${email.toUpperCase()} `,
      language: 'en',
      consents: [consent],
    });
    expect(first.status).toBe('registered');
    expect(first.activityUrl).toMatch(/\/events\/me\/erg_[a-z0-9]+\.[A-Za-z0-9_-]{43}$/);
    const contact = await t.ctx.contacts.findByEmail(email);
    const stored = await t.t.store.db
      .selectFrom('consents')
      .select(['channel', 'purpose', 'status', 'source', 'wording_version', 'wording'])
      .where('contact_id', '=', contact!.id)
      .execute();
    expect(stored).toEqual([
      {
        channel: 'email',
        purpose: 'news',
        status: 'granted',
        source: 'event-form',
        wording_version: consent.version,
        wording: consent.wording,
      },
    ]);

    // The same address again: the same registration, and no link for whoever typed it.
    const again = await events.registerParticipant(e.slug, { name: 'Someone Else', email });
    expect(again).toEqual({ status: 'already_registered', eventUrl: first.eventUrl, activityUrl: null });
    expect(await events.registrationsOf(contact!.id)).toHaveLength(1);

    // The link logs activities for that participant only; a tampered one is refused.
    const token = first.activityUrl!.split('/').pop()!;
    const logged = await events.logByLink(token, {
      distanceMetres: 3000,
      date: '2026-05-10',
      dedupeKey: 'form-1',
    });
    expect(logged).toMatchObject({
      created: true,
      mine: { distanceMetres: 3000 },
      totals: { distanceMetres: 3000 },
    });
    expect((await events.participantPage(token, 'en')).activities).toHaveLength(1);
    expect(await codeOf(events.byLink(`${token.slice(0, -2)}xx`))).toBe('EVENT_LINK_INVALID');
    expect(await codeOf(events.byLink('erg_nope.abcdefghijklmnop'))).toBe('EVENT_LINK_INVALID');

    const draft = await event({ status: 'draft' });
    expect(await codeOf(events.publicPage(draft.slug, 'en'))).toBe('EVENT_NOT_FOUND');
    expect(await codeOf(events.registerParticipant(draft.slug, { name: 'A B', email }))).toBe(
      'EVENT_NOT_FOUND',
    );
    expect((await events.publicList('en')).map((x) => x.slug)).not.toContain(draft.slug);
  });

  it('counts days where the participant lives: their today, not the server’s', async () => {
    // At 12:00 UTC on 10 May it is already 11 May on Kiritimati (UTC+14), still 10 May in Rome.
    const tomorrow = await event({
      startsAt: '2026-05-11T00:00:00.000Z',
      endsAt: '2026-05-20T23:59:59.000Z',
    });
    const ahead = await person('Teuea K.', 'Pacific/Kiritimati');
    const rome = await person('Marta R.', 'Europe/Rome');
    const aheadReg = (await events.register({ eventId: tomorrow.id, contactId: ahead.id, channel: 'web' }))
      .registration;
    const romeReg = (await events.register({ eventId: tomorrow.id, contactId: rome.id, channel: 'web' }))
      .registration;
    const logged = await events.logActivity({
      registrationId: aheadReg.id,
      distanceMetres: 3000,
      source: 'web',
      dedupeKey: `tz-${++seq}`,
    });
    expect(logged.activity.date).toBe('2026-05-11');
    expect(
      await codeOf(
        events.logActivity({
          registrationId: romeReg.id,
          distanceMetres: 3000,
          source: 'web',
          dedupeKey: `tz-${++seq}`,
        }),
      ),
    ).toBe('EVENT_NOT_STARTED');
    // On a running event, Rome's 11 May is still the future at 14:00 in Rome.
    const running = await event();
    const reg = (await events.register({ eventId: running.id, contactId: rome.id, channel: 'web' }))
      .registration;
    expect(
      await codeOf(
        events.logActivity({
          registrationId: reg.id,
          distanceMetres: 3000,
          date: '2026-05-11',
          source: 'web',
          dedupeKey: `tz-${++seq}`,
        }),
      ),
    ).toBe('EVENT_ACTIVITY_DATE_IN_FUTURE');
  });
});
