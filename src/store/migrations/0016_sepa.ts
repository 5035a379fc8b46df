import type { Kysely } from 'kysely';

// SEPA Direct Debit (src/payments/sepa): the creditor's settings, mandates with every field the EPC
// SEPA Core rulebook asks a creditor to keep (reference, creditor identifier, debtor, IBAN, date of
// signature, the exact authorisation wording shown and its version, how it was signed), collection
// batches (one pain.008 file each) and their collections, unique per mandate and month so that running
// a batch again adds nothing. IBANs, names, addresses and signing details are personal data: erasure
// empties them and keeps the masked IBAN.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('sepa_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** JSON: the creditor's settings (id 'creditor') or a secret (id 'manage-key'). */
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('sepa_mandates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Unique mandate reference (UMR): at most 35 characters of the SEPA character set. */
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('contact_id', 'text')
    .addColumn('campaign_id', 'text')
    /** CORE (the only scheme offered). */
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('creditor_id', 'text', (c) => c.notNull())
    .addColumn('creditor_name', 'text', (c) => c.notNull())
    .addColumn('debtor_name', 'text')
    .addColumn('debtor_iban', 'text')
    .addColumn('debtor_iban_masked', 'text', (c) => c.notNull())
    .addColumn('debtor_country', 'text', (c) => c.notNull())
    .addColumn('debtor_bic', 'text')
    /** JSON { street, postcode, town, country } or null. */
    .addColumn('debtor_address', 'text')
    /** YYYY-MM-DD */
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('signing_channel', 'text', (c) => c.notNull())
    .addColumn('signing_ip', 'text')
    .addColumn('signing_user_agent', 'text')
    .addColumn('wording_version', 'text', (c) => c.notNull())
    .addColumn('wording_language', 'text', (c) => c.notNull())
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    /** A changed amount and the first due date it applies to (after its pre-notification). */
    .addColumn('next_amount_minor', 'bigint')
    .addColumn('next_amount_from', 'text')
    .addColumn('day_of_month', 'integer', (c) => c.notNull())
    .addColumn('prenotification_days', 'integer', (c) => c.notNull())
    /** The first collection's due date, as pre-notified at signature. */
    .addColumn('first_due_on', 'text', (c) => c.notNull())
    /** The due date of the last collection presented (36 months unused: the mandate expires). */
    .addColumn('last_collection_on', 'text')
    /** active | paused | cancelled | expired */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('manage_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('erased_at', 'text')
    .execute();
  await s.createIndex('sepa_mandates_status').on('sepa_mandates').columns(['status', 'created_at']).execute();
  await s.createIndex('sepa_mandates_contact').on('sepa_mandates').column('contact_id').execute();

  await s
    .createTable('sepa_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** GrpHdr/MsgId: unique per creditor, at most 35 characters. */
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    /** JSON: the creditor as at creation (name, identifier, IBAN, BIC): the file never changes. */
    .addColumn('creditor', 'text', (c) => c.notNull())
    /** open | settled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('downloaded_at', 'text')
    .addColumn('settled_at', 'text')
    .execute();
  await s.createIndex('sepa_batches_created').on('sepa_batches').column('created_at').execute();

  await s
    .createTable('sepa_collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('mandate_id', 'text', (c) => c.notNull())
    /** YYYY-MM of the nominal collection day: one collection per mandate and month. */
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('end_to_end_id', 'text', (c) => c.notNull().unique())
    .addColumn('payment_info_id', 'text', (c) => c.notNull())
    /** FRST | RCUR */
    .addColumn('sequence', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // The mandate and debtor as presented in the file (a later change never alters a file).
    .addColumn('mandate_reference', 'text', (c) => c.notNull())
    .addColumn('mandate_signed_on', 'text', (c) => c.notNull())
    .addColumn('debtor_name', 'text')
    .addColumn('debtor_iban', 'text')
    .addColumn('debtor_iban_masked', 'text', (c) => c.notNull())
    .addColumn('debtor_bic', 'text')
    .addColumn('debtor_address', 'text')
    .addColumn('remittance', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('campaign_id', 'text')
    /** pending | settled | failed | withdrawn */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('return_reason', 'text')
    .addColumn('returned_on', 'text')
    .addColumn('donation_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sepa_collections_mandate_period', ['mandate_id', 'period'])
    .execute();
  await s.createIndex('sepa_collections_batch').on('sepa_collections').column('batch_id').execute();
  await s.createIndex('sepa_collections_pmtinf').on('sepa_collections').column('payment_info_id').execute();
  await s.createIndex('sepa_collections_contact').on('sepa_collections').column('contact_id').execute();
}
