import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsModule } from '../../src/events';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The events API on both engines: who may do what, the staff flow (create, publish, participants,
// activities, close), the public pages, sign-up and the personal link, and bad input refused with a
// stable code and nothing stored.

const DAY = 24 * 3600 * 1000;

describe.each(ENGINES)('events API (%s)', (engine) => {
  let t: TestApp;
  let campaignId: string;
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const body = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    title: { en: 'Run for Water 2026', it: 'Corri per l’acqua 2026' },
    description: 'Run or walk at home, any distance.',
    kind: 'run',
    startsAt: new Date(now - 5 * DAY).toISOString(),
    endsAt: new Date(now + 25 * DAY).toISOString(),
    goalMetres: 500_000,
    campaignId,
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [eventsModule] });
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

  const as = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });
  const count = async (table: 'events' | 'event_registrations' | 'event_activities') =>
    Number(
      (
        await t.t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('guards the staff routes by role and leaves the public ones open', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('AUTH_REQUIRED');
    const create = (role: keyof TestApp['keys']) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: as(role),
        payload: body(`guard-${role}`),
      });
    for (const role of ['auditor', 'agent', 'accountant'] as const) {
      const res = await create(role);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().code).toBe('AUTH_FORBIDDEN');
    }
    expect(await count('events')).toBe(0);
    expect((await create('fundraiser')).statusCode).toBe(201);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/events', headers: as('auditor') })).statusCode,
    ).toBe(200);
    // Participants are personal data: only signed-in staff with contacts:read see them.
    const id = (await t.app.inject({ method: 'GET', url: '/api/v1/events', headers: as('owner') })).json()
      .items[0].id;
    const who = await t.app.inject({ method: 'GET', url: `/api/v1/events/${id}/registrations` });
    expect(who.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/events' })).statusCode).toBe(200);
  });

  it('staff create a draft, publish it, see participants, activities and totals, and close it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: as('fundraiser'),
      payload: body('run-for-water'),
    });
    expect(created.statusCode).toBe(201);
    const event = created.json();
    expect(event).toMatchObject({
      slug: 'run-for-water',
      status: 'draft',
      goalMetres: 500_000,
      totals: { participants: 0, activities: 0, distanceMetres: 0 },
    });
    expect(event.url).toMatch(/\/events\/run-for-water$/);
    // A draft is not public.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/public/events/run-for-water' })).json().code,
    ).toBe('EVENT_NOT_FOUND');
    const published = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.id}`,
      headers: as('fundraiser'),
      payload: { status: 'published' },
    });
    expect(published.json().status).toBe('published');

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/public/events?lang=it' });
    expect(list.json().items.map((e: { slug: string; title: string }) => [e.slug, e.title])).toEqual([
      ['run-for-water', 'Corri per l’acqua 2026'],
    ]);
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/public/events/run-for-water?lang=en' });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      event: { title: 'Run for Water 2026', open: true, status: 'published' },
      leaderboard: [],
      campaign: { slug: 'water', name: 'Water for all', open: true },
    });
    const consents = page.json().consents as { channel: string; purpose: string; version: string }[];
    expect(consents.length).toBeGreaterThan(0);

    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/events/run-for-water/registrations',
      payload: {
        name: 'Maria Rossi',
        phone: '+39 333 123 4567',
        language: 'it',
        consents: consents
          .filter((c) => c.channel === 'whatsapp' && c.purpose === 'news')
          .map(({ channel, purpose, version }) => ({ channel, purpose, version })),
      },
    });
    expect(signup.statusCode).toBe(201);
    expect(signup.json().status).toBe('registered');
    const token = (signup.json().activityUrl as string).split('/').pop()!;

    const mine = await t.app.inject({ method: 'GET', url: `/api/v1/public/events/me/${token}?lang=en` });
    expect(mine.json()).toMatchObject({ logging: true, today, mine: { distanceMetres: 0 }, activities: [] });
    const log = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/public/events/me/${token}/activities`, payload });
    const logged = await log({ distanceMetres: 5200, durationSeconds: 1900, date: today, key: 'form-1' });
    expect(logged.statusCode).toBe(201);
    expect(logged.json()).toMatchObject({
      created: true,
      mine: { distanceMetres: 5200 },
      totals: { distanceMetres: 5200 },
    });
    const replay = await log({ distanceMetres: 5200, durationSeconds: 1900, date: today, key: 'form-1' });
    expect(replay.json()).toMatchObject({ created: false, activity: { id: logged.json().activity.id } });
    expect((await log({ distanceMetres: 9000, date: today, key: 'form-1' })).json().code).toBe(
      'EVENT_ACTIVITY_KEY_REUSED',
    );

    // Staff log one sent on paper, then read the lists.
    const participants = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/registrations`,
      headers: as('agent'),
    });
    const [maria] = participants.json().items;
    expect(maria).toMatchObject({
      displayName: 'Maria Rossi',
      channel: 'web',
      activities: 1,
      distanceMetres: 5200,
    });
    const paper = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/registrations/${maria.id}/activities`,
      headers: as('fundraiser'),
      payload: { distanceMetres: 3000, date: today, note: 'sent on paper' },
    });
    expect(paper.statusCode).toBe(201);
    expect(paper.json().activity.source).toBe('admin');
    const acts = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/activities?limit=1`,
      headers: as('auditor'),
    });
    expect(acts.json().items).toHaveLength(1);
    expect(acts.json().items[0]).toMatchObject({ source: 'admin', displayName: 'Maria Rossi' });
    expect(acts.json().nextCursor).toBeTruthy();
    const next = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/activities?limit=1&cursor=${acts.json().nextCursor}`,
      headers: as('auditor'),
    });
    expect(next.json().items[0].source).toBe('web');

    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}`,
      headers: as('auditor'),
    });
    expect(detail.json()).toMatchObject({
      event: { totals: { participants: 1, activities: 2, distanceMetres: 8200 } },
      leaderboard: [{ rank: 1, name: 'Maria R.', distanceMetres: 8200 }],
    });
    const publicPage = await t.app.inject({ method: 'GET', url: '/api/v1/public/events/run-for-water' });
    expect(JSON.stringify(publicPage.json())).not.toMatch(/Rossi|\+39|333/);

    const closed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.id}`,
      headers: as('owner'),
      payload: { status: 'closed' },
    });
    expect(closed.json().status).toBe('closed');
    expect((await log({ distanceMetres: 1000, date: today, key: 'form-2' })).json().code).toBe(
      'EVENT_CLOSED',
    );
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/events/run-for-water/registrations',
      payload: { name: 'Late Comer', email: 'late@example.org' },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('EVENT_CLOSED');
  });

  it('refuses bad input with a stable code and stores nothing', async () => {
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: as('owner'),
        payload: body('bad-input', { status: 'published' }),
      })
    ).json();
    const before = {
      events: await count('events'),
      registrations: await count('event_registrations'),
      activities: await count('event_activities'),
      contacts: await t.ctx.contacts.count(),
    };
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/v1/events', body('x', { kind: 'fly' }), 400, 'VALIDATION_FAILED'],
      ['POST', '/api/v1/events', body('x', { goalMetres: 1.5 }), 400, 'VALIDATION_FAILED'],
      ['POST', '/api/v1/events', body('x', { admin: true }), 400, 'VALIDATION_FAILED'],
      [
        'POST',
        '/api/v1/events',
        body('x', { endsAt: new Date(now - 10 * DAY).toISOString() }),
        400,
        'EVENT_INVALID',
      ],
      ['POST', '/api/v1/events', body('bad-input'), 409, 'EVENT_SLUG_TAKEN'],
      ['POST', '/api/v1/events', body('x', { campaignId: 'cmp_nope' }), 400, 'EVENT_CAMPAIGN_NOT_FOUND'],
      ['POST', '/api/v1/events', body('x', { title: '' }), 400, 'EVENT_INVALID'],
      ['PATCH', `/api/v1/events/${event.id}`, {}, 400, 'VALIDATION_FAILED'],
      ['PATCH', '/api/v1/events/evt_nope', { status: 'closed' }, 404, 'EVENT_NOT_FOUND'],
      [
        'POST',
        '/api/v1/public/events/bad-input/registrations',
        { name: 'A', email: 'nope' },
        400,
        'EVENT_PARTICIPANT_INVALID',
      ],
      [
        'POST',
        '/api/v1/public/events/bad-input/registrations',
        { name: 'A B' },
        400,
        'EVENT_PARTICIPANT_INVALID',
      ],
      [
        'POST',
        '/api/v1/public/events/bad-input/registrations',
        {
          name: 'A B',
          email: 'a@example.org',
          consents: [{ channel: 'email', purpose: 'news', version: 'old' }],
        },
        400,
        'EVENT_CONSENT_VERSION_UNKNOWN',
      ],
      [
        'POST',
        '/api/v1/public/events/nope/registrations',
        { name: 'A B', email: 'a@example.org' },
        404,
        'EVENT_NOT_FOUND',
      ],
      [
        'POST',
        '/api/v1/public/events/me/erg_nope.aaaaaaaaaaaaaaaa/activities',
        { distanceMetres: 1, key: 'k' },
        404,
        'EVENT_LINK_INVALID',
      ],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await t.app.inject({
        method: method as 'POST',
        url,
        headers: url.includes('/public/') ? {} : as('owner'),
        payload: payload as Record<string, unknown>,
      });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(res.json().code, `${method} ${url}`).toBe(code);
    }

    // Absurd activities through the personal link.
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/events/bad-input/registrations',
      payload: { name: 'Luca Bianchi', email: `luca.${engine}@example.org` },
    });
    const token = (signup.json().activityUrl as string).split('/').pop()!;
    const refused: [Record<string, unknown>, string][] = [
      [{ distanceMetres: -5000 }, 'EVENT_ACTIVITY_NEGATIVE'],
      [{ distanceMetres: 0 }, 'EVENT_ACTIVITY_ZERO'],
      [{ distanceMetres: 1_000_001 }, 'EVENT_ACTIVITY_TOO_FAR'],
      [{ distanceMetres: 1e15 }, 'EVENT_ACTIVITY_TOO_FAR'],
      [{}, 'EVENT_ACTIVITY_EMPTY'],
      [{ distanceMetres: 5000, date: '2020-01-01' }, 'EVENT_ACTIVITY_DATE_OUTSIDE'],
      [
        { distanceMetres: 5000, date: new Date(now + DAY).toISOString().slice(0, 10) },
        'EVENT_ACTIVITY_DATE_IN_FUTURE',
      ],
      [{ distanceMetres: 5.5 }, 'VALIDATION_FAILED'],
      [{ distanceMetres: '5000' }, 'VALIDATION_FAILED'],
      [{ distanceMetres: 5000, date: '31/12/2026' }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of refused) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/me/${token}/activities`,
        payload: { key: `k-${code}`, ...payload },
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code, JSON.stringify(payload)).toBe(code);
    }
    expect(await count('events')).toBe(before.events);
    expect(await count('event_registrations')).toBe(before.registrations + 1);
    expect(await count('event_activities')).toBe(before.activities);
    expect(await t.ctx.contacts.count()).toBe(before.contacts + 1);
  });
});
