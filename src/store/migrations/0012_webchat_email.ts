import type { Kysely } from 'kysely';

// Web chat and e-mail channels: anonymous visitor sessions, the visitor's messages (unique per session
// and client-generated id, so a resend after a reconnect is stored once), replies waiting for the
// visitor's browser, signed inbound deliveries not yet handed to conversations, e-mail suppressions
// (unsubscribes, hard bounces), bounce reports, the e-mail sandbox outbox, and generated secrets.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('webchat_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('next_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('webchat_inbound')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('webchat_inbound_client', ['session_id', 'client_id'])
    .execute();

  await s
    .createTable('webchat_outbound')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('frame', 'text', (c) => c.notNull())
    // queued (not yet confirmed by the browser) | delivered | read
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('read_at', 'text')
    .addUniqueConstraint('webchat_outbound_seq', ['session_id', 'seq'])
    .execute();
  await s
    .createIndex('webchat_outbound_pending')
    .on('webchat_outbound')
    .columns(['session_id', 'status'])
    .execute();

  await s
    .createTable('channel_inbound_pending')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    // channel + SHA-256 of the raw body: the same delivery is kept once
    .addColumn('body_key', 'text', (c) => c.notNull().unique())
    .addColumn('raw_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('handed_off_at', 'text')
    .execute();
  await s
    .createIndex('channel_inbound_pending_open')
    .on('channel_inbound_pending')
    .column('handed_off_at')
    .execute();

  await s
    .createTable('email_suppressions')
    .addColumn('address', 'text', (c) => c.notNull())
    // unsubscribe | bounce
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_suppressions_pk', ['address', 'reason'])
    .execute();

  await s
    .createTable('email_bounces')
    .addColumn('dedupe_key', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    // permanent (5.x.x) | transient (4.x.x)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('smtp_status', 'text', (c) => c.notNull())
    .addColumn('diagnostic', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('email_sandbox_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('envelope_from', 'text', (c) => c.notNull())
    .addColumn('envelope_to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('channel_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
