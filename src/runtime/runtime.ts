import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { CampaignsService } from '../campaigns';
import { ContactsService } from '../contacts';
import type { Config } from '../core';
import { buildApp, loggerOptions, type AppContext } from '../http';
import { IdentityService } from '../identity';
import { createJobQueue, type JobQueue } from '../jobs';
import { LedgerService, ProjectsService } from '../ledger';
import { OrganisationService } from '../organisation';
import { openStore, type Store } from '../store';
import { TransparencyLog } from '../transparency';
import { EventBus } from './events';
import { WorkerThread } from './worker-thread';
import { FEATURE_MODULES } from './features';
import { buildModules, type FiloModule, type ModuleFactory } from './modules';

export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly queue: JobQueue;
  readonly log: TransparencyLog;
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly logger: Logger;
  readonly modules: readonly FiloModule[];
  /**
   * Starts the workers (if enabled: here, or in a worker thread with FILO_WORKER_THREAD) and listens;
   * resolves with the address.
   */
  listen(): Promise<string>;
  /** Starts the job workers, the log integrator and the modules' timers in this thread, without HTTP. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  readonly serveWeb?: boolean;
  /** Feature modules to build instead of FEATURE_MODULES (tests). */
  readonly modules?: readonly ModuleFactory[];
  /**
   * With FILO_WORKER_THREAD: the file URL of a module exporting `modules: ModuleFactory[]`, from which
   * the worker thread builds the same feature modules as `modules` (functions cannot cross threads).
   * Without it the worker thread builds FEATURE_MODULES.
   */
  readonly modulesFrom?: string;
  /** Set by the worker thread itself: its runtime never listens and never starts another thread. */
  readonly inWorkerThread?: boolean;
  /** The worker thread's: the HTTP thread's SQLite write gate, so that their write transactions take turns. */
  readonly sqliteWriteGate?: SharedArrayBuffer;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino(loggerOptions(config.logLevel) as pino.LoggerOptions);
  // The worker thread opens the database the HTTP thread has already migrated.
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    migrate: options.inWorkerThread !== true,
    sqliteWriteGate: options.sqliteWriteGate,
  });
  let queue: JobQueue;
  try {
    queue = await createJobQueue({ store, redisUrl: config.redisUrl, prefix: config.queuePrefix, logger });
  } catch (error) {
    await store.close();
    throw error;
  }
  const log = await TransparencyLog.open(store, {
    publicUrl: config.publicUrl,
    origin: config.logOrigin,
    signerKey: config.logSignerKey,
  });
  const identity = new IdentityService(store, { sessionTtlHours: config.sessionTtlHours });
  if (config.bootstrapApiKey) await identity.ensureBootstrapApiKey(config.bootstrapApiKey);
  const ledger = new LedgerService({ store, log });
  const core = {
    config,
    store,
    queue,
    identity,
    organisation: new OrganisationService(store),
    contacts: new ContactsService(store),
    campaigns: new CampaignsService(store),
    projects: new ProjectsService(store),
    ledger,
    log,
  };
  const events = new EventBus(queue);
  const modules = await buildModules(options.modules ?? FEATURE_MODULES, { ...core, events, logger });
  const context: AppContext = {
    ...core,
    modules,
    erasers: [
      (contactId) => ledger.eraseDonor(contactId),
      ...modules.flatMap((m) => (m.eraseContact ? [m.eraseContact] : [])),
    ],
    logger,
    version: version(),
  };
  const app = await buildApp(context, { serveWeb: options.serveWeb ?? true });
  let closed = false;
  let flusher: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  // The ledger's outbox is delivered to event subscribers through the queue, in log order, twice a
  // second; job ids make a second delivery of the same event (a crash, two processes) a no-op.
  const flush = () => {
    flushing ??= (async () => {
      try {
        while ((await ledger.flushOutbox(events)) > 0) {
          /* drain */
        }
      } catch (error) {
        logger.error({ err: error }, 'ledger outbox flush failed');
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  };

  const startQueue = async () => {
    await queue.start();
    log.startIntegrator(config.logIntegrateMs, (error) =>
      logger.error({ err: error }, 'log integration failed'),
    );
  };
  const startModules = async () => {
    for (const module of modules) await module.start?.();
    void flush();
    flusher = setInterval(() => void flush(), 500);
    flusher.unref();
  };
  const threaded = config.workers && config.workerThread && options.inWorkerThread !== true;
  let thread: WorkerThread | undefined;

  return {
    config,
    store,
    queue,
    log,
    app,
    context,
    logger,
    modules,
    async listen() {
      if (config.workers && !threaded) await startQueue();
      // Listen before the modules start: some talk to routes of this same server at start (the
      // WhatsApp sandbox's template list in the demo).
      const address = await app.listen({ port: config.port, host: config.host });
      for (const module of modules) await module.serve?.();
      if (threaded) {
        thread = new WorkerThread({
          config,
          modulesFrom: options.modulesFrom,
          writeGate: store.writeGate,
          logger,
        });
        await thread.start();
      } else if (config.workers) {
        await startModules();
      }
      return address;
    },
    async startWorkers() {
      await startQueue();
      await startModules();
    },
    async close() {
      if (closed) return;
      closed = true;
      // The worker thread finishes its running jobs first: they may still call this thread's routes.
      await thread?.stop();
      await app.close();
      if (flusher) clearInterval(flusher);
      await flushing;
      for (const module of [...modules].reverse()) await module.stop?.();
      await log.stopIntegrator();
      await queue.stop();
      await store.close();
    },
  };
}
