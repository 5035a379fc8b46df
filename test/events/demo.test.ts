import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsModule, type EventsService } from '../../src/events';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The demo's event, seeded through the service as real sign-ups and activities would be.
describe.each(ENGINES)('events demo data (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [eventsModule] });
  }, 60_000);
  afterAll(async () => t.dispose());

  it('creates one published event linked to the demo campaign, with participants, activities and a leaderboard', async () => {
    const campaign = await t.ctx.campaigns.create({
      slug: 'un-pasto-per-tutti',
      name: 'Un pasto per tutti',
      goalMinor: 2_500_000,
      currency: 'EUR',
    });
    const names = [
      'Giulia Rossi',
      'Marco Bianchi',
      'Chiara Ricci',
      'Luca Greco',
      'Sofia Conti',
      'Paolo Gallo',
    ];
    for (const [i, name] of names.entries())
      await t.ctx.contacts.create({ displayName: name, phone: `+39335000000${i}`, language: 'it' });

    await t.modules.find((m) => m.name === 'events')!.seedDemo!();

    const events = t.modules.find((m) => m.name === 'events')!.service as EventsService;
    const [event, ...others] = await events.list();
    expect(others).toEqual([]);
    expect(event).toMatchObject({ status: 'published', campaignId: campaign.id, goalMetres: 1_000_000 });
    expect((await events.openForSignup()).map((e) => e.id)).toEqual([event!.id]);
    const totals = await events.totals(event!.id);
    expect(totals.participants).toBe(6);
    expect(totals.activities).toBe(10);
    expect(totals.distanceMetres).toBe(64_300);
    const board = await events.leaderboard(event!.id);
    expect(board[0]).toMatchObject({ rank: 1, distanceMetres: 23_200 });
    expect(board.every((row) => row.name === null || /^\p{L}+( \p{Lu}\.)?$/u.test(row.name))).toBe(true);
    const page = await events.publicPage(event!.slug, 'en');
    expect(page.event.title).toBe('Run for a Meal 2026');
    expect(page.campaign).toMatchObject({ slug: 'un-pasto-per-tutti' });
  });
});
