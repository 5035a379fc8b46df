import type { PaymentsService } from '..';
import type { Clock } from '../../core';
import type { FiloModule, ModuleFactory } from '../../runtime/modules';
import type { ReconciliationService } from '../reconciliation';
import { sepaRoutes } from './routes';
import { COLLECT_JOB, NOTICE_JOB, SepaService, type NoticeMessenger } from './sepa-service';
import { settingsFromEnv } from './settings';

// The 'sepa' feature module, built after payments and reconciliation: its routes; the collection job
// (every six hours: mandates unused for 36 months expire, collections falling due are batched); the
// pre-notification job; the self-service link handed over by payments for SEPA mandates; and the bank
// entries of its collections and returns, claimed from reconciliation before donor matching.

export const COLLECT_EVERY_MS = 6 * 60 * 60 * 1000;

export interface SepaModuleOptions {
  /** Tests: a clock to move. */
  readonly clock?: Clock | undefined;
  /** Environment to read FILO_SEPA_* from (default process.env). */
  readonly env?: Record<string, string | undefined> | undefined;
}

export function createSepaModule(options: SepaModuleOptions = {}): ModuleFactory {
  return (deps): FiloModule => {
    const service = new SepaService({
      store: deps.store,
      ledger: deps.ledger,
      contacts: deps.contacts,
      campaigns: deps.campaigns,
      organisation: deps.organisation,
      queue: deps.queue,
      publicUrl: deps.config.publicUrl,
      envSettings: settingsFromEnv(options.env ?? process.env),
      clock: options.clock,
      logger: deps.logger,
      // Looked up when a notice is due, so the module order does not matter.
      messenger: () => deps.modules.get('conversations')?.service as NoticeMessenger | undefined,
    });
    deps.queue.register(COLLECT_JOB, async () => {
      await service.runCollectionJob();
    });
    deps.queue.register(NOTICE_JOB, async (job) => {
      const { mandateId, kind } = job.payload as {
        mandateId: string;
        kind: 'mandate.confirmed' | 'amount.changed';
      };
      await service.sendNotice(mandateId, kind);
    });
    // The donor's self-service link and page are the payments module's; SEPA links are handed here.
    (deps.modules.get('payments')?.service as PaymentsService | undefined)?.addRecurringDelegate(
      service.recurringDelegate,
    );
    (deps.modules.get('reconciliation')?.service as ReconciliationService | undefined)?.addEntryClaimer({
      claim: (entry) => service.claimBankEntry(entry),
    });
    return {
      name: 'sepa',
      service,
      routes: sepaRoutes(service),
      async start() {
        await deps.queue.schedule({ id: COLLECT_JOB, name: COLLECT_JOB, everyMs: COLLECT_EVERY_MS });
      },
      eraseContact: (contactId) => service.eraseContact(contactId),
      seedDemo: () => service.seedDemo(),
    };
  };
}

/** The module as FEATURE_MODULES runs it. */
export const sepaModule: ModuleFactory = createSepaModule();
