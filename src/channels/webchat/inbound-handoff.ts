import { createHash } from 'node:crypto';
import { newId, type Clock } from '../../core';
import type { Database, Kysely, Store, Transaction } from '../../store';

// The hand-off of verified inbound deliveries (web chat envelopes, inbound e-mail, bounce reports) to
// the conversations module. Each delivery is first kept here, in the same transaction as whatever
// else the channel writes (so a visitor's message is never acknowledged without it), then offered to
// the sink; a delivery the sink did not take (not there yet, or it failed) is offered again by drain().

export type HandoffChannel = 'webchat' | 'email';

/**
 * What conversations implements to take web chat and e-mail deliveries: the same raw bytes a webhook
 * would carry, already verified (`provider.verifySignature` passes on them with the headers given), to
 * be stored once and parsed with `provider.parseInbound`. Resolves once stored; rejects to be offered again.
 */
export interface InboundSink {
  acceptInbound(
    channel: HandoffChannel,
    rawBody: Buffer,
    headers: Readonly<Record<string, string>>,
  ): Promise<void>;
}

export function isInboundSink(value: unknown): value is InboundSink {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { acceptInbound?: unknown }).acceptInbound === 'function'
  );
}

export interface InboundHandoffOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Looked up at each hand-off: conversations may be built after this module. */
  readonly sink: () => InboundSink | null;
  /** The headers that authenticate a body of this channel (its signature). */
  readonly sign: (channel: HandoffChannel, rawBody: Buffer) => Readonly<Record<string, string>>;
  readonly onError?: (error: unknown) => void;
}

type Db = Kysely<Database> | Transaction<Database>;

export class InboundHandoff {
  readonly #o: InboundHandoffOptions;

  constructor(options: InboundHandoffOptions) {
    this.#o = options;
  }

  /** Keeps a delivery (once per identical body), inside the caller's transaction. */
  async keep(db: Db, channel: HandoffChannel, rawBody: Buffer): Promise<{ id: string; fresh: boolean }> {
    const bodyKey = `${channel}:${createHash('sha256').update(rawBody).digest('hex')}`;
    const id = newId('cin');
    const inserted = await db
      .insertInto('channel_inbound_pending')
      .values({
        id,
        channel,
        body_key: bodyKey,
        raw_body: rawBody.toString('utf8'),
        created_at: this.#o.clock.now().toISOString(),
        handed_off_at: null,
      })
      .onConflict((oc) => oc.column('body_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) return { id, fresh: true };
    const existing = await db
      .selectFrom('channel_inbound_pending')
      .select('id')
      .where('body_key', '=', bodyKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, fresh: false };
  }

  /** Offers kept deliveries to the sink; returns how many it took. Never throws. */
  async offer(ids: readonly string[]): Promise<number> {
    const sink = this.#o.sink();
    if (sink === null || ids.length === 0) return 0;
    let taken = 0;
    for (const id of ids) {
      try {
        const row = await this.#o.store.db
          .selectFrom('channel_inbound_pending')
          .select(['channel', 'raw_body', 'handed_off_at'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (row === undefined || row.handed_off_at !== null) continue;
        const channel = row.channel as HandoffChannel;
        const raw = Buffer.from(row.raw_body, 'utf8');
        await sink.acceptInbound(channel, raw, this.#o.sign(channel, raw));
        await this.#o.store.db
          .updateTable('channel_inbound_pending')
          .set({ handed_off_at: this.#o.clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        taken++;
      } catch (error) {
        this.#o.onError?.(error);
      }
    }
    return taken;
  }

  /** Offers again what is still waiting (oldest first). */
  async drain(limit = 200): Promise<number> {
    if (this.#o.sink() === null) return 0;
    const rows = await this.#o.store.db
      .selectFrom('channel_inbound_pending')
      .select('id')
      .where('handed_off_at', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return this.offer(rows.map((r) => r.id));
  }

  /** Forgets deliveries conversations took before `before` (ISO): they live on in its own tables. */
  async prune(before: string): Promise<number> {
    const result = await this.#o.store.db
      .deleteFrom('channel_inbound_pending')
      .where('handed_off_at', 'is not', null)
      .where('handed_off_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deliveries not yet taken, for tests and operators (raw bodies as stored). */
  async pending(channel: HandoffChannel): Promise<{ id: string; rawBody: string }[]> {
    const rows = await this.#o.store.db
      .selectFrom('channel_inbound_pending')
      .select(['id', 'raw_body'])
      .where('channel', '=', channel)
      .where('handed_off_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, rawBody: r.raw_body }));
  }
}
