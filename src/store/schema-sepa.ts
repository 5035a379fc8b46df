// Tables of SEPA Direct Debit (src/payments/sepa), defined by migration 0016_sepa.
// Debtor names, IBANs, BICs, addresses and signing details are personal data: erasure empties them.

export interface SepaSettingsTable {
  id: string;
  /** JSON. */
  value: string;
  updated_at: string;
}

export interface SepaMandateTable {
  id: string;
  reference: string;
  contact_id: string | null;
  campaign_id: string | null;
  scheme: string;
  creditor_id: string;
  creditor_name: string;
  debtor_name: string | null;
  debtor_iban: string | null;
  debtor_iban_masked: string;
  debtor_country: string;
  debtor_bic: string | null;
  debtor_address: string | null;
  signed_on: string;
  signed_at: string;
  signing_channel: string;
  signing_ip: string | null;
  signing_user_agent: string | null;
  wording_version: string;
  wording_language: string;
  wording: string;
  amount_minor: number;
  currency: string;
  next_amount_minor: number | null;
  next_amount_from: string | null;
  day_of_month: number;
  prenotification_days: number;
  first_due_on: string;
  last_collection_on: string | null;
  status: string;
  status_reason: string | null;
  language: string;
  manage_token_hash: string;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
  erased_at: string | null;
}

export interface SepaBatchTable {
  id: string;
  message_id: string;
  creditor: string;
  status: string;
  created_by: string | null;
  created_at: string;
  downloaded_at: string | null;
  settled_at: string | null;
}

export interface SepaCollectionTable {
  id: string;
  batch_id: string;
  mandate_id: string;
  period: string;
  end_to_end_id: string;
  payment_info_id: string;
  sequence: string;
  due_on: string;
  amount_minor: number;
  currency: string;
  mandate_reference: string;
  mandate_signed_on: string;
  debtor_name: string | null;
  debtor_iban: string | null;
  debtor_iban_masked: string;
  debtor_bic: string | null;
  debtor_address: string | null;
  remittance: string;
  contact_id: string | null;
  campaign_id: string | null;
  status: string;
  return_reason: string | null;
  returned_on: string | null;
  donation_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SepaTables {
  sepa_settings: SepaSettingsTable;
  sepa_mandates: SepaMandateTable;
  sepa_batches: SepaBatchTable;
  sepa_collections: SepaCollectionTable;
}
