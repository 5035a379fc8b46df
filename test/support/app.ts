import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { CampaignsService } from '../../src/campaigns';
import { ContactsService } from '../../src/contacts';
import { loadConfig, type Config } from '../../src/core';
import { buildApp, type AppContext, type QueueHealthSource } from '../../src/http';
import { IdentityService, ROLES, type Role } from '../../src/identity';
import { LedgerService, ProjectsService } from '../../src/ledger';
import { OrganisationService } from '../../src/organisation';
import type { Engine } from '../../src/store';
import { createTestStore, type TestStore } from '../../src/store/testing';
import { TransparencyLog } from '../../src/transparency';

// An app built (not started) on a fresh test store, with one API key per role.

export interface TestApp {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly t: TestStore;
  readonly keys: Readonly<Record<Role, string>>;
  dispose(): Promise<void>;
}

export const FAST_PASSWORDS = { N: 1024 };

export async function createTestApp(
  engine: Engine = 'sqlite',
  options: { config?: Partial<Config>; queue?: QueueHealthSource; logger?: FastifyBaseLogger } = {},
): Promise<TestApp> {
  const t = await createTestStore(engine);
  const config = loadConfig({ FILO_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, options.config);
  const identity = new IdentityService(t.store, { sessionTtlHours: config.sessionTtlHours, passwordCost: FAST_PASSWORDS });
  const organisation = new OrganisationService(t.store);
  await organisation.create({
    name: 'Test ETS',
    legalName: 'Associazione Test ETS',
    description: 'A test organisation',
    country: 'IT',
    currency: 'EUR',
    language: 'it',
    taxId: null,
  });
  const queue: QueueHealthSource = options.queue ?? {
    kind: 'test',
    health: async () => ({ ok: true, kind: 'test' }),
  };
  const log = await TransparencyLog.open(t.store, { publicUrl: 'http://test.filo.local' });
  const ctx: AppContext = {
    config,
    store: t.store,
    queue,
    identity,
    organisation,
    contacts: new ContactsService(t.store),
    campaigns: new CampaignsService(t.store),
    projects: new ProjectsService(t.store),
    log,
    ledger: new LedgerService({ store: t.store, log }),
    erasers: [],
    logger: options.logger,
    version: 'test',
  };
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await identity.createApiKey({ name: `test ${role}`, role })).key;
  return {
    app,
    ctx,
    t,
    keys,
    async dispose() {
      await app.close();
      await t.dispose();
    },
  };
}
