import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../../src/store/testing';
import type { ModuleFactory } from '../../src/runtime/modules';
import type { EventBus } from '../../src/runtime/events';
import { createTestApp, type TestApp } from '../support/app';

// The ledger's events reach every subscriber once, through the job queue, even when the outbox is
// flushed twice (a crash between publishing and marking sent, or two processes flushing at once).

describe.each(ENGINES)('ledger events on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.dispose());

  it('delivers donation.received to each subscriber exactly once, whatever the number of flushes', async () => {
    const seen: Array<{ who: string; id: string; gross: unknown }> = [];
    let bus: EventBus | undefined;
    const listener =
      (who: string): ModuleFactory =>
      (deps) => {
        bus = deps.events;
        deps.events.subscribe('donation.received', who, async (payload, meta) => {
          seen.push({ who, id: meta.id, gross: payload.grossMinor ?? payload.gross });
        });
        return { name: who };
      };
    t = await createTestApp(engine, { modules: [listener('thank-you'), listener('analytics')] });
    await t.startWorkers();
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 500,
      feeMinor: 33,
      currency: 'EUR',
      receivedAt: '2026-11-20T10:00:00Z',
      provider: 'manual',
      providerPaymentId: 'events-1',
    });
    expect(donation.grossMinor).toBe(500);
    // Two flushers racing, then a third after the fact: still one job per subscriber and event.
    await Promise.all([t.ctx.ledger.flushOutbox(bus!), t.ctx.ledger.flushOutbox(bus!)]);
    await t.t.store.db.updateTable('ledger_outbox').set({ sent_at: null }).execute(); // as if the mark was lost in a crash
    await t.ctx.ledger.flushOutbox(bus!);
    const deadline = Date.now() + 5000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.map((s) => s.who).sort()).toEqual(['analytics', 'thank-you']);
    expect(new Set(seen.map((s) => s.id)).size).toBe(1);
  });

  it('refuses a second subscription of one subscriber to one event', async () => {
    t = await createTestApp(engine, {
      modules: [
        (deps) => {
          deps.events.subscribe('expense.approved', 'notify', async () => {});
          expect(() => deps.events.subscribe('expense.approved', 'notify', async () => {})).toThrow(
            /already/,
          );
          return { name: 'dup' };
        },
      ],
    });
  });
});
