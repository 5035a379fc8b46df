import type { BroadcastChannel } from 'node:worker_threads';
import { newId, type Clock } from '../../core';
import type { ContactsService } from '../../contacts';
import { sameDatabasePeers, type Store } from '../../store';
import { textLength } from '../check-outbound';
import type { MessageEnvelope, ReceiptEnvelope } from './envelope';
import { CLOSE, WebchatErrors, type WebchatErrorCode } from './errors';
import {
  readClientFrame,
  type EmailFrame,
  type MessageFrame,
  type ReceiptFrame,
  type ReplyContent,
  type ReplyFrame,
} from './frames';
import type { InboundHandoff } from './inbound-handoff';
import { issueSessionToken, readSessionToken } from './session-token';
import type { DeliverResult, WebchatTransport } from './webchat-provider';
import { WEBCHAT_CAPABILITIES } from './webchat-rules';

// The server side of the widget: anonymous visitor sessions, the visitor's messages stored once per
// client-generated id (acknowledged only once durable, so the widget resends until it hears an ack
// and a resend is never stored twice), replies kept until the browser confirms them and replayed on
// reconnect, per-session rate limits, and receipts in both directions. It is also the adapter's
// transport: conversations' replies come in through deliver().

export interface VisitorSocket {
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface GatewayLimits {
  /** Messages a session may send per minute (a token bucket refilled evenly) … */
  readonly messagesPerMinute: number;
  /** … with this many at once. */
  readonly burst: number;
  /** Frames of any kind per connection per second before it is closed. */
  readonly framesPerSecond: number;
  readonly helloTimeoutMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = Object.freeze({
  messagesPerMinute: 30,
  burst: 10,
  framesPerSecond: 40,
  helloTimeoutMs: 10_000,
});

export interface GatewayOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Signs visitor tokens. */
  readonly tokenSecret: string;
  /** Signs envelopes for conversations. */
  readonly envelope: (envelope: MessageEnvelope | ReceiptEnvelope) => Buffer;
  readonly handoff: InboundHandoff;
  readonly contacts: ContactsService;
  /** The organisation's id: what the widget's data-org must say. */
  readonly organisationId: () => Promise<string | null>;
  readonly limits?: Partial<GatewayLimits>;
  readonly onError?: (error: unknown) => void;
}

const LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
export const EMAIL_CONSENT_WORDING: Readonly<Record<string, string>> = Object.freeze({
  'webchat-email-v1':
    'The visitor gave this e-mail address in the web chat and agreed to be answered by e-mail about their question.',
});

function languageOf(value: string | undefined): string {
  const base = (value ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(base) ? base : 'en';
}

class Bucket {
  #tokens: number;
  #at: number;
  constructor(
    readonly capacity: number,
    readonly perMs: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }
  /** Takes one token, or says how long until one is there. */
  take(now: number): number {
    this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#at) * this.perMs);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.#tokens) / this.perMs);
  }
  full(now: number): boolean {
    return this.#tokens + (now - this.#at) * this.perMs >= this.capacity;
  }
}

interface Connection {
  readonly socket: VisitorSocket;
  readonly origin: string;
  session: string | null;
  /** Highest reply sequence number sent on this connection. */
  lastSeq: number;
  chain: Promise<void>;
  frames: Bucket;
  closed: boolean;
  helloTimer: ReturnType<typeof setTimeout> | null;
}

export class WebchatGateway implements WebchatTransport {
  readonly #o: GatewayOptions;
  readonly #limits: GatewayLimits;
  readonly #live = new Map<string, Set<Connection>>();
  readonly #buckets = new Map<string, Bucket>();
  /**
   * The gateways of the other threads of this process on the same database (the HTTP thread and the
   * worker thread): a reply stored for a visitor connected elsewhere is pushed by that thread at once
   * rather than at its next poll.
   */
  #peers: BroadcastChannel | undefined;

  constructor(options: GatewayOptions) {
    this.#o = options;
    this.#limits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
    this.#peers = sameDatabasePeers(options.store, 'webchat', (sessionId) => {
      if (typeof sessionId === 'string' && this.#live.has(sessionId))
        void this.#pollSessions([sessionId]).catch(() => undefined);
    });
  }

  /** Open connections, for health and tests. */
  get connections(): number {
    let n = 0;
    for (const set of this.#live.values()) n += set.size;
    return n;
  }

  // ---- Connections --------------------------------------------------------------------------

  /** Takes a new WebSocket (its origin already checked); returns the handlers to wire to it. */
  attach(socket: VisitorSocket, origin: string): { onMessage(data: string | null): void; onClose(): void } {
    const now = this.#o.clock.now().getTime();
    const conn: Connection = {
      socket,
      origin,
      session: null,
      lastSeq: 0,
      chain: Promise.resolve(),
      frames: new Bucket(this.#limits.framesPerSecond, this.#limits.framesPerSecond / 1000, now),
      closed: false,
      helloTimer: null,
    };
    conn.helloTimer = setTimeout(() => {
      if (conn.session === null) this.#close(conn, CLOSE.helloTimeout, 'WEBCHAT_HELLO_TIMEOUT');
    }, this.#limits.helloTimeoutMs);
    conn.helloTimer.unref?.();
    return {
      onMessage: (data) => {
        if (conn.closed) return;
        if (conn.frames.take(this.#o.clock.now().getTime()) > 0) {
          this.#close(conn, CLOSE.flooded, 'WEBCHAT_FLOODED');
          return;
        }
        // One frame at a time per connection: hello is done before the first message is looked at.
        conn.chain = conn.chain
          .then(() => this.#handle(conn, data))
          .catch((error: unknown) => {
            this.#o.onError?.(error);
          });
      },
      onClose: () => this.#detach(conn),
    };
  }

  #send(conn: Connection, frame: object): void {
    if (conn.closed) return;
    try {
      conn.socket.send(JSON.stringify(frame));
    } catch {
      // The socket went away mid-send: what was not acknowledged is resent after the reconnect.
    }
  }

  #error(conn: Connection, code: WebchatErrorCode, extra: Record<string, unknown> = {}): void {
    this.#send(conn, { type: 'error', code, message: WebchatErrors[code].message, ...extra });
  }

  #close(conn: Connection, closeCode: number, code: WebchatErrorCode): void {
    if (conn.closed) return;
    this.#error(conn, code);
    conn.closed = true;
    try {
      conn.socket.close(closeCode, code);
    } catch {
      // Already closed.
    }
    this.#detach(conn);
  }

  #detach(conn: Connection): void {
    conn.closed = true;
    if (conn.helloTimer !== null) clearTimeout(conn.helloTimer);
    if (conn.session === null) return;
    const set = this.#live.get(conn.session);
    set?.delete(conn);
    if (set?.size === 0) this.#live.delete(conn.session);
  }

  async #handle(conn: Connection, data: string | null): Promise<void> {
    if (conn.closed) return;
    const frame = data === null ? null : readClientFrame(data);
    if (frame === null) {
      this.#close(conn, CLOSE.frameInvalid, 'WEBCHAT_FRAME_INVALID');
      return;
    }
    if (conn.session === null && frame.type !== 'hello') {
      this.#close(conn, CLOSE.frameInvalid, 'WEBCHAT_HELLO_REQUIRED');
      return;
    }
    switch (frame.type) {
      case 'hello':
        if (conn.session !== null) {
          this.#close(conn, CLOSE.frameInvalid, 'WEBCHAT_FRAME_INVALID');
          return;
        }
        return this.#hello(conn, frame.token, frame.org, frame.language);
      case 'message':
        return this.#message(conn, frame);
      case 'delivered':
      case 'read':
        return this.#receipt(conn, frame);
      case 'email':
        return this.#email(conn, frame);
      case 'ping':
        this.#send(conn, { type: 'pong' });
        return;
    }
  }

  async #hello(
    conn: Connection,
    token: string | null,
    org: string,
    language: string | undefined,
  ): Promise<void> {
    const orgId = await this.#o.organisationId();
    if (orgId === null || org !== orgId) {
      this.#close(conn, CLOSE.orgUnknown, 'WEBCHAT_ORG_UNKNOWN');
      return;
    }
    const now = this.#o.clock.now().toISOString();
    let sessionId: string;
    let lang = languageOf(language);
    if (token === null) {
      sessionId = newId('wcs');
      await this.#o.store.db
        .insertInto('webchat_sessions')
        .values({
          id: sessionId,
          language: lang,
          origin: conn.origin,
          email: null,
          contact_id: null,
          next_seq: 1,
          created_at: now,
          last_seen_at: now,
        })
        .execute();
    } else {
      const read = readSessionToken(this.#o.tokenSecret, token);
      const row =
        read === null
          ? undefined
          : await this.#o.store.db
              .selectFrom('webchat_sessions')
              .select(['id', 'language'])
              .where('id', '=', read)
              .executeTakeFirst();
      if (row === undefined) {
        this.#close(conn, CLOSE.tokenInvalid, 'WEBCHAT_TOKEN_INVALID');
        return;
      }
      sessionId = row.id;
      if (language === undefined) lang = row.language;
      await this.#o.store.db
        .updateTable('webchat_sessions')
        .set({ last_seen_at: now, language: lang })
        .where('id', '=', sessionId)
        .execute();
    }
    if (conn.closed) return;
    if (conn.helloTimer !== null) clearTimeout(conn.helloTimer);
    conn.session = sessionId;
    const set = this.#live.get(sessionId) ?? new Set<Connection>();
    set.add(conn);
    this.#live.set(sessionId, set);
    this.#send(conn, {
      type: 'welcome',
      session: sessionId,
      token: issueSessionToken(this.#o.tokenSecret, sessionId),
      language: lang,
      limits: { maxLength: WEBCHAT_CAPABILITIES.text.maxLength },
    });
    await this.#replay(conn);
  }

  /** Sends the replies this connection has not seen and the browser has not confirmed, in order. */
  async #replay(conn: Connection): Promise<void> {
    if (conn.session === null) return;
    const rows = await this.#o.store.db
      .selectFrom('webchat_outbound')
      .select(['seq', 'frame'])
      .where('session_id', '=', conn.session)
      .where('status', '=', 'queued')
      .where('seq', '>', conn.lastSeq)
      .orderBy('seq')
      .limit(500)
      .execute();
    for (const row of rows) {
      if (row.seq <= conn.lastSeq) continue;
      conn.lastSeq = row.seq;
      if (!conn.closed) conn.socket.send(row.frame);
    }
  }

  #rate(session: string): number {
    const now = this.#o.clock.now().getTime();
    let bucket = this.#buckets.get(session);
    if (bucket === undefined) {
      bucket = new Bucket(this.#limits.burst, this.#limits.messagesPerMinute / 60_000, now);
      this.#buckets.set(session, bucket);
      if (this.#buckets.size > 10_000) {
        for (const [key, b] of this.#buckets) if (b.full(now)) this.#buckets.delete(key);
      }
    }
    return bucket.take(now);
  }

  async #message(conn: Connection, frame: MessageFrame): Promise<void> {
    const session = conn.session as string;
    const text = frame.text === undefined ? null : frame.text;
    if (frame.choice === undefined && (text === null || text.trim() === '')) {
      this.#error(conn, 'WEBCHAT_MESSAGE_EMPTY', { id: frame.id });
      return;
    }
    if (text !== null && textLength(text) > WEBCHAT_CAPABILITIES.text.maxLength) {
      this.#error(conn, 'WEBCHAT_MESSAGE_TOO_LONG', {
        id: frame.id,
        limit: WEBCHAT_CAPABILITIES.text.maxLength,
      });
      return;
    }
    // A resend of a stored message is acknowledged again without counting against the rate.
    const known = await this.#known(session, frame.id);
    if (known !== null) {
      this.#send(conn, { type: 'ack', id: frame.id, messageId: known, duplicate: true });
      return;
    }
    const wait = this.#rate(session);
    if (wait > 0) {
      this.#error(conn, 'WEBCHAT_RATE_LIMITED', { id: frame.id, retryAfterMs: wait });
      return;
    }
    const id = newId('wcm');
    const receivedAt = this.#o.clock.now().toISOString();
    const raw = this.#o.envelope({
      v: 1,
      kind: 'message',
      session,
      id,
      clientId: frame.id,
      receivedAt,
      text: frame.choice === undefined ? text : null,
      choice: frame.choice ?? null,
      replyTo: frame.replyTo ?? null,
    });
    let stored: { id: string; kept: string | null };
    try {
      stored = await this.#o.store.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('webchat_inbound')
          .values({ id, session_id: session, client_id: frame.id, created_at: receivedAt })
          .onConflict((oc) => oc.columns(['session_id', 'client_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted === undefined) {
          // Raced with a resend on another connection: that one stored it.
          const other = await trx
            .selectFrom('webchat_inbound')
            .select('id')
            .where('session_id', '=', session)
            .where('client_id', '=', frame.id)
            .executeTakeFirstOrThrow();
          return { id: other.id, kept: null };
        }
        const kept = await this.#o.handoff.keep(trx, 'webchat', raw);
        return { id, kept: kept.id };
      });
    } catch (error) {
      this.#o.onError?.(error);
      this.#error(conn, 'WEBCHAT_UNAVAILABLE', { id: frame.id, retryAfterMs: 2_000 });
      return;
    }
    this.#send(conn, { type: 'ack', id: frame.id, messageId: stored.id, duplicate: stored.kept === null });
    if (stored.kept !== null) await this.#o.handoff.offer([stored.kept]);
  }

  async #known(session: string, clientId: string): Promise<string | null> {
    const row = await this.#o.store.db
      .selectFrom('webchat_inbound')
      .select('id')
      .where('session_id', '=', session)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async #receipt(conn: Connection, frame: ReceiptFrame): Promise<void> {
    const session = conn.session as string;
    const now = this.#o.clock.now().toISOString();
    const ids = [...new Set(frame.ids)];
    const from = frame.type === 'delivered' ? ['queued'] : ['queued', 'delivered'];
    const kept = await this.#o.store.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('webchat_outbound')
        .set(
          frame.type === 'delivered'
            ? { status: 'delivered', delivered_at: now }
            : { status: 'read', read_at: now },
        )
        .where('session_id', '=', session)
        .where('id', 'in', ids)
        .where('status', 'in', from)
        .returning('id')
        .execute();
      if (changed.length === 0) return null;
      const raw = this.#o.envelope({
        v: 1,
        kind: 'receipt',
        session,
        receivedAt: now,
        status: frame.type,
        ids: changed.map((c) => c.id).sort(),
      });
      return (await this.#o.handoff.keep(trx, 'webchat', raw)).id;
    });
    if (kept !== null) await this.#o.handoff.offer([kept]);
  }

  async #email(conn: Connection, frame: EmailFrame): Promise<void> {
    const session = conn.session as string;
    const address = frame.address.trim().toLowerCase();
    if (!EMAIL.test(address)) {
      this.#error(conn, 'WEBCHAT_EMAIL_INVALID');
      return;
    }
    const wording = EMAIL_CONSENT_WORDING[frame.wordingVersion];
    // Without consent the address is not kept at all: it would serve no purpose.
    if (!frame.consent || wording === undefined) {
      this.#send(conn, { type: 'email_saved', consent: false });
      return;
    }
    const now = this.#o.clock.now().toISOString();
    const row = await this.#o.store.db
      .selectFrom('webchat_sessions')
      .select(['contact_id', 'language'])
      .where('id', '=', session)
      .executeTakeFirstOrThrow();
    let contactId = row.contact_id;
    if (contactId === null) {
      const match = await this.#o.store.db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', address)
        .where('erased_at', 'is', null)
        .orderBy('created_at')
        .executeTakeFirst();
      contactId = match?.id ?? (await this.#o.contacts.create({ email: address, language: row.language })).id;
    }
    await this.#o.contacts.recordConsent(contactId, {
      channel: 'email',
      purpose: 'service',
      granted: true,
      source: 'webchat_widget',
      wordingVersion: frame.wordingVersion,
      wording,
      proof: { webchatSession: session },
      recordedAt: now,
    });
    await this.#o.store.db
      .updateTable('webchat_sessions')
      .set({ email: address, contact_id: contactId, last_seen_at: now })
      .where('id', '=', session)
      .execute();
    this.#send(conn, { type: 'email_saved', consent: true });
  }

  // ---- Transport (replies from conversations) --------------------------------------------------

  async deliver(sessionId: string, content: ReplyContent, replyTo: string | null): Promise<DeliverResult> {
    const id = newId('wco');
    const at = this.#o.clock.now().toISOString();
    const frame = await this.#o.store.db.transaction().execute(async (trx) => {
      const taken = await trx
        .updateTable('webchat_sessions')
        .set((eb) => ({ next_seq: eb('next_seq', '+', 1) }))
        .where('id', '=', sessionId)
        .returning('next_seq')
        .executeTakeFirst();
      if (taken === undefined) return null;
      const reply: ReplyFrame = { type: 'reply', id, seq: taken.next_seq - 1, at, replyTo, content };
      await trx
        .insertInto('webchat_outbound')
        .values({
          id,
          session_id: sessionId,
          seq: reply.seq,
          frame: JSON.stringify(reply),
          status: 'queued',
          created_at: at,
          delivered_at: null,
          read_at: null,
        })
        .execute();
      return reply;
    });
    if (frame === null) return { ok: false, reason: 'unknown_session' };
    const here = this.#live.get(sessionId);
    if (here === undefined) this.#peers?.postMessage(sessionId);
    for (const conn of here ?? []) {
      if (frame.seq <= conn.lastSeq) continue;
      conn.lastSeq = frame.seq;
      this.#send(conn, frame);
    }
    return { ok: true, id };
  }

  async markRead(messageId: string, typing: boolean): Promise<boolean> {
    const row = await this.#o.store.db
      .selectFrom('webchat_inbound')
      .select(['session_id', 'client_id'])
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (row === undefined) return false;
    for (const conn of this.#live.get(row.session_id) ?? []) {
      this.#send(conn, { type: 'status', status: 'read', upTo: row.client_id });
      if (typing) this.#send(conn, { type: 'typing' });
    }
    return true;
  }

  /** Pushes replies stored by another process (a worker) to the visitors connected here. */
  async poll(): Promise<void> {
    await this.#pollSessions([...this.#live.keys()]);
  }

  async #pollSessions(sessions: readonly string[]): Promise<void> {
    for (let i = 0; i < sessions.length; i += 200) {
      const batch = sessions.slice(i, i + 200);
      const rows = await this.#o.store.db
        .selectFrom('webchat_outbound')
        .select(['session_id', 'seq', 'frame'])
        .where('session_id', 'in', batch)
        .where('status', '=', 'queued')
        .orderBy('seq')
        .execute();
      for (const row of rows) {
        for (const conn of this.#live.get(row.session_id) ?? []) {
          if (row.seq <= conn.lastSeq || conn.closed) continue;
          conn.lastSeq = row.seq;
          conn.socket.send(row.frame);
        }
      }
    }
  }

  /** Closes every connection (shutdown); the widgets reconnect to another process or later. */
  closeAll(): void {
    this.#peers?.close();
    this.#peers = undefined;
    for (const set of [...this.#live.values()]) {
      for (const conn of [...set]) {
        conn.closed = true;
        try {
          conn.socket.close(1001, 'server shutting down');
        } catch {
          // already closed
        }
        this.#detach(conn);
      }
    }
  }

  /** A visitor's personal data goes with the supporter: their sessions, messages and replies. */
  async eraseContact(contactId: string): Promise<void> {
    const sessions = await this.#o.store.db
      .selectFrom('webchat_sessions')
      .select('id')
      .where('contact_id', '=', contactId)
      .execute();
    const ids = sessions.map((s) => s.id);
    if (ids.length === 0) return;
    await this.#o.store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webchat_outbound').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('webchat_inbound').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('webchat_sessions').where('id', 'in', ids).execute();
    });
  }
}
