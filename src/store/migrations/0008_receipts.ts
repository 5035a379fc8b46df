import type { Kysely } from 'kysely';

// Receipts (src/payments/receipts): one gap-free counter per organisation and calendar year, receipts
// that never change once issued, cancelling records (a void never deletes), the donor's details as
// printed (deletable on erasure, apart from the receipt), the donor's receipt details (tax code,
// postal address) and the organisation's receipt settings (address, registrations, declarations).
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('receipt_counters')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('receipt_counters_pk', ['organisation_id', 'year'])
    .execute();

  await s
    .createTable('receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('donation_id', 'text', (c) => c.notNull())
    /** 0 for the first receipt of a gift; a replacement after a partial refund is 1, 2 … */
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('replaces_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('receipt_code', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('gift_date', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    /** JSON: what the receipt states apart from the donor (organisation, payment method, texts). */
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addUniqueConstraint('receipts_number', ['organisation_id', 'year', 'number'])
    .addUniqueConstraint('receipts_donation_revision', ['donation_id', 'revision'])
    .execute();
  await s.createIndex('receipts_contact').on('receipts').columns(['contact_id', 'year']).execute();
  await s.createIndex('receipts_code').on('receipts').column('receipt_code').execute();

  await s
    .createTable('receipt_voids')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('receipt_id', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('refund_minor', 'bigint', (c) => c.notNull())
    .addColumn('voided_at', 'text', (c) => c.notNull())
    .addColumn('voided_by', 'text')
    .execute();

  await s
    .createTable('receipt_donor_copies')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    /** JSON: the donor's name, tax code and address exactly as printed. */
    .addColumn('donor', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('receipt_donor_copies_contact')
    .on('receipt_donor_copies')
    .column('contact_id')
    .execute();

  await s
    .createTable('receipt_donors')
    .addColumn('contact_id', 'text', (c) => c.primaryKey())
    .addColumn('full_name', 'text')
    .addColumn('tax_code', 'text')
    .addColumn('street', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('receipt_settings')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey())
    /** JSON: ReceiptSettings. */
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
