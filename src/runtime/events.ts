import type { JobQueue, JobToAdd, JsonValue } from '../jobs';
import type { Database, Transaction } from '../store';

// Domain events (the ledger's donation.received, donation.refunded, expense.approved,
// donation.allocated …) delivered through the job queue: each subscriber gets its own job per event,
// named `<event>.<subscriber>` and keyed `<event id>.<subscriber>`, so a slow or failing subscriber
// retries alone, and a publisher that runs twice (after a crash, or in two processes) delivers once.

export type EventHandler = (
  payload: Readonly<Record<string, unknown>>,
  meta: { readonly id: string; readonly attempt: number },
) => Promise<void>;

const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export class EventBus {
  readonly #queue: JobQueue;
  readonly #subscribers = new Map<string, string[]>();
  /**
   * Present when the queue keeps its jobs in the application's database: publishes a batch of events
   * inside the caller's transaction (the ledger marks its outbox rows sent in the same commit), one
   * multi-row insert for all their subscribers' jobs. Call `published()` after the commit.
   */
  readonly publishWithin:
    | ((
        trx: Transaction<Database>,
        events: ReadonlyArray<{ name: string; payload: Record<string, unknown>; id: string }>,
      ) => Promise<void>)
    | undefined;

  constructor(queue: JobQueue) {
    this.#queue = queue;
    const jobs = queue.transactional;
    this.publishWithin = jobs
      ? async (trx, events) => {
          const all: JobToAdd[] = [];
          for (const e of events) {
            for (const subscriber of this.subscribers(e.name)) {
              all.push({
                name: `${e.name}.${subscriber}`,
                payload: { id: e.id, data: e.payload } as unknown as JsonValue,
                options: { jobId: `${e.id}.${subscriber}` },
              });
            }
          }
          if (all.length > 0) await jobs.enqueueMany(trx, all);
        }
      : undefined;
  }

  /** Wakes the workers after a `publishWithin` transaction committed. */
  published(): void {
    this.#queue.transactional?.wake();
  }

  /** Every process builds the same modules, so every process knows the same subscribers. */
  subscribe(
    event: string,
    subscriber: string,
    handler: EventHandler,
    options: { concurrency?: number } = {},
  ): void {
    if (!NAME.test(event) || !NAME.test(subscriber))
      throw new Error(`Bad event or subscriber name: ${event} / ${subscriber}`);
    const list = this.#subscribers.get(event) ?? [];
    if (list.includes(subscriber)) throw new Error(`${subscriber} already subscribes to ${event}`);
    list.push(subscriber);
    this.#subscribers.set(event, list);
    this.#queue.register(
      `${event}.${subscriber}`,
      async (job) => {
        const payload = job.payload as { id: string; data: Record<string, unknown> };
        await handler(payload.data, { id: payload.id, attempt: job.attempt });
      },
      options,
    );
  }

  subscribers(event: string): readonly string[] {
    return this.#subscribers.get(event) ?? [];
  }

  /** Enqueues one job per subscriber; idempotent by the event's id. */
  async publish(event: string, data: Record<string, unknown>, opts: { id: string }): Promise<void> {
    for (const subscriber of this.subscribers(event)) {
      await this.#queue.enqueue(`${event}.${subscriber}`, { id: opts.id, data } as unknown as JsonValue, {
        jobId: `${opts.id}.${subscriber}`,
      });
    }
  }
}
