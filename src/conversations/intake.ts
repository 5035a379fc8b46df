import { createHash } from 'node:crypto';
import type { ChannelKind } from '../channels';
import { newId, type Clock } from '../core';
import type { Store } from '../store';

// Raw webhook deliveries are stored before Meta gets its 200, and stored once: a body Meta sends again
// (its retries repeat the same bytes) matches the first by its SHA-256. Writes are group-committed:
// requests that arrive while a batch is being written wait for the next one, so the database commits
// once per batch instead of once per request, and each request is answered only after its batch is
// durable.

export interface StoredDelivery {
  readonly id: string;
  /** False when the same body was stored before (a redelivery). */
  readonly fresh: boolean;
}

interface Pending {
  readonly id: string;
  readonly channel: ChannelKind;
  readonly sha256: string;
  readonly body: string;
  readonly receivedAt: string;
  readonly resolve: (value: StoredDelivery) => void;
  readonly reject: (error: unknown) => void;
}

export interface DeliveryWriterOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Called once per committed batch with the ids of fresh deliveries (enqueue their processing). */
  readonly onCommitted: (ids: readonly string[]) => Promise<void>;
  readonly maxBatch?: number;
  readonly onError?: (error: unknown) => void;
}

export class DeliveryWriter {
  readonly #o: DeliveryWriterOptions;
  readonly #maxBatch: number;
  #pending: Pending[] = [];
  #flushing: Promise<void> | null = null;

  constructor(options: DeliveryWriterOptions) {
    this.#o = options;
    this.#maxBatch = options.maxBatch ?? 500;
  }

  /** Stores a verified delivery of any channel (web chat envelopes and e-mail come through acceptInbound). */
  write(channel: ChannelKind, rawBody: Buffer): Promise<StoredDelivery> {
    const sha256 = `${channel}:${createHash('sha256').update(rawBody).digest('hex')}`;
    return new Promise<StoredDelivery>((resolve, reject) => {
      this.#pending.push({
        id: newId('whd'),
        channel,
        sha256,
        body: rawBody.toString('utf8'),
        receivedAt: this.#o.clock.now().toISOString(),
        resolve,
        reject,
      });
      if (this.#flushing === null) this.#flushing = this.#drain();
    });
  }

  /** Resolves when everything written so far is committed. */
  async idle(): Promise<void> {
    while (this.#flushing !== null) await this.#flushing;
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

  async #commit(batch: Pending[]): Promise<void> {
    const outcomes = new Map<string, StoredDelivery>();
    try {
      await this.#o.store.db.transaction().execute(async (trx) => {
        const shas = [...new Set(batch.map((p) => p.sha256))];
        const known = new Map<string, string>();
        for (let i = 0; i < shas.length; i += 200) {
          const rows = await trx
            .selectFrom('webhook_deliveries')
            .select(['id', 'body_sha256'])
            .where('body_sha256', 'in', shas.slice(i, i + 200))
            .execute();
          for (const row of rows) known.set(row.body_sha256, row.id);
        }
        const fresh: {
          id: string;
          channel: string;
          body_sha256: string;
          raw_body: string;
          received_at: string;
          processed_at: null;
          outcome: null;
        }[] = [];
        for (const p of batch) {
          const existing = known.get(p.sha256);
          if (existing !== undefined) {
            outcomes.set(p.id, { id: existing, fresh: false });
            continue;
          }
          known.set(p.sha256, p.id);
          outcomes.set(p.id, { id: p.id, fresh: true });
          fresh.push({
            id: p.id,
            channel: p.channel,
            body_sha256: p.sha256,
            raw_body: p.body,
            received_at: p.receivedAt,
            processed_at: null,
            outcome: null,
          });
        }
        // Chunks keep each statement under SQLite's variable limit.
        for (let i = 0; i < fresh.length; i += 100) {
          await trx
            .insertInto('webhook_deliveries')
            .values(fresh.slice(i, i + 100))
            .execute();
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    const freshIds = [...outcomes.values()].filter((o) => o.fresh).map((o) => o.id);
    try {
      if (freshIds.length > 0) await this.#o.onCommitted(freshIds);
    } catch (error) {
      // Stored but not yet enqueued: the sweeper picks unprocessed deliveries up. Meta still gets 200.
      this.#o.onError?.(error);
    }
    for (const p of batch) p.resolve(outcomes.get(p.id) as StoredDelivery);
  }
}
