import { FiloError } from '../core';
import { PaymentErrors } from './errors';

// Reads the Stripe events Filo handles into small, validated values. Pure: no I/O, so a webhook can
// be checked completely (shape, amounts, currencies) before anything is stored. Accepts the older
// shapes (api 2020-03-02: invoice.subscription, charge.refunds embedded) and the 2025-03-31.basil
// shape (invoice.parent.subscription_details).

/** Largest amount accepted from a provider: 10 million units of the currency. */
export const MAX_PROVIDER_AMOUNT_MINOR = 1_000_000_000;

export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'payment_intent.succeeded',
  'charge.refunded',
  'charge.dispute.created',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'customer.subscription.deleted',
] as const;
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export interface Donor {
  readonly email: string | null;
  readonly name: string | null;
  readonly phone: string | null;
}

export type PaymentEvent =
  | {
      readonly kind: 'checkout.completed';
      readonly sessionId: string;
      readonly mode: 'payment' | 'subscription' | 'setup';
      readonly paid: boolean;
      readonly paymentIntentId: string | null;
      readonly invoiceId: string | null;
      readonly subscriptionId: string | null;
      readonly amountMinor: number | null;
      readonly currency: string | null;
      readonly donor: Donor;
      readonly metadata: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'payment.succeeded';
      readonly paymentIntentId: string;
      readonly amountMinor: number;
      readonly currency: string;
      readonly invoiceId: string | null;
      readonly donor: Donor;
      readonly metadata: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'invoice.paid';
      readonly invoiceId: string;
      readonly subscriptionId: string | null;
      readonly amountPaidMinor: number;
      readonly currency: string;
      readonly donor: Donor;
      readonly metadata: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'invoice.failed';
      readonly invoiceId: string;
      readonly subscriptionId: string | null;
      readonly amountDueMinor: number;
      readonly currency: string;
      readonly attemptCount: number;
      readonly nextAttemptAt: string | null;
      readonly donor: Donor;
    }
  | {
      readonly kind: 'charge.refunded';
      readonly chargeId: string;
      readonly paymentIntentId: string | null;
      readonly invoiceId: string | null;
      readonly amountRefundedMinor: number;
      readonly currency: string;
      /** Embedded by older API versions; null when the refunds must be listed. */
      readonly refunds: ReadonlyArray<{
        readonly id: string;
        readonly amountMinor: number;
        readonly status: string;
      }> | null;
    }
  | {
      readonly kind: 'dispute.created';
      readonly disputeId: string;
      readonly chargeId: string;
      readonly paymentIntentId: string | null;
      readonly amountMinor: number;
      readonly currency: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'subscription.deleted';
      readonly subscriptionId: string;
      readonly metadata: Readonly<Record<string, string>>;
    };

export interface ParsedEvent {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  readonly livemode: boolean;
  /** Undefined when Filo does not handle this event type. */
  readonly event: PaymentEvent | undefined;
}

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

function invalid(message: string): never {
  throw new FiloError(PaymentErrors.PAYMENT_EVENT_INVALID, { message });
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(o: Obj, key: string): Obj {
  const v = o[key];
  if (!isObj(v)) invalid(`${key} must be an object`);
  return v;
}

function optObj(o: Obj, key: string): Obj | null {
  const v = o[key];
  return isObj(v) ? v : null;
}

function str(o: Obj, key: string, prefix?: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > 255) invalid(`${key} must be a string`);
  if (prefix && !v.startsWith(prefix)) invalid(`${key} must start with ${prefix}`);
  return v;
}

/** An id field that may be null, a string, or an expanded object carrying `id`. */
function ref(o: Obj, key: string): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && v.length > 0 && v.length <= 255) return v;
  if (isObj(v) && typeof v.id === 'string') return v.id;
  return invalid(`${key} must be an id`);
}

function optStr(o: Obj | null, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' && v.length > 0 ? v.slice(0, 320) : null;
}

/** Amounts: integers from 0 up to the maximum; `positive` refuses 0. */
export function amount(o: Obj, key: string, positive: boolean): number {
  const v = o[key];
  if (
    typeof v !== 'number' ||
    !Number.isSafeInteger(v) ||
    v < 0 ||
    v > MAX_PROVIDER_AMOUNT_MINOR ||
    (positive && v === 0)
  ) {
    throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID, {
      message: `${key} must be an integer of minor units in ${positive ? 1 : 0}..${MAX_PROVIDER_AMOUNT_MINOR}`,
    });
  }
  return v;
}

/** Stripe sends lower-case ISO 4217 codes; Filo stores upper case and refuses codes it does not know. */
export function currencyCode(raw: unknown): string {
  const code = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN_CURRENCIES.has(code)) {
    throw new FiloError(PaymentErrors.PAYMENT_CURRENCY_UNKNOWN, {
      message: `Unknown currency ${typeof raw === 'string' ? raw.slice(0, 10) : typeof raw}`,
    });
  }
  return code;
}

function metadata(o: Obj | null): Readonly<Record<string, string>> {
  const m = o?.metadata;
  if (m === null || m === undefined) return {};
  if (!isObj(m)) invalid('metadata must be an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}

function isoFromUnix(v: unknown): string | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? new Date(v * 1000).toISOString() : null;
}

/** The invoice's subscription: 2025-03-31.basil moved it under parent.subscription_details. */
function invoiceSubscription(inv: Obj): { id: string | null; metadata: Readonly<Record<string, string>> } {
  const details = optObj(optObj(inv, 'parent') ?? {}, 'subscription_details');
  if (details) return { id: ref(details, 'subscription'), metadata: metadata(details) };
  const sub = inv.subscription;
  return { id: ref(inv, 'subscription'), metadata: isObj(sub) ? metadata(sub) : {} };
}

/** Validates the envelope and reads a handled event; throws PAYMENT_* errors on a bad shape or value. */
export function parseStripeEvent(value: unknown): ParsedEvent {
  if (!isObj(value)) invalid('the event must be a JSON object');
  if (value.object !== 'event') invalid('object must be "event"');
  const id = str(value, 'id', 'evt_');
  const type = str(value, 'type');
  const created = value.created;
  if (typeof created !== 'number' || !Number.isSafeInteger(created) || created <= 0)
    invalid('created must be a Unix time');
  const livemode = value.livemode === true;
  const data = obj(value, 'data');
  const o = obj(data, 'object');
  return { id, type, created, livemode, event: readEvent(type, o) };
}

function readEvent(type: string, o: Obj): PaymentEvent | undefined {
  switch (type) {
    case 'checkout.session.completed': {
      const mode = str(o, 'mode');
      if (mode !== 'payment' && mode !== 'subscription' && mode !== 'setup')
        invalid('mode must be payment, subscription or setup');
      const details = optObj(o, 'customer_details');
      const total =
        o.amount_total === null || o.amount_total === undefined ? null : amount(o, 'amount_total', false);
      return {
        kind: 'checkout.completed',
        sessionId: str(o, 'id', 'cs_'),
        mode,
        paid: o.payment_status === 'paid' || o.payment_status === 'no_payment_required',
        paymentIntentId: ref(o, 'payment_intent'),
        invoiceId: ref(o, 'invoice'),
        subscriptionId: ref(o, 'subscription'),
        amountMinor: total,
        currency: o.currency === null || o.currency === undefined ? null : currencyCode(o.currency),
        donor: {
          email: optStr(details, 'email') ?? optStr(o, 'customer_email'),
          name: optStr(details, 'name'),
          phone: optStr(details, 'phone'),
        },
        metadata: metadata(o),
      };
    }
    case 'payment_intent.succeeded': {
      const billing = optObj(optObj(o, 'latest_charge') ?? {}, 'billing_details');
      return {
        kind: 'payment.succeeded',
        paymentIntentId: str(o, 'id', 'pi_'),
        amountMinor: amount(o, 'amount', true),
        currency: currencyCode(o.currency),
        invoiceId: ref(o, 'invoice'),
        donor: {
          email: optStr(o, 'receipt_email') ?? optStr(billing, 'email'),
          name: optStr(billing, 'name'),
          phone: optStr(billing, 'phone'),
        },
        metadata: metadata(o),
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_succeeded': {
      const sub = invoiceSubscription(o);
      return {
        kind: 'invoice.paid',
        invoiceId: str(o, 'id', 'in_'),
        subscriptionId: sub.id,
        amountPaidMinor: amount(o, 'amount_paid', false),
        currency: currencyCode(o.currency),
        donor: {
          email: optStr(o, 'customer_email'),
          name: optStr(o, 'customer_name'),
          phone: optStr(o, 'customer_phone'),
        },
        metadata: { ...sub.metadata, ...metadata(o) },
      };
    }
    case 'invoice.payment_failed': {
      const attempts = o.attempt_count;
      return {
        kind: 'invoice.failed',
        invoiceId: str(o, 'id', 'in_'),
        subscriptionId: invoiceSubscription(o).id,
        amountDueMinor: amount(o, 'amount_due', false),
        currency: currencyCode(o.currency),
        attemptCount:
          typeof attempts === 'number' && Number.isSafeInteger(attempts) && attempts >= 0 ? attempts : 0,
        nextAttemptAt: isoFromUnix(o.next_payment_attempt),
        donor: {
          email: optStr(o, 'customer_email'),
          name: optStr(o, 'customer_name'),
          phone: optStr(o, 'customer_phone'),
        },
      };
    }
    case 'charge.refunded': {
      const list = optObj(o, 'refunds');
      let refunds: Array<{ id: string; amountMinor: number; status: string }> | null = null;
      if (list && Array.isArray(list.data) && list.has_more !== true) {
        refunds = list.data.map((r: unknown) => {
          if (!isObj(r)) invalid('refunds.data[] must be objects');
          return {
            id: str(r, 'id', 're_'),
            amountMinor: amount(r, 'amount', true),
            status: typeof r.status === 'string' ? r.status : 'succeeded',
          };
        });
      }
      return {
        kind: 'charge.refunded',
        chargeId: str(o, 'id', 'ch_'),
        paymentIntentId: ref(o, 'payment_intent'),
        invoiceId: ref(o, 'invoice'),
        amountRefundedMinor: amount(o, 'amount_refunded', true),
        currency: currencyCode(o.currency),
        refunds,
      };
    }
    case 'charge.dispute.created':
      return {
        kind: 'dispute.created',
        disputeId: str(o, 'id', 'dp_'),
        chargeId: ref(o, 'charge') ?? invalid('charge is required'),
        paymentIntentId: ref(o, 'payment_intent'),
        amountMinor: amount(o, 'amount', true),
        currency: currencyCode(o.currency),
        reason: optStr(o, 'reason') ?? 'dispute',
      };
    case 'customer.subscription.deleted':
      return { kind: 'subscription.deleted', subscriptionId: str(o, 'id', 'sub_'), metadata: metadata(o) };
    default:
      return undefined;
  }
}
