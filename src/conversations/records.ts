import { newId } from '../core';
import type { Database, Kysely, Transaction } from '../store';
import type { ChannelKind, InboundContent } from '../channels';
import { textOf } from './assistant';

// Row-level helpers shared by the inbound, outbound and inbox code. Every function takes the
// connection or the transaction to work in, so callers decide what is atomic.

export type Db = Kysely<Database> | Transaction<Database>;

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether the 24-hour customer-service window is open at `now`. */
export function windowOpen(lastInboundAt: string | null, now: Date): boolean {
  return lastInboundAt !== null && now.getTime() - Date.parse(lastInboundAt) < WINDOW_MS;
}

export function windowExpiresAt(lastInboundAt: string | null): string | null {
  return lastInboundAt === null ? null : new Date(Date.parse(lastInboundAt) + WINDOW_MS).toISOString();
}

/** A short preview of a message for the conversation list (no more than 140 characters). */
export function previewOf(content: InboundContent): string {
  const text = textOf(content);
  const label = content.kind === 'text' ? '' : `[${content.kind}] `;
  return `${label}${text ?? ''}`.trim().slice(0, 140);
}

interface Region {
  readonly prefix: string;
  readonly language: string;
  readonly timeZone: string;
  readonly country: string;
}

// Longest prefix first. A guess for a new supporter who wrote first; staff can correct it.
const REGIONS: readonly Region[] = [
  { prefix: '39', language: 'it', timeZone: 'Europe/Rome', country: 'IT' },
  { prefix: '49', language: 'de', timeZone: 'Europe/Berlin', country: 'DE' },
  { prefix: '43', language: 'de', timeZone: 'Europe/Vienna', country: 'AT' },
  { prefix: '41', language: 'de', timeZone: 'Europe/Zurich', country: 'CH' },
  { prefix: '34', language: 'es', timeZone: 'Europe/Madrid', country: 'ES' },
  { prefix: '33', language: 'fr', timeZone: 'Europe/Paris', country: 'FR' },
  { prefix: '32', language: 'fr', timeZone: 'Europe/Brussels', country: 'BE' },
  { prefix: '44', language: 'en', timeZone: 'Europe/London', country: 'GB' },
  { prefix: '353', language: 'en', timeZone: 'Europe/Dublin', country: 'IE' },
  { prefix: '1', language: 'en', timeZone: 'America/New_York', country: 'US' },
].sort((a, b) => b.prefix.length - a.prefix.length);

export function regionOf(waId: string | null): Omit<Region, 'prefix'> {
  const found = waId === null ? undefined : REGIONS.find((r) => waId.startsWith(r.prefix));
  return found ?? { language: 'en', timeZone: 'UTC', country: '' };
}

export interface IdentityRow {
  readonly id: string;
  readonly contact_id: string;
  readonly key: string;
  readonly last_inbound_at: string | null;
}

/** The E.164 form of a wa_id, when it is a phone number. */
export function phoneOf(waId: string | null): string | null {
  return waId !== null && /^[1-9]\d{6,14}$/.test(waId) ? `+${waId}` : null;
}

/**
 * Finds or creates the WhatsApp identity (and, for someone new, the supporter) for a person's key.
 * An existing supporter with the same phone number is reused, so their giving history follows them.
 *
 * The supporter row is written here, inside the caller's transaction, rather than through
 * ContactsService.create (which opens its own transaction and requires a phone or an e-mail): a person
 * who hides their number behind a username has neither, and the identity, the supporter and the first
 * message must be stored together or not at all.
 */
export async function ensureIdentity(
  db: Db,
  person: {
    key: string;
    waId: string | null;
    userId: string | null;
    name: string | null;
    /** The channel of the key (default WhatsApp). */
    channel?: ChannelKind;
    /** The supporter this person is already known as (web chat session link, e-mail match). */
    contact?: { readonly id: string; readonly language: string } | null;
    /** For someone new: their e-mail address (the e-mail channel) and language (web chat). */
    email?: string | null;
    language?: string | null;
  },
  now: string,
): Promise<IdentityRow & { readonly created: boolean; readonly language: string }> {
  const channel = person.channel ?? 'whatsapp';
  const existing = await db
    .selectFrom('channel_identities')
    .select(['id', 'contact_id', 'key', 'last_inbound_at'])
    .where('channel', '=', channel)
    .where('key', '=', person.key)
    .executeTakeFirst();
  if (existing !== undefined) {
    const contact = await db
      .selectFrom('contacts')
      .select('language')
      .where('id', '=', existing.contact_id)
      .executeTakeFirst();
    return { ...existing, created: false, language: contact?.language ?? 'en' };
  }
  const phone = phoneOf(person.waId);
  let contactId: string | undefined = person.contact?.id;
  let language = person.contact?.language ?? 'en';
  if (contactId === undefined && phone !== null) {
    const match = await db
      .selectFrom('contacts')
      .select(['id', 'language'])
      .where('phone', '=', phone)
      .where('erased_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    contactId = match?.id;
    if (match) language = match.language;
  }
  if (contactId === undefined) {
    const region = regionOf(person.waId);
    contactId = newId('con');
    language = person.language ?? region.language;
    await db
      .insertInto('contacts')
      .values({
        id: contactId,
        display_name: person.name?.trim().slice(0, 200) || null,
        email: person.email?.trim().toLowerCase() || null,
        phone,
        language,
        time_zone: region.timeZone,
        country: region.country || null,
        created_at: now,
        updated_at: now,
        erased_at: null,
      })
      .execute();
  }
  const id = newId('cid');
  await db
    .insertInto('channel_identities')
    .values({
      id,
      channel,
      key: person.key,
      wa_id: person.waId,
      user_id: person.userId,
      contact_id: contactId,
      profile_name: person.name,
      last_inbound_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, contact_id: contactId, key: person.key, last_inbound_at: null, created: true, language };
}

export interface ConversationRow {
  readonly id: string;
  readonly mode: string;
  readonly contact_id: string;
}

export async function ensureConversation(
  db: Db,
  contactId: string,
  identityId: string,
  initialMode: 'assistant' | 'agent',
  now: string,
  channel: ChannelKind = 'whatsapp',
): Promise<ConversationRow> {
  const existing = await db
    .selectFrom('conversations')
    .select(['id', 'mode', 'contact_id'])
    .where('contact_id', '=', contactId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  if (existing !== undefined) return existing;
  const id = newId('cnv');
  await db
    .insertInto('conversations')
    .values({
      id,
      contact_id: contactId,
      channel,
      identity_id: identityId,
      mode: initialMode,
      handoff_reason: null,
      assigned_user_id: null,
      unread_count: 0,
      waiting_since: null,
      last_message_at: null,
      last_preview: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, mode: initialMode, contact_id: contactId };
}

/** Delivery statuses only move forward: a late "delivered" never undoes "read". */
const RANK: Readonly<Record<string, number>> = {
  queued: 0,
  accepted: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  played: 5,
};

/**
 * The statuses a message may move to `incoming` from: forward only, and "failed" only before delivery.
 * Used as the condition of the update itself, so that two statuses applied at once (on PostgreSQL, in
 * concurrent transactions) can never move a message backwards: the database re-checks it under the
 * row's lock.
 */
export function statusesBefore(incoming: string): string[] {
  if (incoming === 'failed') return Object.keys(RANK).filter((s) => (RANK[s] ?? 99) <= RANK.sent!);
  const to = RANK[incoming];
  if (to === undefined) return [];
  return Object.keys(RANK).filter((s) => (RANK[s] ?? 99) < to);
}

export function nextStatus(current: string, incoming: string): string | null {
  if (current === 'failed') return null;
  if (incoming === 'failed') return (RANK[current] ?? 0) <= RANK.sent! ? 'failed' : null;
  const from = RANK[current];
  const to = RANK[incoming];
  if (from === undefined || to === undefined) return null;
  return to > from ? incoming : null;
}

/**
 * Statuses that arrived before their message's provider id was recorded (the send's answer was still
 * on its way) are kept with no message; this attaches and applies them, in order. Both sides call it
 * after their own commit — the status job when it found no message, the dispatcher when it recorded
 * the id — so whichever commits second sees the other's row: none is left behind on PostgreSQL, where
 * the two transactions can run at once. Applying twice is harmless (statuses only move forward).
 */
export async function applyOrphanStatuses(db: Db, providerMessageIds: readonly string[]): Promise<number> {
  let applied = 0;
  for (let i = 0; i < providerMessageIds.length; i += 200) {
    const ids = providerMessageIds.slice(i, i + 200);
    const events = await db
      .selectFrom('message_status_events')
      .innerJoin('messages', 'messages.provider_message_id', 'message_status_events.provider_message_id')
      .select([
        'message_status_events.id as id',
        'message_status_events.status as status',
        'message_status_events.occurred_at as occurred_at',
        'message_status_events.pricing as pricing',
        'message_status_events.errors as errors',
        'messages.id as message_id',
      ])
      .where('message_status_events.provider_message_id', 'in', ids)
      .where('message_status_events.message_id', 'is', null)
      .where('messages.direction', '=', 'out')
      .orderBy('message_status_events.occurred_at')
      .execute();
    for (const event of events) {
      const claimed = await db
        .updateTable('message_status_events')
        .set({ message_id: event.message_id })
        .where('id', '=', event.id)
        .where('message_id', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue; // the other side took it
      applied++;
      await applyStatusToMessage(db, event.message_id, event);
    }
  }
  return applied;
}

/** Moves a message to a status if it may (see `statusesBefore`), and records the pricing it carries. */
export async function applyStatusToMessage(
  db: Db,
  messageId: string,
  event: {
    readonly status: string;
    readonly occurred_at: string;
    readonly pricing: string | null;
    readonly errors: string;
  },
): Promise<boolean> {
  const before = statusesBefore(event.status);
  let moved = false;
  if (before.length > 0) {
    const result = await db
      .updateTable('messages')
      .set({
        status: event.status,
        status_at: event.occurred_at,
        ...(event.status === 'failed' ? { error: event.errors } : {}),
      })
      .where('id', '=', messageId)
      .where('status', 'in', before)
      .executeTakeFirst();
    moved = Number(result.numUpdatedRows) > 0;
  }
  if (event.pricing !== null) {
    await db.updateTable('messages').set({ pricing: event.pricing }).where('id', '=', messageId).execute();
  }
  return moved;
}
