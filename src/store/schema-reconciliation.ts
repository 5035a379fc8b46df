// Tables of bank reconciliation (src/payments/reconciliation), defined by migration 0009_reconciliation.
// Counterparty names, IBANs and remittance texts are personal data: erasure empties them.

export interface BankCsvMappingTable {
  id: string;
  name: string;
  /** JSON: CsvMappingSettings. */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface BankImportTable {
  id: string;
  format: string;
  filename: string;
  file_sha256: string;
  mapping_id: string | null;
  status: string;
  statements: number;
  entries_total: number;
  skipped: number;
  staged: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface BankEntryTable {
  id: string;
  entry_key: string;
  first_import_id: string;
  direction: string;
  amount_minor: number;
  currency: string;
  booking_date: string;
  value_date: string | null;
  account_iban: string | null;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  remittance: string | null;
  reference: string | null;
  servicer_ref: string | null;
  reversal: number;
  status: string;
  match_method: string | null;
  match_note: string | null;
  contact_id: string | null;
  campaign_id: string | null;
  project_id: string | null;
  donation_id: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BankImportEntryTable {
  import_id: string;
  seq: number;
  entry_id: string;
}

export interface DonorNumberTable {
  number: number;
  contact_id: string | null;
  created_at: string;
}

export interface BankContactIbanTable {
  iban: string;
  contact_id: string;
  source: string;
  first_seen_at: string;
}

export interface ReconciliationTables {
  bank_csv_mappings: BankCsvMappingTable;
  bank_imports: BankImportTable;
  bank_entries: BankEntryTable;
  bank_import_entries: BankImportEntryTable;
  donor_numbers: DonorNumberTable;
  bank_contact_ibans: BankContactIbanTable;
}
