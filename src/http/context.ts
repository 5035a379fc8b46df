import type { FastifyBaseLogger } from 'fastify';
import type { CampaignsService } from '../campaigns';
import type { ContactsService } from '../contacts';
import type { Config } from '../core';
import type { IdentityService } from '../identity';
import type { LedgerService, ProjectsService } from '../ledger';
import type { OrganisationService } from '../organisation';
import type { Store } from '../store';
import type { TransparencyLog } from '../transparency';
import type { FiloModule } from '../runtime/modules';

/** What the job queue must tell the health check; the jobs module's port satisfies it. */
export interface QueueHealthSource {
  readonly kind: string;
  health(): Promise<
    { readonly ok: boolean; readonly kind: string; readonly error?: string | undefined } & Record<
      string,
      unknown
    >
  >;
}

/** Everything a route may use: built once at start-up from configuration and passed in. */
export interface AppContext {
  readonly config: Config;
  readonly store: Store;
  readonly queue: QueueHealthSource;
  readonly identity: IdentityService;
  readonly organisation: OrganisationService;
  readonly contacts: ContactsService;
  readonly campaigns: CampaignsService;
  readonly projects: ProjectsService;
  readonly ledger: LedgerService;
  readonly log: TransparencyLog;
  /** Other modules' parts of a GDPR erasure, run before the contact's own data is removed. */
  readonly erasers: ReadonlyArray<(contactId: string) => Promise<void>>;
  /** Feature modules whose routes are registered after the core's (src/runtime/features.ts). */
  readonly modules?: readonly FiloModule[] | undefined;
  readonly logger?: FastifyBaseLogger | undefined;
  readonly version: string;
}
