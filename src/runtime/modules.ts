import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CampaignsService } from '../campaigns';
import type { ContactsService } from '../contacts';
import type { Config } from '../core';
import type { IdentityService } from '../identity';
import type { JobQueue } from '../jobs';
import type { LedgerService, ProjectsService } from '../ledger';
import type { OrganisationService } from '../organisation';
import type { Store } from '../store';
import type { TransparencyLog } from '../transparency';
import type { EventBus } from './events';

// Feature modules (payments, conversations, the assistant …) plug into the composition root through
// this one shape, so that adding a feature means one line in FEATURE_MODULES (src/runtime/features.ts)
// rather than edits across the runtime, the HTTP app and the test harness.

/** What the core gives every feature module. */
export interface ModuleDeps {
  readonly config: Config;
  readonly store: Store;
  readonly queue: JobQueue;
  readonly log: TransparencyLog;
  readonly identity: IdentityService;
  readonly organisation: OrganisationService;
  readonly contacts: ContactsService;
  readonly campaigns: CampaignsService;
  readonly projects: ProjectsService;
  readonly ledger: LedgerService;
  /** Domain events (the ledger's outbox): `events.subscribe('donation.received', 'my-module', handler)`. */
  readonly events: EventBus;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Modules built before this one, by name: a later module may use an earlier one's service. */
  readonly modules: ReadonlyMap<string, FiloModule>;
}

export interface FiloModule {
  readonly name: string;
  /**
   * Registers the module's HTTP routes (after the core's). Every /api route must declare
   * `config: { access: '<permission>' | 'public' }` and request/response schemas; webhooks check
   * their signature before storing anything. Raw bodies: register a content-type parser inside an
   * encapsulated plugin, not on the root instance.
   */
  readonly routes?: (app: FastifyInstance) => Promise<void>;
  /** The module's part of a GDPR erasure of one contact. */
  readonly eraseContact?: (contactId: string) => Promise<void>;
  /** Called when the process runs workers, after the job queue has started (timers, schedules). */
  readonly start?: () => Promise<void>;
  /**
   * Called in every process (or thread) that serves HTTP, once it listens, with or without workers:
   * work tied to this server's own connections (pushing replies to its WebSockets).
   */
  readonly serve?: () => Promise<void>;
  /** Called on shutdown, before the queue and store close. */
  readonly stop?: () => Promise<void>;
  /** Adds the module's demo data; called by seedDemo once, after the core demo data exists. */
  readonly seedDemo?: () => Promise<void>;
  /** The module's service, for other modules and tests (typed by the module's own door). */
  readonly service?: unknown;
}

/** Builds a module; register job handlers on deps.queue here (before the queue starts). */
export type ModuleFactory = (deps: ModuleDeps) => FiloModule | Promise<FiloModule>;

export async function buildModules(
  factories: readonly ModuleFactory[],
  deps: Omit<ModuleDeps, 'modules'>,
): Promise<FiloModule[]> {
  const built = new Map<string, FiloModule>();
  for (const factory of factories) {
    const module = await factory({ ...deps, modules: built });
    if (built.has(module.name)) throw new Error(`Two feature modules are named ${module.name}`);
    built.set(module.name, module);
  }
  return [...built.values()];
}
