import { isPermanentJobError } from '../../jobs';
import type { FiloModule, ModuleFactory } from '../../runtime/modules';
import {
  PROCESS_IMPORT_JOB,
  ReconciliationService,
  SWEEP_IMPORTS_JOB,
  type DonationRecorder,
} from './reconciliation-service';
import { reconciliationRoutes } from './routes';

// The 'reconciliation' feature module: routes, the import job (retried with back-off; safe to re-run)
// and a sweep that re-enqueues an import whose job was never enqueued.

export interface ReconciliationModuleOptions {
  /** Tests: a ledger wrapper (e.g. one that fails once) instead of deps.ledger. */
  readonly ledger?: DonationRecorder | undefined;
}

export function createReconciliationModule(options: ReconciliationModuleOptions = {}): ModuleFactory {
  return (deps): FiloModule => {
    const service = new ReconciliationService({
      store: deps.store,
      ledger: options.ledger ?? deps.ledger,
      queue: deps.queue,
    });
    deps.queue.register(PROCESS_IMPORT_JOB, async (job) => {
      const { importId } = job.payload as { importId: string };
      try {
        await service.processImport(importId);
      } catch (error) {
        if (job.attempt >= job.maxAttempts || isPermanentJobError(error)) {
          await service.markFailed(importId, error instanceof Error ? error.message : 'failed');
        }
        throw error;
      }
    });
    deps.queue.register(SWEEP_IMPORTS_JOB, async () => {
      await service.sweep();
    });
    return {
      name: 'reconciliation',
      service,
      routes: reconciliationRoutes(service),
      async start() {
        await deps.queue.schedule({ id: SWEEP_IMPORTS_JOB, name: SWEEP_IMPORTS_JOB, everyMs: 60_000 });
      },
      eraseContact: (contactId) => service.eraseContact(contactId),
    };
  };
}

export const reconciliationModule: ModuleFactory = createReconciliationModule();
