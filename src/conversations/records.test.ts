import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, ENGINES, type TestStore } from '../store/testing';
import { applyOrphanStatuses, applyStatusToMessage, statusesBefore } from './records';

// Statuses only move forward, even when two are applied at once (PostgreSQL runs the two transactions
// concurrently), and a status stored before its message's provider id was known is never left behind.

const now = '2026-03-01T10:00:00.000Z';

function outbound(id: string, providerId: string | null, status: string) {
  return {
    id,
    conversation_id: 'cnv_records',
    contact_id: 'con_records',
    channel: 'whatsapp',
    direction: 'out',
    kind: 'text',
    content: '{}',
    author: 'system',
    purpose: 'service',
    sender_id: '100000000000001',
    recipient_key: '393331234567',
    provider_message_id: providerId,
    dedupe_key: null,
    status,
    status_at: now,
    error: null,
    pricing: null,
    send_attempts: 0,
    sent_at: null,
    created_at: now,
  };
}

function statusEvent(id: string, providerId: string, status: string, at: string) {
  return {
    id,
    dedupe_key: `${providerId}:${status}`,
    provider_message_id: providerId,
    message_id: null,
    status,
    occurred_at: at,
    errors: '[]',
    pricing: null,
    conversation: null,
    created_at: at,
  };
}

describe('statusesBefore', () => {
  it('lets a status follow only earlier ones, and failure only before delivery', () => {
    expect(statusesBefore('sent')).toEqual(['queued', 'accepted']);
    expect(statusesBefore('read')).toEqual(['queued', 'accepted', 'sent', 'delivered']);
    expect(statusesBefore('failed')).toEqual(['queued', 'accepted', 'sent']);
    expect(statusesBefore('unknown')).toEqual([]);
  });
});

describe.each(ENGINES)('message statuses under concurrency (%s)', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(async () => store.dispose());

  it('a late "sent" that waited for the row never undoes "delivered"', async () => {
    const db = store.store.db;
    await db
      .insertInto('messages')
      .values(outbound('msg_race1', 'wamid.race1', 'accepted'))
      .execute();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let applied!: () => void;
    const deliveredApplied = new Promise<void>((resolve) => (applied = resolve));
    const delivered = db.transaction().execute(async (trx) => {
      const moved = await applyStatusToMessage(trx, 'msg_race1', {
        status: 'delivered',
        occurred_at: now,
        pricing: null,
        errors: '[]',
      });
      applied();
      await gate; // hold the row (PostgreSQL) or the connection (SQLite)
      return moved;
    });
    await deliveredApplied;
    const sent = applyStatusToMessage(db, 'msg_race1', {
      status: 'sent',
      occurred_at: now,
      pricing: '{"billable":false}',
      errors: '[]',
    });
    release();
    expect(await delivered).toBe(true);
    expect(await sent).toBe(false);
    const row = await db
      .selectFrom('messages')
      .select(['status', 'pricing'])
      .where('id', '=', 'msg_race1')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'delivered', pricing: '{"billable":false}' });
  });

  it('attaches and applies statuses stored before the provider id, in order, once', async () => {
    const db = store.store.db;
    await db
      .insertInto('messages')
      .values(outbound('msg_orphan', 'wamid.orphan', 'accepted'))
      .execute();
    await db
      .insertInto('message_status_events')
      .values([
        statusEvent('mse_o2', 'wamid.orphan', 'delivered', '2026-03-01T10:00:02.000Z'),
        statusEvent('mse_o1', 'wamid.orphan', 'sent', '2026-03-01T10:00:01.000Z'),
        statusEvent('mse_x', 'wamid.someone-else', 'read', '2026-03-01T10:00:03.000Z'),
      ])
      .execute();
    expect(await applyOrphanStatuses(db, ['wamid.orphan', 'wamid.someone-else'])).toBe(2);
    expect(await applyOrphanStatuses(db, ['wamid.orphan'])).toBe(0);
    const message = await db
      .selectFrom('messages')
      .select(['status', 'status_at'])
      .where('id', '=', 'msg_orphan')
      .executeTakeFirstOrThrow();
    expect(message).toEqual({ status: 'delivered', status_at: '2026-03-01T10:00:02.000Z' });
    const events = await db
      .selectFrom('message_status_events')
      .select(['id', 'message_id'])
      .where('id', 'in', ['mse_o1', 'mse_o2', 'mse_x'])
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { id: 'mse_o1', message_id: 'msg_orphan' },
      { id: 'mse_o2', message_id: 'msg_orphan' },
      { id: 'mse_x', message_id: null },
    ]);
  });
});
