import { FiloError, newToken, systemClock, type Clock } from '../../core';
import type { Store } from '../../store';
import { PaymentErrors } from '../errors';
import type {
  CheckoutRequest,
  CheckoutSession,
  PaymentFacts,
  PaymentProvider,
  RefundFacts,
  SubscriptionChange,
} from '../port';
import { factsFrom } from '../stripe';
import { signStripePayload, verifyStripeSignature } from '../webhook-signature';

// The payment SANDBOX: a local stand-in for Stripe, for the demo and for tests. No card is taken and
// no money moves. Its checkout page completes or fails a payment; it then keeps Stripe-shaped objects
// (checkout sessions, PaymentIntents, charges, balance transactions, invoices, subscriptions, refunds)
// and delivers the webhooks Stripe would send, in Stripe's JSON shape (2025-03-31.basil) and signed
// exactly as Stripe signs them — duplicated or out of order when asked.

export const SANDBOX_API_VERSION = '2025-03-31.basil';

/** One webhook delivery: the exact body and its Stripe-Signature header. */
export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly body: string;
  readonly signature: string;
}

export interface DeliveryOptions {
  /** Deliver every event twice. */
  readonly duplicate?: boolean | undefined;
  /** Deliver the events in reverse order. */
  readonly reverse?: boolean | undefined;
}

export interface SandboxProviderOptions {
  readonly store: Store;
  readonly publicUrl: string;
  /** The webhook secret this sandbox signs with (and verifies against). */
  readonly webhookSecret: string;
  /** Further secrets accepted on /webhooks/stripe (a real STRIPE_WEBHOOK_SECRET beside the sandbox). */
  readonly extraWebhookSecrets?: readonly string[] | undefined;
  /** Hands signed deliveries to whoever posts them to /webhooks/stripe (a job, in Filo). */
  readonly deliver: (deliveries: readonly Delivery[]) => Promise<void>;
  readonly clock?: Clock | undefined;
}

type Obj = Record<string, unknown>;

/** What the sandbox checkout page shows. */
export interface SandboxSessionView {
  readonly id: string;
  readonly status: 'open' | 'complete' | 'expired';
  readonly mode: 'payment' | 'subscription';
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  readonly email: string | null;
  readonly successUrl: string;
  readonly cancelUrl: string;
}

/** The sandbox's webhook secret: kept in the database so that every Filo process signs and verifies alike. */
export async function sandboxWebhookSecret(store: Store, clock: Clock = systemClock): Promise<string> {
  const id = 'sandbox_whsec';
  const found = await store.db
    .selectFrom('payment_sandbox_objects')
    .select('data')
    .where('id', '=', id)
    .executeTakeFirst();
  if (found) return found.data;
  await store.db
    .insertInto('payment_sandbox_objects')
    .values({
      id,
      kind: 'secret',
      data: `whsec_sandbox_${newToken(192)}`,
      created_at: clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (
    await store.db
      .selectFrom('payment_sandbox_objects')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).data;
}

function rid(prefix: string): string {
  // Stripe ids: a prefix and 24 base62-ish characters.
  return `${prefix}_${newToken(144).replace(/[-_]/g, 'x')}`;
}

export class SandboxPaymentProvider implements PaymentProvider {
  readonly kind = 'sandbox' as const;
  readonly #store: Store;
  readonly #publicUrl: string;
  readonly #secret: string;
  readonly #secrets: readonly string[];
  readonly #deliver: SandboxProviderOptions['deliver'];
  readonly #clock: Clock;

  constructor(options: SandboxProviderOptions) {
    this.#store = options.store;
    this.#publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.#secret = options.webhookSecret;
    this.#secrets = [options.webhookSecret, ...(options.extraWebhookSecrets ?? [])];
    this.#deliver = options.deliver;
    this.#clock = options.clock ?? systemClock;
  }

  // ---- the sandbox's object store -----------------------------------------------------------------

  async #put(object: Obj): Promise<void> {
    const id = String(object.id);
    const data = JSON.stringify(object);
    await this.#store.db
      .insertInto('payment_sandbox_objects')
      .values({ id, kind: String(object.object), data, created_at: this.#clock.now().toISOString() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ data }))
      .execute();
  }

  async #get(id: string, kind: string): Promise<Obj> {
    const row = await this.#store.db
      .selectFrom('payment_sandbox_objects')
      .select(['data', 'kind'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.kind !== kind)
      throw new FiloError(PaymentErrors.PAYMENT_PROVIDER_OBJECT_NOT_FOUND, {
        message: `No sandbox ${kind} ${id}`,
      });
    return JSON.parse(row.data) as Obj;
  }

  #unix(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }

  // ---- the port --------------------------------------------------------------------------------------

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const id = rid('cs_test');
    const url = `${this.#publicUrl}/checkout/sandbox/${id}`;
    const expires = request.expiresAt
      ? Math.floor(request.expiresAt.getTime() / 1000)
      : this.#unix() + 24 * 3600;
    await this.#put({
      id,
      object: 'checkout.session',
      mode: request.frequency === 'monthly' ? 'subscription' : 'payment',
      amount_subtotal: request.amountMinor,
      amount_total: request.amountMinor,
      currency: request.currency.toLowerCase(),
      client_reference_id: request.checkoutId,
      created: this.#unix(),
      expires_at: expires,
      customer_email: request.email,
      customer_details: null,
      invoice: null,
      livemode: false,
      locale: request.locale,
      metadata: { filo_checkout: request.checkoutId },
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      subscription: null,
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      url,
      // Not Stripe fields: what the sandbox needs to build the objects of a completed payment.
      filo_sandbox: {
        description: request.description,
        metadata_target: request.frequency === 'monthly' ? 'subscription' : 'payment_intent',
      },
    });
    return { id, url };
  }

  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): unknown {
    return verifyStripeSignature(rawBody, signatureHeader, this.#secrets, () => this.#unix());
  }

  async paymentFacts(paymentIntentId: string): Promise<PaymentFacts> {
    const pi = await this.#get(paymentIntentId, 'payment_intent');
    const charge = await this.#get(String(pi.latest_charge), 'charge');
    const bt = await this.#get(String(charge.balance_transaction), 'balance_transaction');
    const billing = (charge.billing_details ?? {}) as Obj;
    return factsFrom({
      paymentIntentId,
      chargeId: String(charge.id),
      invoiceId: typeof pi.filo_sandbox_invoice === 'string' ? pi.filo_sandbox_invoice : null,
      chargeAmount: Number(charge.amount),
      chargeCurrency: String(charge.currency),
      bt,
      created: Number(charge.created),
      email: typeof billing.email === 'string' ? billing.email : null,
      name: typeof billing.name === 'string' ? billing.name : null,
      metadata: (pi.metadata ?? {}) as Record<string, string>,
    });
  }

  async invoicePaymentFacts(invoiceId: string): Promise<PaymentFacts> {
    const invoice = await this.#get(invoiceId, 'invoice');
    const pi = invoice.filo_sandbox_payment_intent;
    if (typeof pi !== 'string')
      throw new FiloError(PaymentErrors.PAYMENT_NOT_YET_RECORDED, {
        message: `Invoice ${invoiceId} is not paid`,
      });
    return { ...(await this.paymentFacts(pi)), invoiceId };
  }

  async listRefunds(chargeId: string): Promise<readonly RefundFacts[]> {
    const charge = await this.#get(chargeId, 'charge');
    const ids = Array.isArray(charge.filo_sandbox_refunds) ? (charge.filo_sandbox_refunds as string[]) : [];
    const out: RefundFacts[] = [];
    for (const id of ids) {
      const r = await this.#get(id, 'refund');
      out.push({
        id,
        amountMinor: Number(r.amount),
        currency: String(r.currency).toUpperCase(),
        status: String(r.status),
      });
    }
    return out;
  }

  async changeSubscription(subscriptionId: string, change: SubscriptionChange): Promise<void> {
    const sub = await this.#get(subscriptionId, 'subscription');
    switch (change.kind) {
      case 'cancel': {
        const cancelled = { ...sub, status: 'canceled', canceled_at: this.#unix(), ended_at: this.#unix() };
        await this.#put(cancelled);
        await this.#deliver(this.#sign([this.#event('customer.subscription.deleted', stripFilo(cancelled))]));
        return;
      }
      case 'pause':
        await this.#put({ ...sub, pause_collection: { behavior: 'void', resumes_at: null } });
        return;
      case 'resume':
        await this.#put({ ...sub, pause_collection: null });
        return;
      case 'amount':
        await this.#put({ ...sub, filo_sandbox_amount: change.amountMinor });
        return;
    }
  }

  // ---- the sandbox's own surface: the checkout page and its simulations ---------------------------

  async session(id: string): Promise<SandboxSessionView> {
    const s = await this.#get(id, 'checkout.session');
    const extra = s.filo_sandbox as { description: string };
    const expired = s.status === 'open' && Number(s.expires_at) < this.#unix();
    return {
      id,
      status: expired ? 'expired' : s.status === 'complete' ? 'complete' : 'open',
      mode: s.mode === 'subscription' ? 'subscription' : 'payment',
      amountMinor: Number(s.amount_total),
      currency: String(s.currency).toUpperCase(),
      description: extra.description,
      email: typeof s.customer_email === 'string' ? s.customer_email : null,
      successUrl: String(s.success_url),
      cancelUrl: String(s.cancel_url),
    };
  }

  /**
   * The donor pressed "pay" (or "decline") on the sandbox page. A success creates the objects of a
   * settled payment and delivers the events Stripe sends for it; a decline delivers the failure.
   * Returns where the browser goes next.
   */
  async completeSession(
    id: string,
    input: {
      outcome: 'succeed' | 'fail';
      name?: string | null | undefined;
      email?: string | null | undefined;
    } & DeliveryOptions,
  ): Promise<{ redirectUrl: string; deliveries: readonly Delivery[] }> {
    const view = await this.session(id);
    if (view.status !== 'open') throw new FiloError(PaymentErrors.PAYMENT_CHECKOUT_CLOSED);
    const s = await this.#get(id, 'checkout.session');
    const email = input.email ?? view.email;
    const details = {
      address: null,
      email,
      name: input.name ?? null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    const metadata = s.metadata as Record<string, string>;
    const events: Obj[] = [];
    if (input.outcome === 'fail') {
      const pi = this.#paymentIntent(
        view,
        view.mode === 'payment' ? metadata : {},
        'requires_payment_method',
        null,
      );
      pi.last_payment_error = {
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined. (sandbox)',
        type: 'card_error',
      };
      await this.#put(pi);
      events.push(this.#event('payment_intent.payment_failed', stripFilo(pi)));
      const deliveries = arrange(this.#sign(events), input);
      await this.#deliver(deliveries);
      return { redirectUrl: view.cancelUrl, deliveries };
    }

    if (view.mode === 'payment') {
      const { pi } = await this.#settle(view, metadata, email, input.name ?? null, null);
      const done = {
        ...s,
        status: 'complete',
        payment_status: 'paid',
        payment_intent: pi.id,
        customer_details: details,
      };
      await this.#put(done);
      events.push(this.#event('checkout.session.completed', stripFilo(done)));
      events.push(this.#event('payment_intent.succeeded', stripFilo(pi)));
    } else {
      const sub: Obj = {
        id: rid('sub'),
        object: 'subscription',
        status: 'active',
        created: this.#unix(),
        currency: view.currency.toLowerCase(),
        metadata,
        items: {
          object: 'list',
          data: [
            {
              id: rid('si'),
              object: 'subscription_item',
              price: {
                id: rid('price'),
                unit_amount: view.amountMinor,
                currency: view.currency.toLowerCase(),
                recurring: { interval: 'month', interval_count: 1 },
              },
              quantity: 1,
            },
          ],
        },
        pause_collection: null,
        livemode: false,
        filo_sandbox_amount: view.amountMinor,
        filo_sandbox_email: email,
        filo_sandbox_name: input.name ?? null,
        filo_sandbox_description: view.description,
      };
      await this.#put(sub);
      const { invoice, pi } = await this.#invoice(sub, 'subscription_create', true);
      const done = {
        ...s,
        status: 'complete',
        payment_status: 'paid',
        subscription: sub.id,
        invoice: invoice.id,
        customer_details: details,
      };
      await this.#put(done);
      events.push(this.#event('checkout.session.completed', stripFilo(done)));
      if (pi) events.push(this.#event('payment_intent.succeeded', stripFilo(pi)));
      events.push(this.#event('invoice.paid', stripFilo(invoice)));
      events.push(this.#event('invoice.payment_succeeded', stripFilo(invoice)));
    }
    const deliveries = arrange(this.#sign(events), input);
    await this.#deliver(deliveries);
    return { redirectUrl: view.successUrl.replace('{CHECKOUT_SESSION_ID}', id), deliveries };
  }

  /** Bills the next month of a recurring gift: invoice.paid, or invoice.payment_failed when `fail`. */
  async renewSubscription(
    subscriptionId: string,
    options: { fail?: boolean } & DeliveryOptions = {},
  ): Promise<readonly Delivery[]> {
    const sub = await this.#get(subscriptionId, 'subscription');
    if (sub.status === 'canceled') throw new FiloError(PaymentErrors.PAYMENT_SUBSCRIPTION_CLOSED);
    const { invoice, pi } = await this.#invoice(sub, 'subscription_cycle', !options.fail);
    const events = options.fail
      ? [this.#event('invoice.payment_failed', stripFilo(invoice))]
      : [
          ...(pi ? [this.#event('payment_intent.succeeded', stripFilo(pi))] : []),
          this.#event('invoice.paid', stripFilo(invoice)),
          this.#event('invoice.payment_succeeded', stripFilo(invoice)),
        ];
    if (options.fail) await this.#put({ ...sub, status: 'past_due' });
    const deliveries = arrange(this.#sign(events), options);
    await this.#deliver(deliveries);
    return deliveries;
  }

  /** Refunds (part of) a sandbox payment, as a dashboard refund would: delivers charge.refunded. */
  async refund(paymentIntentId: string, amountMinor?: number): Promise<readonly Delivery[]> {
    const pi = await this.#get(paymentIntentId, 'payment_intent');
    const charge = await this.#get(String(pi.latest_charge), 'charge');
    const left = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = amountMinor ?? left;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > left)
      throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID);
    const refund = {
      id: rid('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      currency: charge.currency,
      payment_intent: pi.id,
      status: 'succeeded',
      created: this.#unix(),
      metadata: {},
    };
    await this.#put(refund);
    const updated = {
      ...charge,
      amount_refunded: Number(charge.amount_refunded) + amount,
      refunded: Number(charge.amount_refunded) + amount === Number(charge.amount),
      filo_sandbox_refunds: [...((charge.filo_sandbox_refunds as string[] | undefined) ?? []), refund.id],
    };
    await this.#put(updated);
    const deliveries = this.#sign([this.#event('charge.refunded', stripFilo(updated))]);
    await this.#deliver(deliveries);
    return deliveries;
  }

  /** Opens a dispute (chargeback) on a sandbox payment: delivers charge.dispute.created. */
  async dispute(paymentIntentId: string): Promise<readonly Delivery[]> {
    const pi = await this.#get(paymentIntentId, 'payment_intent');
    const charge = await this.#get(String(pi.latest_charge), 'charge');
    const dispute = {
      id: rid('dp'),
      object: 'dispute',
      amount: charge.amount,
      charge: charge.id,
      currency: charge.currency,
      payment_intent: pi.id,
      reason: 'fraudulent',
      status: 'needs_response',
      created: this.#unix(),
      livemode: false,
      metadata: {},
    };
    await this.#put(dispute);
    const deliveries = this.#sign([this.#event('charge.dispute.created', dispute)]);
    await this.#deliver(deliveries);
    return deliveries;
  }

  /** Signs any body as this sandbox would (tests use it to craft deliveries). */
  sign(body: string, timestamp: number = this.#unix()): string {
    return signStripePayload(body, this.#secret, timestamp);
  }

  // ---- building Stripe-shaped objects ------------------------------------------------------------------

  #paymentIntent(
    view: { amountMinor: number; currency: string },
    metadata: Record<string, string>,
    status: string,
    email: string | null,
  ): Obj {
    return {
      id: rid('pi'),
      object: 'payment_intent',
      amount: view.amountMinor,
      amount_received: status === 'succeeded' ? view.amountMinor : 0,
      capture_method: 'automatic_async',
      created: this.#unix(),
      currency: view.currency.toLowerCase(),
      latest_charge: null,
      livemode: false,
      metadata,
      payment_method_types: ['card'],
      receipt_email: email,
      status,
    };
  }

  /** A succeeded PaymentIntent with its charge and balance transaction (fee: 1.5 % + 0.25, as EU cards). */
  async #settle(
    view: { amountMinor: number; currency: string },
    metadata: Record<string, string>,
    email: string | null,
    name: string | null,
    invoiceId: string | null,
  ) {
    const pi = this.#paymentIntent(view, metadata, 'succeeded', email);
    const chargeId = rid('ch');
    const fee = Math.min(view.amountMinor - 1, Math.round(view.amountMinor * 0.015) + 25);
    const bt = {
      id: rid('txn'),
      object: 'balance_transaction',
      amount: view.amountMinor,
      fee,
      net: view.amountMinor - fee,
      currency: view.currency.toLowerCase(),
      type: 'charge',
      source: chargeId,
      status: 'pending',
      created: this.#unix(),
    };
    const charge = {
      id: chargeId,
      object: 'charge',
      amount: view.amountMinor,
      amount_captured: view.amountMinor,
      amount_refunded: 0,
      balance_transaction: bt.id,
      billing_details: { address: null, email, name, phone: null },
      captured: true,
      created: this.#unix(),
      currency: view.currency.toLowerCase(),
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: pi.id,
      refunded: false,
      status: 'succeeded',
    };
    pi.latest_charge = chargeId;
    if (invoiceId) pi.filo_sandbox_invoice = invoiceId;
    await this.#put(bt);
    await this.#put(charge);
    await this.#put(pi);
    return { pi, charge };
  }

  /** A subscription invoice in the 2025-03-31.basil shape, paid (with its payment) or failed. */
  async #invoice(
    sub: Obj,
    reason: 'subscription_create' | 'subscription_cycle',
    paid: boolean,
  ): Promise<{ invoice: Obj; pi: Obj | null }> {
    const amount = Number(sub.filo_sandbox_amount);
    const currency = String(sub.currency);
    const id = rid('in');
    const email = (sub.filo_sandbox_email as string | null) ?? null;
    const name = (sub.filo_sandbox_name as string | null) ?? null;
    const settled = paid ? await this.#settle({ amountMinor: amount, currency }, {}, email, name, id) : null;
    const now = this.#unix();
    const invoice: Obj = {
      id,
      object: 'invoice',
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      amount_remaining: paid ? 0 : amount,
      attempt_count: paid ? 0 : 1,
      attempted: true,
      billing_reason: reason,
      collection_method: 'charge_automatically',
      created: now,
      currency,
      customer_email: email,
      customer_name: name,
      customer_phone: null,
      lines: {
        object: 'list',
        data: [
          {
            id: rid('il'),
            object: 'line_item',
            amount,
            currency,
            description: `1 × ${String(sub.filo_sandbox_description)} (monthly)`,
            parent: {
              type: 'subscription_item_details',
              subscription_item_details: {
                subscription: sub.id,
                subscription_item: (sub.items as { data: Array<{ id: string }> }).data[0]?.id ?? null,
                proration: false,
              },
            },
          },
        ],
        has_more: false,
        total_count: 1,
      },
      livemode: false,
      metadata: {},
      next_payment_attempt: paid ? null : now + 3 * 24 * 3600,
      parent: {
        quote_details: null,
        subscription_details: { metadata: sub.metadata, subscription: sub.id },
        type: 'subscription_details',
      },
      status: paid ? 'paid' : 'open',
      status_transitions: { finalized_at: now, paid_at: paid ? now : null },
      total: amount,
      filo_sandbox_payment_intent: settled ? settled.pi.id : null,
    };
    await this.#put(invoice);
    return { invoice, pi: settled?.pi ?? null };
  }

  #event(type: string, object: Obj): Obj {
    return {
      id: rid('evt'),
      object: 'event',
      api_version: SANDBOX_API_VERSION,
      created: this.#unix(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  #sign(events: readonly Obj[]): Delivery[] {
    const t = this.#unix();
    return events.map((e) => {
      // Stripe pretty-prints event bodies with two spaces.
      const body = JSON.stringify(e, null, 2);
      return {
        eventId: String(e.id),
        type: String(e.type),
        body,
        signature: signStripePayload(body, this.#secret, t),
      };
    });
  }
}

/** Drops the sandbox's private bookkeeping fields so a delivered object has only Stripe's fields. */
function stripFilo(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('filo_sandbox')));
}

function arrange(deliveries: Delivery[], options: DeliveryOptions): Delivery[] {
  let out = options.reverse ? [...deliveries].reverse() : deliveries;
  // A duplicate comes after the whole first round, as Stripe's retries do.
  if (options.duplicate) out = [...out, ...out];
  return out;
}
