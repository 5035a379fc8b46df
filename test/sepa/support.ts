import type { FastifyBaseLogger } from 'fastify';
import { createPaymentsModule } from '../../src/payments';
import { createReconciliationModule } from '../../src/payments/reconciliation';
import { createSepaModule, type SepaService } from '../../src/payments/sepa';
import type { ModuleFactory } from '../../src/runtime/modules';
import type { Engine } from '../../src/store';
import { createTestApp, type TestApp } from '../support/app';

// A test app with payments, reconciliation and SEPA Direct Debit on a clock the test moves, the
// creditor set up, and an open campaign.

export interface MovableClock {
  now(): Date;
  set(iso: string): void;
}

export function movableClock(start: string): MovableClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso);
    },
  };
}

export const CREDITOR = {
  creditorId: 'IT91ZZZ91234560375',
  creditorName: 'Associazione Test ETS',
  creditorIban: 'IT60X0542811101000000123456',
} as const;

export type SepaTestApp = TestApp & { clock: MovableClock; campaignId: string; sepa: SepaService };

export async function sepaApp(
  engine: Engine,
  options: {
    start?: string;
    logger?: FastifyBaseLogger;
    configure?: boolean;
    /** Modules built before the others (e.g. a stand-in for conversations). */
    before?: readonly ModuleFactory[];
  } = {},
): Promise<SepaTestApp> {
  const clock = movableClock(options.start ?? '2026-03-02T10:00:00.000Z');
  const t = await createTestApp(engine, {
    modules: [
      ...(options.before ?? []),
      createPaymentsModule(),
      createReconciliationModule(),
      createSepaModule({ clock, env: {} }),
    ],
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const campaign = await t.ctx.campaigns.create({
    slug: 'un-pasto',
    name: 'Un pasto per tutti',
    goalMinor: 500_000,
    currency: 'EUR',
  });
  const sepa = t.modules.find((m) => m.name === 'sepa')?.service as SepaService;
  if (options.configure !== false) {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/sepa/settings',
      headers: { authorization: `Bearer ${t.keys.accountant}` },
      payload: CREDITOR,
    });
    if (res.statusCode !== 200) throw new Error(`settings: ${res.statusCode} ${res.body}`);
  }
  return Object.assign(t, { clock, campaignId: campaign.id, sepa });
}

export function mandateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    campaign: 'un-pasto',
    amountMinor: 1000,
    name: 'Jürgen Müller',
    email: 'juergen@example.org',
    language: 'de',
    iban: 'DE89 3704 0044 0532 0130 00',
    dayOfMonth: 15,
    authorisation: { accepted: true, version: 'sepa-core-2026-03' },
    ...overrides,
  };
}

export async function signMandate(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/sepa/mandates',
    headers: { 'user-agent': 'Mozilla/5.0 (test)' },
    payload: mandateBody(overrides),
  });
  if (res.statusCode !== 201) throw new Error(`mandate: ${res.statusCode} ${res.body}`);
  return res.json<{
    reference: string;
    manageUrl: string;
    firstCollectionDate: string;
    amountMinor: number;
  }>();
}

/**
 * The two donors the collection tests share: a German one (10 € a month) and an Italian one (5 €),
 * both signing on the app's clock (Monday 2 March 2026 by default) for the 15th.
 */
export async function signTwoDonors(t: TestApp) {
  const a = await signMandate(t, { name: 'Jürgen Müller', email: 'juergen@example.org', amountMinor: 1000 });
  const b = await signMandate(t, {
    name: 'Lucia Bianchi',
    email: 'lucia@example.org',
    language: 'it',
    iban: 'IT60X0542811101000000123456',
    amountMinor: 500,
  });
  return { a, b };
}

export async function api(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  key: string = t.keys.accountant,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { statusCode: res.statusCode, body: res.body, json: () => res.json() };
}

export async function count(
  t: TestApp,
  table: 'sepa_mandates' | 'sepa_collections' | 'sepa_batches' | 'contacts' | 'consents' | 'donations',
): Promise<number> {
  const r = await t.t.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
