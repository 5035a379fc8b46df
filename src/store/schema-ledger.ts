// Tables of the ledger module (see src/ledger and docs/ledger.md). Defined by migration 0003_ledger.
// Append-only: rows are inserted, never updated, except the few status fields named below.

export interface LedgerAccountTable {
  code: string;
  kind: string;
  name: string;
  created_at: string;
}

export interface LedgerTransactionTable {
  id: string;
  kind: string;
  occurred_at: string;
  created_at: string;
  memo: string;
}

export interface LedgerPostingTable {
  id: string;
  transaction_id: string;
  account_code: string;
  /** Signed minor units: debit positive, credit negative. A transaction's postings sum to zero. */
  amount_minor: number;
  currency: string;
}

export interface DonationTable {
  id: string;
  receipt_code: string;
  contact_id: string | null;
  gross_minor: number;
  fee_minor: number;
  net_minor: number;
  currency: string;
  received_at: string;
  restriction: string;
  project_id: string | null;
  campaign_id: string | null;
  fund_account: string;
  provider: string;
  provider_payment_id: string;
  provider_event_id: string | null;
  transaction_id: string;
  log_index: number;
  created_at: string;
}

export interface DonationRefundTable {
  id: string;
  donation_id: string;
  amount_minor: number;
  provider_refund_id: string;
  reason: string;
  refunded_at: string;
  transaction_id: string;
  log_index: number;
  created_at: string;
}

export interface ExpenseTable {
  id: string;
  payee: string;
  spent_on: string;
  amount_minor: number;
  currency: string;
  category: string;
  description: string;
  project_id: string | null;
  campaign_id: string | null;
  method: string;
  fallback: string;
  /** draft → approved | rejected: the only field that changes, once. */
  status: string;
  created_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  rejection_reason: string | null;
  transaction_id: string | null;
  log_index: number | null;
  created_at: string;
}

export interface EvidenceFileTable {
  sha256: string;
  content: Uint8Array;
  mime_type: string;
  size: number;
  created_at: string;
}

export interface ExpenseEvidenceTable {
  expense_id: string;
  sha256: string;
  filename: string;
}

export interface AllocationTable {
  id: string;
  donation_id: string;
  expense_id: string | null;
  /** expense | fee | reversal | fee-cover */
  kind: string;
  /** Signed: a reversal is negative. */
  amount_minor: number;
  currency: string;
  reverses_id: string | null;
  transaction_id: string;
  log_index: number;
  created_at: string;
}

export interface DonorOpeningTable {
  contact_id: string;
  opening: string;
}

export interface LedgerOutboxTable {
  id: string;
  name: string;
  payload: string;
  created_at: string;
  sent_at: string | null;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountTable;
  ledger_transactions: LedgerTransactionTable;
  ledger_postings: LedgerPostingTable;
  donations: DonationTable;
  donation_refunds: DonationRefundTable;
  expenses: ExpenseTable;
  evidence_files: EvidenceFileTable;
  expense_evidence: ExpenseEvidenceTable;
  allocations: AllocationTable;
  donor_openings: DonorOpeningTable;
  ledger_outbox: LedgerOutboxTable;
}
