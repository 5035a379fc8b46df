import type { Kysely } from 'kysely';

// Bank reconciliation (src/payments/reconciliation): CSV column mappings saved per bank, imports with
// their parsed entries staged until processed, bank entries unique by an entry key (so a re-import or an
// overlapping statement adds nothing), the link of each import to the entries it held, short donor
// numbers, and the IBANs seen for a contact (personal data, deleted on erasure).
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('bank_csv_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: CsvMappingSettings (delimiter, decimal separator, date format, encoding, columns …). */
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('bank_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('mapping_id', 'text')
    /** queued | processing | completed | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('statements', 'integer', (c) => c.notNull())
    .addColumn('entries_total', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    /** JSON array of the parsed entries until the job has processed them; null afterwards. */
    .addColumn('staged', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await s.createIndex('bank_imports_created').on('bank_imports').column('created_at').execute();

  await s
    .createTable('bank_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Entry-level idempotency key; also the ledger's providerPaymentId (provider 'bank-transfer'). */
    .addColumn('entry_key', 'text', (c) => c.notNull().unique())
    .addColumn('first_import_id', 'text', (c) => c.notNull())
    /** credit | debit */
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('booking_date', 'text', (c) => c.notNull())
    .addColumn('value_date', 'text')
    .addColumn('account_iban', 'text')
    .addColumn('counterparty_name', 'text')
    .addColumn('counterparty_iban', 'text')
    .addColumn('remittance', 'text')
    .addColumn('reference', 'text')
    .addColumn('servicer_ref', 'text')
    .addColumn('reversal', 'integer', (c) => c.notNull())
    /** pending | matched | unmatched | resolved | ignored | debit */
    .addColumn('status', 'text', (c) => c.notNull())
    /** donor-number | iban | name | manual | anonymous | not-a-gift | reversal */
    .addColumn('match_method', 'text')
    .addColumn('match_note', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('project_id', 'text')
    .addColumn('donation_id', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('bank_entries_status').on('bank_entries').columns(['status', 'booking_date']).execute();
  await s.createIndex('bank_entries_contact').on('bank_entries').column('contact_id').execute();
  await s.createIndex('bank_entries_iban').on('bank_entries').column('counterparty_iban').execute();

  await s
    .createTable('bank_import_entries')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bank_import_entries_pk', ['import_id', 'seq'])
    .execute();
  await s.createIndex('bank_import_entries_entry').on('bank_import_entries').column('entry_id').execute();

  await s
    .createTable('donor_numbers')
    .addColumn('number', 'integer', (c) => c.primaryKey())
    /** Null once the contact is erased: the number is retired, never given to anyone else. */
    .addColumn('contact_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('bank_contact_ibans')
    .addColumn('iban', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    /** matched | resolved */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bank_contact_ibans_pk', ['iban', 'contact_id'])
    .execute();
  await s.createIndex('bank_contact_ibans_contact').on('bank_contact_ibans').column('contact_id').execute();
}
