import { insertMany, type Database, type Store, type Transaction } from '../store';

// Verified provider events are stored before the provider gets its 200, and stored once (by the
// provider's event id). Writes are group-committed: deliveries that arrive while a batch is being
// written wait for the next one, so SQLite fsyncs once per batch instead of once per request, and
// each request is answered only after the commit that holds its event.

export interface EventRow {
  readonly id: string;
  readonly provider: string;
  readonly eventId: string;
  readonly type: string;
  readonly payload: string;
  readonly livemode: boolean;
  readonly receivedAt: string;
}

/** `fresh`: stored by this delivery; otherwise a repeat, `processed` telling whether it was applied. */
export type StoredEvent = { readonly fresh: true } | { readonly fresh: false; readonly processed: boolean };

interface Pending {
  readonly row: EventRow;
  readonly resolve: (value: StoredEvent) => void;
  readonly reject: (error: unknown) => void;
}

export interface EventWriterOptions {
  readonly store: Store;
  /**
   * Called once per committed batch, in commit order, with the ids still to process (fresh events and
   * stored repeats not yet processed). A failure is reported to onError: the rows are durable and the
   * sweeper picks them up.
   */
  readonly onCommitted: (ids: readonly string[]) => Promise<void>;
  /**
   * When the job queue lives in the same database: triggers processing inside the batch's own
   * transaction instead (one commit, and the trigger cannot be lost); `afterCommit` then wakes workers.
   */
  readonly triggerWithin?:
    ((trx: Transaction<Database>, ids: readonly string[]) => Promise<void>) | undefined;
  readonly afterCommit?: (() => void) | undefined;
  readonly onError: (error: unknown) => void;
  readonly maxBatch?: number | undefined;
}

export class PaymentEventWriter {
  readonly #o: EventWriterOptions;
  readonly #maxBatch: number;
  #pending: Pending[] = [];
  #flushing: Promise<void> | null = null;
  /** The processing triggers, in commit order, off the path of the next batch's commit. */
  #triggers: Promise<void> = Promise.resolve();

  constructor(options: EventWriterOptions) {
    this.#o = options;
    this.#maxBatch = options.maxBatch ?? 256;
  }

  write(row: EventRow): Promise<StoredEvent> {
    return new Promise<StoredEvent>((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      this.#flushing ??= this.#drain();
    });
  }

  /** Resolves when everything written so far is committed. */
  async idle(): Promise<void> {
    while (this.#flushing !== null) await this.#flushing;
    await this.#triggers;
  }

  async #drain(): Promise<void> {
    // Let the requests that arrived in the same tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#maxBatch);
      await this.#commit(batch);
    }
    this.#flushing = null;
  }

  async #commit(batch: readonly Pending[]): Promise<void> {
    const outcomes: StoredEvent[] = [];
    const toProcess: string[] = [];
    try {
      await this.#o.store.db.transaction().execute(async (trx) => {
        const known = new Map<string, boolean>();
        const ids = [...new Set(batch.map((p) => p.row.id))];
        for (let i = 0; i < ids.length; i += 200) {
          const rows = await trx
            .selectFrom('payment_events')
            .select(['id', 'processed_at'])
            .where('id', 'in', ids.slice(i, i + 200))
            .execute();
          for (const r of rows) known.set(r.id, r.processed_at !== null);
        }
        const fresh = [];
        for (const { row } of batch) {
          const processed = known.get(row.id);
          if (processed !== undefined) {
            outcomes.push({ fresh: false, processed });
            // Stored but never processed (a crash between store and enqueue): trigger it again.
            if (!processed && !toProcess.includes(row.id)) toProcess.push(row.id);
            continue;
          }
          known.set(row.id, false);
          outcomes.push({ fresh: true });
          toProcess.push(row.id);
          fresh.push({
            id: row.id,
            provider: row.provider,
            event_id: row.eventId,
            type: row.type,
            payload: row.payload,
            livemode: row.livemode ? 1 : 0,
            received_at: row.receivedAt,
            processed_at: null,
            outcome: null,
          });
        }
        await insertMany(trx, 'payment_events', fresh, { onConflictDoNothing: ['provider', 'event_id'] });
        if (this.#o.triggerWithin && toProcess.length > 0) await this.#o.triggerWithin(trx, toProcess);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    // Durable now: answer the deliveries, then trigger processing (neither they nor the next batch wait).
    for (const [i, p] of batch.entries()) p.resolve(outcomes[i]!);
    if (this.#o.triggerWithin) {
      if (toProcess.length > 0) this.#o.afterCommit?.();
    } else if (toProcess.length > 0) {
      this.#triggers = this.#triggers
        .then(() => this.#o.onCommitted(toProcess))
        .catch((error: unknown) => this.#o.onError(error));
    }
  }
}
