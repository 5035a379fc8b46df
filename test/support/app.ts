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
import { createJobQueue, type JobQueue } from '../../src/jobs';
import { EventBus } from '../../src/runtime/events';
import { buildModules, type FiloModule, type ModuleFactory } from '../../src/runtime/modules';

// An app built (not started) on a fresh test store, with one API key per role.

export interface TestApp {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly t: TestStore;
  readonly keys: Readonly<Record<Role, string>>;
  /** The embedded job queue on the test store (only when feature modules were asked for). */
  readonly queue: JobQueue | undefined;
  readonly modules: readonly FiloModule[];
  /** The modules' event bus: `ctx.ledger.flushOutbox(t.events)` delivers the ledger's events as the runtime does. */
  readonly events: EventBus | undefined;
  /** Starts the queue's workers and the modules' timers, as `filo start` does. */
  startWorkers(): Promise<void>;
  dispose(): Promise<void>;
}

export const FAST_PASSWORDS = { N: 1024 };

export async function createTestApp(
  engine: Engine = 'sqlite',
  options: {
    config?: Partial<Config>;
    queue?: QueueHealthSource;
    logger?: FastifyBaseLogger;
    modules?: readonly ModuleFactory[];
  } = {},
): Promise<TestApp> {
  const t = await createTestStore(engine);
  const config = loadConfig({ FILO_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, options.config);
  const identity = new IdentityService(t.store, {
    sessionTtlHours: config.sessionTtlHours,
    passwordCost: FAST_PASSWORDS,
  });
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
  const log = await TransparencyLog.open(t.store, { publicUrl: 'http://test.filo.local' });
  const jobQueue = options.modules
    ? await createJobQueue({ store: t.store, prefix: 'test', pollMs: 20, defaultBackoffMs: 50 })
    : undefined;
  const queue: QueueHealthSource = options.queue ??
    jobQueue ?? {
      kind: 'test',
      health: async () => ({ ok: true, kind: 'test' }),
    };
  const ledger = new LedgerService({ store: t.store, log });
  const core = {
    config,
    store: t.store,
    identity,
    organisation,
    contacts: new ContactsService(t.store),
    campaigns: new CampaignsService(t.store),
    projects: new ProjectsService(t.store),
    log,
    ledger,
  };
  const silent = { info() {}, warn() {}, error() {}, debug() {} };
  const events = jobQueue ? new EventBus(jobQueue) : undefined;
  const modules =
    jobQueue && events && options.modules
      ? await buildModules(options.modules, {
          ...core,
          queue: jobQueue,
          events,
          logger: silent,
        })
      : [];
  const ctx: AppContext = {
    ...core,
    queue,
    modules,
    erasers: [
      (id) => ledger.eraseDonor(id),
      ...modules.flatMap((m) => (m.eraseContact ? [m.eraseContact] : [])),
    ],
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
    queue: jobQueue,
    modules,
    events,
    async startWorkers() {
      await jobQueue?.start();
      for (const module of modules) await module.start?.();
      for (const module of modules) await module.serve?.();
    },
    async dispose() {
      await app.close();
      for (const module of [...modules].reverse()) await module.stop?.();
      await jobQueue?.stop({ timeoutMs: 1000 });
      await t.dispose();
    },
  };
}
