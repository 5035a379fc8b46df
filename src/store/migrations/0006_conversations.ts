import type { Kysely } from 'kysely';

// Conversations: each person's identity on a channel (WhatsApp wa_id or business-scoped user id, with
// the 24-hour service window), one conversation per contact and channel, messages in and out (the
// provider's message id unique, so a redelivered webhook is stored once), every delivery status as
// history, raw webhook deliveries kept once, sender numbers (paused on a bad token), notes, canned replies.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('channel_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('profile_name', 'text')
    .addColumn('last_inbound_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('channel_identities_key', ['channel', 'key'])
    .execute();
  await s.createIndex('channel_identities_contact').on('channel_identities').column('contact_id').execute();

  await s
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    // assistant: the bot answers; agent: waiting for or handled by a person
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('handoff_reason', 'text')
    .addColumn('assigned_user_id', 'text')
    .addColumn('unread_count', 'integer', (c) => c.notNull())
    .addColumn('waiting_since', 'text')
    .addColumn('last_message_at', 'text')
    .addColumn('last_preview', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('conversations_contact_channel', ['contact_id', 'channel'])
    .execute();
  await s.createIndex('conversations_recent').on('conversations').column('last_message_at').execute();
  await s.createIndex('conversations_updated').on('conversations').column('updated_at').execute();

  await s
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('sender_id', 'text')
    .addColumn('recipient_key', 'text')
    .addColumn('provider_message_id', 'text', (c) => c.unique())
    // A caller's idempotency key for an outbound message: the same key never sends twice.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('pricing', 'text')
    .addColumn('send_attempts', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('messages_conversation')
    .on('messages')
    .columns(['conversation_id', 'created_at'])
    .execute();

  await s
    .createTable('message_status_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('pricing', 'text')
    .addColumn('conversation', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('message_status_events_provider')
    .on('message_status_events')
    .column('provider_message_id')
    .execute();

  await s
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('raw_body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .addColumn('outcome', 'text')
    .addUniqueConstraint('webhook_deliveries_body', ['channel', 'body_sha256'])
    .execute();
  await s
    .createIndex('webhook_deliveries_pending')
    .on('webhook_deliveries')
    .columns(['processed_at', 'received_at'])
    .execute();

  // Events handled once by their provider key (preferences, channel errors), apart from messages/statuses.
  await s
    .createTable('channel_event_keys')
    .addColumn('dedupe_key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('channel_senders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'text')
    .addColumn('pause_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('conversation_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('conversation_notes_conversation')
    .on('conversation_notes')
    .column('conversation_id')
    .execute();

  await s
    .createTable('canned_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
