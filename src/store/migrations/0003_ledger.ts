import type { Kysely } from 'kysely';

// The ledger: double-entry accounts, transactions and postings; donations, refunds, expenses with
// evidence, allocations of donations to expenses; donors' commitment openings (deletable); an outbox.
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('ledger_accounts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('ledger_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('memo', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('ledger_postings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transaction_id', 'text', (c) => c.notNull().references('ledger_transactions.id'))
    .addColumn('account_code', 'text', (c) => c.notNull().references('ledger_accounts.code'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('ledger_postings_tx').on('ledger_postings').column('transaction_id').execute();
  await s.createIndex('ledger_postings_account').on('ledger_postings').column('account_code').execute();

  await s
    .createTable('donations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('receipt_code', 'text', (c) => c.notNull().unique())
    .addColumn('contact_id', 'text')
    .addColumn('gross_minor', 'bigint', (c) => c.notNull())
    .addColumn('fee_minor', 'bigint', (c) => c.notNull())
    .addColumn('net_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('restriction', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('fund_account', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_payment_id', 'text', (c) => c.notNull())
    .addColumn('provider_event_id', 'text')
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('donations_provider_payment', ['provider', 'provider_payment_id'])
    .execute();
  await s.createIndex('donations_contact').on('donations').column('contact_id').execute();
  await s.createIndex('donations_fund').on('donations').columns(['restriction', 'received_at']).execute();

  await s
    .createTable('donation_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('donation_id', 'text', (c) => c.notNull().references('donations.id'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('provider_refund_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('refunded_at', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('donation_refunds_provider', ['donation_id', 'provider_refund_id'])
    .execute();

  await s
    .createTable('expenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payee', 'text', (c) => c.notNull())
    .addColumn('spent_on', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('fallback', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('transaction_id', 'text')
    .addColumn('log_index', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('evidence_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('expense_evidence')
    .addColumn('expense_id', 'text', (c) => c.notNull().references('expenses.id'))
    .addColumn('sha256', 'text', (c) => c.notNull().references('evidence_files.sha256'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('expense_evidence_pk', ['expense_id', 'sha256'])
    .execute();

  await s
    .createTable('allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('donation_id', 'text', (c) => c.notNull().references('donations.id'))
    .addColumn('expense_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reverses_id', 'text')
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('allocations_donation').on('allocations').column('donation_id').execute();
  await s.createIndex('allocations_expense').on('allocations').column('expense_id').execute();

  await s
    .createTable('donor_openings')
    .addColumn('contact_id', 'text', (c) => c.primaryKey())
    .addColumn('opening', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('ledger_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await s
    .createIndex('ledger_outbox_pending')
    .on('ledger_outbox')
    .columns(['sent_at', 'created_at'])
    .execute();
}
