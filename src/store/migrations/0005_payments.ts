import type { Kysely } from 'kysely';

// Payments: provider events stored once by their id before they are processed; checkouts started by
// Filo (with the donor's form: consents, tax-receipt fields); the payments recorded in the ledger and
// the provider ids that point at them; recurring gifts; chat payment links; the sandbox's own objects.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('payment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .addColumn('outcome', 'text')
    .addUniqueConstraint('payment_events_provider_event', ['provider', 'event_id'])
    .execute();
  await s
    .createIndex('payment_events_pending')
    .on('payment_events')
    .columns(['processed_at', 'received_at'])
    .execute();

  await s
    .createTable('payment_checkouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_session_id', 'text')
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('link_id', 'text')
    .addColumn('donor_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('tax_receipt', 'text')
    .addColumn('consents', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await s
    .createIndex('payment_checkouts_session')
    .on('payment_checkouts')
    .columns(['provider', 'provider_session_id'])
    .execute();

  await s
    .createTable('payment_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('payment_key', 'text', (c) => c.notNull())
    .addColumn('payment_intent_id', 'text')
    .addColumn('charge_id', 'text')
    .addColumn('invoice_id', 'text')
    .addColumn('subscription_id', 'text')
    .addColumn('checkout_id', 'text')
    .addColumn('donation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('payment_records_provider_key', ['provider', 'payment_key'])
    .execute();
  await s
    .createIndex('payment_records_charge')
    .on('payment_records')
    .columns(['provider', 'charge_id'])
    .execute();
  await s
    .createIndex('payment_records_intent')
    .on('payment_records')
    .columns(['provider', 'payment_intent_id'])
    .execute();
  await s.createIndex('payment_records_checkout').on('payment_records').column('checkout_id').execute();

  await s
    .createTable('payment_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_subscription_id', 'text', (c) => c.notNull())
    .addColumn('checkout_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('manage_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('payment_subscriptions_provider_sub', ['provider', 'provider_subscription_id'])
    .execute();

  await s
    .createTable('payment_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('payment_sandbox_objects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
