import type { ContactsService } from '../contacts';
import { FiloError, newId, type Clock } from '../core';
import type { IdentityService } from '../identity';
import type { LedgerService } from '../ledger';
import type { Store } from '../store';
import { ConversationErrors } from './errors';
import type { LiveHub } from './live';
import { windowExpiresAt, windowOpen } from './records';

// The shared inbox's reads and small writes: the list with unread counts and waiting times, a thread
// with its notes, the supporter's profile and giving history, assignment, notes and canned replies.

export interface InboxDeps {
  readonly store: Store;
  readonly contacts: ContactsService;
  readonly ledger: LedgerService;
  readonly identity: IdentityService;
  readonly clock: Clock;
  readonly live: LiveHub;
}

export interface ConversationSummary {
  readonly id: string;
  readonly contactId: string;
  readonly contactName: string | null;
  readonly channel: string;
  readonly mode: 'assistant' | 'agent';
  readonly handoffReason: string | null;
  readonly assignedUserId: string | null;
  readonly unreadCount: number;
  readonly waitingSince: string | null;
  readonly lastMessageAt: string | null;
  readonly lastPreview: string | null;
  readonly windowOpen: boolean;
  readonly windowExpiresAt: string | null;
  readonly updatedAt: string;
}

export interface ThreadMessage {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly content: unknown;
  readonly author: string;
  readonly status: string;
  readonly statusAt: string;
  readonly error: unknown;
  readonly createdAt: string;
}

export class Inbox {
  readonly #d: InboxDeps;

  constructor(deps: InboxDeps) {
    this.#d = deps;
  }

  async list(options: {
    readonly filter: 'all' | 'waiting' | 'mine' | 'assistant';
    readonly userId: string | null;
    readonly limit: number;
  }): Promise<ConversationSummary[]> {
    let q = this.#d.store.db
      .selectFrom('conversations')
      .leftJoin('channel_identities', 'channel_identities.id', 'conversations.identity_id')
      .selectAll('conversations')
      .select([
        'channel_identities.last_inbound_at as last_inbound_at',
        'channel_identities.profile_name as profile_name',
      ])
      .orderBy('conversations.last_message_at', 'desc')
      .orderBy('conversations.id', 'desc')
      .limit(options.limit);
    if (options.filter === 'waiting')
      q = q.where('conversations.mode', '=', 'agent').where('conversations.waiting_since', 'is not', null);
    if (options.filter === 'assistant') q = q.where('conversations.mode', '=', 'assistant');
    if (options.filter === 'mine') q = q.where('conversations.assigned_user_id', '=', options.userId ?? '');
    const rows = await q.execute();
    const names = await this.#names(rows.map((r) => r.contact_id));
    const now = this.#d.clock.now();
    return rows.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      contactName: names.get(r.contact_id) ?? r.profile_name,
      channel: r.channel,
      mode: r.mode === 'assistant' ? 'assistant' : 'agent',
      handoffReason: r.handoff_reason,
      assignedUserId: r.assigned_user_id,
      unreadCount: Number(r.unread_count),
      waitingSince: r.waiting_since,
      lastMessageAt: r.last_message_at,
      lastPreview: r.last_preview,
      ...replyWindow(r.channel, r.last_inbound_at, now),
      updatedAt: r.updated_at,
    }));
  }

  async #names(contactIds: readonly string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    await Promise.all(
      [...new Set(contactIds)].map(async (id) => {
        try {
          const c = await this.#d.contacts.get(id);
          out.set(id, c.displayName ?? c.phone ?? c.email);
        } catch {
          out.set(id, null);
        }
      }),
    );
    return out;
  }

  async summary(id: string): Promise<ConversationSummary> {
    const found = (await this.list({ filter: 'all', userId: null, limit: 100_000 })).find((c) => c.id === id);
    if (found === undefined) throw new FiloError(ConversationErrors.CONVERSATION_NOT_FOUND);
    return found;
  }

  async thread(id: string) {
    const conversation = await this.#one(id);
    const [messages, notes, contact, donations] = await Promise.all([
      this.#d.store.db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .limit(500)
        .execute(),
      this.#d.store.db
        .selectFrom('conversation_notes')
        .selectAll()
        .where('conversation_id', '=', id)
        .orderBy('created_at')
        .execute(),
      this.#d.contacts.get(conversation.contact_id),
      this.#d.ledger.listDonations({ limit: 20, contactId: conversation.contact_id }),
    ]);
    return {
      conversation: await this.#summaryOf(conversation),
      messages: messages.map((m): ThreadMessage => ({
        id: m.id,
        direction: m.direction === 'in' ? 'in' : 'out',
        kind: m.kind,
        content: JSON.parse(m.content) as unknown,
        author: m.author,
        status: m.status,
        statusAt: m.status_at,
        error: m.error === null ? null : (JSON.parse(m.error) as unknown),
        createdAt: m.created_at,
      })),
      notes: notes.map((n) => ({
        id: n.id,
        authorUserId: n.author_user_id,
        body: n.body,
        createdAt: n.created_at,
      })),
      contact: { ...contact, consents: [...contact.consents] },
      donations: donations.items.map((d) => ({
        id: d.id,
        receiptCode: d.receiptCode,
        grossMinor: d.grossMinor,
        currency: d.currency,
        receivedAt: d.receivedAt,
        refundedMinor: d.refundedMinor,
        spentMinor: d.spentMinor,
      })),
    };
  }

  async #summaryOf(row: { id: string }): Promise<ConversationSummary> {
    const rows = await this.#d.store.db
      .selectFrom('conversations')
      .leftJoin('channel_identities', 'channel_identities.id', 'conversations.identity_id')
      .selectAll('conversations')
      .select([
        'channel_identities.last_inbound_at as last_inbound_at',
        'channel_identities.profile_name as profile_name',
      ])
      .where('conversations.id', '=', row.id)
      .execute();
    const r = rows[0];
    if (r === undefined) throw new FiloError(ConversationErrors.CONVERSATION_NOT_FOUND);
    const names = await this.#names([r.contact_id]);
    const now = this.#d.clock.now();
    return {
      id: r.id,
      contactId: r.contact_id,
      contactName: names.get(r.contact_id) ?? r.profile_name,
      channel: r.channel,
      mode: r.mode === 'assistant' ? 'assistant' : 'agent',
      handoffReason: r.handoff_reason,
      assignedUserId: r.assigned_user_id,
      unreadCount: Number(r.unread_count),
      waitingSince: r.waiting_since,
      lastMessageAt: r.last_message_at,
      lastPreview: r.last_preview,
      ...replyWindow(r.channel, r.last_inbound_at, now),
      updatedAt: r.updated_at,
    };
  }

  async #one(id: string) {
    const row = await this.#d.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw new FiloError(ConversationErrors.CONVERSATION_NOT_FOUND);
    return row;
  }

  async assign(id: string, userId: string | null): Promise<void> {
    await this.#one(id);
    if (userId !== null) {
      const users = await this.#d.identity.listUsers();
      if (!users.some((u) => u.id === userId))
        throw new FiloError(ConversationErrors.CONVERSATION_USER_NOT_FOUND);
    }
    const now = this.#d.clock.now().toISOString();
    // Assigning to a person takes the conversation from the assistant.
    await this.#d.store.db
      .updateTable('conversations')
      .set({ assigned_user_id: userId, updated_at: now, ...(userId !== null ? { mode: 'agent' } : {}) })
      .where('id', '=', id)
      .execute();
    this.#d.live.notify();
  }

  async addNote(id: string, authorUserId: string, body: string) {
    await this.#one(id);
    const now = this.#d.clock.now().toISOString();
    const note = {
      id: newId('cnn'),
      conversation_id: id,
      author_user_id: authorUserId,
      body: body.trim(),
      created_at: now,
    };
    await this.#d.store.db.transaction().execute(async (trx) => {
      await trx.insertInto('conversation_notes').values(note).execute();
      await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', id).execute();
    });
    this.#d.live.notify();
    return { id: note.id, authorUserId, body: note.body, createdAt: now };
  }

  async agents() {
    const users = await this.#d.identity.listUsers();
    return users
      .filter((u) => ['owner', 'fundraiser', 'agent'].includes(u.role))
      .map((u) => ({ id: u.id, name: u.name, role: u.role }));
  }

  async cannedReplies() {
    const rows = await this.#d.store.db
      .selectFrom('canned_replies')
      .selectAll()
      .orderBy('language')
      .orderBy('title')
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, language: r.language }));
  }

  async addCannedReply(input: { title: string; body: string; language: string }) {
    const row = {
      id: newId('cnr'),
      title: input.title.trim(),
      body: input.body.trim(),
      language: input.language,
      created_at: this.#d.clock.now().toISOString(),
    };
    await this.#d.store.db.insertInto('canned_replies').values(row).execute();
    return { id: row.id, title: row.title, body: row.body, language: row.language };
  }

  async deleteCannedReply(id: string): Promise<void> {
    const result = await this.#d.store.db
      .deleteFrom('canned_replies')
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw new FiloError(ConversationErrors.CONVERSATION_CANNED_REPLY_NOT_FOUND);
  }

  /** Conversations changed after `since` (the cursor is the newest updated_at seen). */
  async changes(since: string | null): Promise<{ cursor: string | null; conversationIds: string[] }> {
    let q = this.#d.store.db
      .selectFrom('conversations')
      .select(['id', 'updated_at'])
      .orderBy('updated_at', 'desc')
      .limit(200);
    if (since !== null) q = q.where('updated_at', '>', since);
    const rows = await q.execute();
    if (since === null) return { cursor: rows[0]?.updated_at ?? null, conversationIds: [] };
    return { cursor: rows[0]?.updated_at ?? since, conversationIds: rows.map((r) => r.id) };
  }

  async senders() {
    const rows = await this.#d.store.db.selectFrom('channel_senders').selectAll().execute();
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      pausedAt: r.paused_at,
      pauseReason: r.pause_reason,
    }));
  }

  async resumeSender(id: string): Promise<void> {
    const now = this.#d.clock.now().toISOString();
    await this.#d.store.db
      .updateTable('channel_senders')
      .set({ paused_at: null, pause_reason: null, updated_at: now })
      .where('id', '=', id)
      .execute();
    this.#d.live.notify();
  }

  /** GDPR erasure: the supporter's conversations, messages, notes and channel identities go. */
  async erase(contactId: string): Promise<void> {
    await this.#d.store.db.transaction().execute(async (trx) => {
      const conversations = await trx
        .selectFrom('conversations')
        .select('id')
        .where('contact_id', '=', contactId)
        .execute();
      const ids = conversations.map((c) => c.id);
      const messages = await trx
        .selectFrom('messages')
        .select('provider_message_id')
        .where('contact_id', '=', contactId)
        .execute();
      const providerIds = messages.flatMap((m) =>
        m.provider_message_id === null ? [] : [m.provider_message_id],
      );
      for (let i = 0; i < providerIds.length; i += 200) {
        await trx
          .deleteFrom('message_status_events')
          .where('provider_message_id', 'in', providerIds.slice(i, i + 200))
          .execute();
      }
      await trx.deleteFrom('messages').where('contact_id', '=', contactId).execute();
      if (ids.length > 0)
        await trx.deleteFrom('conversation_notes').where('conversation_id', 'in', ids).execute();
      await trx.deleteFrom('conversations').where('contact_id', '=', contactId).execute();
      // Raw deliveries hold the person's number and words too.
      const keys = await trx
        .selectFrom('channel_identities')
        .select('key')
        .where('contact_id', '=', contactId)
        .execute();
      for (const { key } of keys) {
        await trx
          .deleteFrom('webhook_deliveries')
          .where('raw_body', 'like', `%"${key.replace(/[%_"\\]/g, '')}"%`)
          .execute();
      }
      await trx.deleteFrom('channel_identities').where('contact_id', '=', contactId).execute();
    });
  }
}

/**
 * Whether a free-form reply may go out now. WhatsApp: its 24-hour window. Web chat and e-mail have no
 * window: an answer may go whenever the supporter has written on the channel.
 */
function replyWindow(
  channel: string,
  lastInboundAt: string | null,
  now: Date,
): { windowOpen: boolean; windowExpiresAt: string | null } {
  if (channel !== 'whatsapp') return { windowOpen: lastInboundAt !== null, windowExpiresAt: null };
  return { windowOpen: windowOpen(lastInboundAt, now), windowExpiresAt: windowExpiresAt(lastInboundAt) };
}
