// Tables of the receipts module (src/payments/receipts), defined by migration 0008_receipts.
// Receipts and their voids are append-only; donor copies and donor details are deletable personal data.

export interface ReceiptCounterTable {
  organisation_id: string;
  year: number;
  /** The last number issued in this year; the next receipt takes last_number + 1 in the same transaction. */
  last_number: number;
  updated_at: string;
}

export interface ReceiptTable {
  id: string;
  organisation_id: string;
  year: number;
  number: number;
  donation_id: string;
  revision: number;
  replaces_id: string | null;
  contact_id: string | null;
  receipt_code: string;
  format: string;
  amount_minor: number;
  currency: string;
  /** The gift's date (YYYY-MM-DD) in the organisation's time zone. */
  gift_date: string;
  campaign_id: string | null;
  document: string;
  issued_at: string;
  issued_by: string | null;
}

export interface ReceiptVoidTable {
  id: string;
  receipt_id: string;
  reason: string;
  refund_minor: number;
  voided_at: string;
  voided_by: string | null;
}

export interface ReceiptDonorCopyTable {
  receipt_id: string;
  contact_id: string;
  donor: string;
}

export interface ReceiptDonorTable {
  contact_id: string;
  full_name: string | null;
  tax_code: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  updated_at: string;
}

export interface ReceiptSettingsTable {
  organisation_id: string;
  settings: string;
  updated_at: string;
}

export interface ReceiptsTables {
  receipt_counters: ReceiptCounterTable;
  receipts: ReceiptTable;
  receipt_voids: ReceiptVoidTable;
  receipt_donor_copies: ReceiptDonorCopyTable;
  receipt_donors: ReceiptDonorTable;
  receipt_settings: ReceiptSettingsTable;
}
