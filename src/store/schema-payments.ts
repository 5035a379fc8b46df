import type { ColumnType } from 'kysely';

// Tables of the payments module (src/payments), defined by migration 0005_payments.

export interface PaymentEventTable {
  /** `<provider>:<event id>`. */
  id: string;
  provider: string;
  event_id: string;
  type: string;
  /** The verified raw body, as received. */
  payload: string;
  livemode: number;
  received_at: string;
  processed_at: string | null;
  /** What processing did: recorded, duplicate, ignored:<why> … */
  outcome: string | null;
}

export interface PaymentCheckoutTable {
  id: string;
  provider: string;
  provider_session_id: string | null;
  frequency: string;
  amount_minor: number;
  currency: string;
  campaign_id: string | null;
  contact_id: string | null;
  link_id: string | null;
  donor_name: string | null;
  email: string | null;
  phone: string | null;
  language: string;
  /** JSON `{ taxCode, address }` when the donor asked for a tax receipt. */
  tax_receipt: string | null;
  /** JSON array of the consents ticked on the form, with wording and version. */
  consents: string;
  /** 'whatsapp' | 'email' when the donor chose how to hear from us (migration 0019). */
  preferred_channel: ColumnType<string | null, string | null | undefined, string | null>;
  status: string;
  created_at: string;
  completed_at: string | null;
}

export interface PaymentRecordTable {
  id: string;
  provider: string;
  /** The ledger's providerPaymentId: the PaymentIntent of a one-off gift, the invoice of a recurring one. */
  payment_key: string;
  payment_intent_id: string | null;
  charge_id: string | null;
  invoice_id: string | null;
  subscription_id: string | null;
  checkout_id: string | null;
  donation_id: string;
  created_at: string;
}

export interface PaymentSubscriptionTable {
  id: string;
  provider: string;
  provider_subscription_id: string;
  checkout_id: string | null;
  contact_id: string | null;
  campaign_id: string | null;
  amount_minor: number;
  currency: string;
  status: string;
  manage_token_hash: string;
  created_at: string;
  updated_at: string;
}

export interface PaymentLinkTable {
  id: string;
  token_hash: string;
  amount_minor: number;
  currency: string;
  campaign_id: string | null;
  contact_id: string | null;
  expires_at: string;
  created_by: string | null;
  created_at: string;
}

export interface PaymentSandboxObjectTable {
  id: string;
  kind: string;
  data: string;
  created_at: string;
}

export interface PaymentsTables {
  payment_events: PaymentEventTable;
  payment_checkouts: PaymentCheckoutTable;
  payment_records: PaymentRecordTable;
  payment_subscriptions: PaymentSubscriptionTable;
  payment_links: PaymentLinkTable;
  payment_sandbox_objects: PaymentSandboxObjectTable;
}
