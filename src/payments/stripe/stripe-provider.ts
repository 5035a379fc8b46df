import Stripe from 'stripe';
import { FiloError } from '../../core';
import { PaymentErrors } from '../errors';
import type {
  CheckoutRequest,
  CheckoutSession,
  PaymentFacts,
  PaymentProvider,
  RefundFacts,
  SubscriptionChange,
} from '../port';
import { verifyStripeSignature } from '../webhook-signature';

// The Stripe adapter: Checkout Sessions (one-off and monthly), webhook verification by the SDK,
// and the balance transaction behind each payment. Credentials come in through the options; this
// folder never reads the environment.

export interface StripeProviderOptions {
  readonly secretKey: string;
  /** One or more `whsec_…` secrets (more than one while rotating). */
  readonly webhookSecrets: readonly string[];
  /** Tests point the SDK at a local server that pins the requests. */
  readonly api?:
    { readonly host: string; readonly port: number; readonly protocol: 'http' | 'https' } | undefined;
  readonly now?: (() => number) | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const idOf = (v: unknown): string | null =>
  typeof v === 'string' ? v : isObj(v) && typeof v.id === 'string' ? v.id : null;

export class StripePaymentProvider implements PaymentProvider {
  readonly kind = 'stripe' as const;
  readonly #stripe: Stripe;
  readonly #secrets: readonly string[];
  readonly #now: () => number;

  constructor(options: StripeProviderOptions) {
    this.#stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: 'Filo', url: 'https://filo.ngo' },
      ...(options.api
        ? { host: options.api.host, port: options.api.port, protocol: options.api.protocol }
        : {}),
    });
    this.#secrets = options.webhookSecrets;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const metadata = { filo_checkout: request.checkoutId };
    const monthly = request.frequency === 'monthly';
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: monthly ? 'subscription' : 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: request.currency.toLowerCase(),
            unit_amount: request.amountMinor,
            product_data: { name: request.description },
            ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
          },
        },
      ],
      client_reference_id: request.checkoutId,
      metadata,
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      locale: ['it', 'en', 'de', 'es', 'fr'].includes(request.locale) ? request.locale : 'auto',
      ...(request.email ? { customer_email: request.email } : {}),
      ...(request.expiresAt ? { expires_at: Math.floor(request.expiresAt.getTime() / 1000) } : {}),
      // The metadata travels with the payment (one-off) or the subscription (its invoices), so the
      // webhook that arrives first can be matched to the checkout whatever the order.
      ...(monthly
        ? { subscription_data: { metadata } }
        : { payment_intent_data: { metadata }, submit_type: 'donate' as const }),
    };
    const session = await this.#call(() =>
      this.#stripe.checkout.sessions.create(params, {
        idempotencyKey: `filo-checkout-${request.checkoutId}`,
      }),
    );
    if (!session.url)
      throw new FiloError(PaymentErrors.PAYMENT_PROVIDER_FAILED, {
        message: 'Stripe returned a session without a URL',
      });
    return { id: session.id, url: session.url };
  }

  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): unknown {
    return verifyStripeSignature(rawBody, signatureHeader, this.#secrets, this.#now);
  }

  async paymentFacts(paymentIntentId: string): Promise<PaymentFacts> {
    const pi = (await this.#call(() =>
      this.#stripe.paymentIntents.retrieve(paymentIntentId, {
        expand: ['latest_charge.balance_transaction'],
      }),
    )) as unknown as Obj;
    const charge = pi.latest_charge;
    if (!isObj(charge))
      throw new FiloError(PaymentErrors.PAYMENT_NOT_YET_RECORDED, {
        message: `PaymentIntent ${paymentIntentId} has no charge yet`,
      });
    const bt = charge.balance_transaction;
    if (!isObj(bt))
      throw new FiloError(PaymentErrors.PAYMENT_NOT_YET_RECORDED, {
        message: `Charge ${String(charge.id)} has no balance transaction yet`,
      });
    // Older API versions say which invoice a payment paid on the PaymentIntent; newer ones through
    // the InvoicePayment objects.
    let invoiceId = idOf(pi.invoice);
    if (invoiceId === null) {
      const list = await this.#call(() =>
        this.#stripe.invoicePayments.list({
          payment: { type: 'payment_intent', payment_intent: paymentIntentId },
          limit: 1,
        }),
      );
      invoiceId = list.data.map((p) => idOf((p as unknown as Obj).invoice)).find((id) => id !== null) ?? null;
    }
    const billing = isObj(charge.billing_details) ? charge.billing_details : {};
    return factsFrom({
      paymentIntentId,
      chargeId: idOf(charge),
      invoiceId,
      chargeAmount: Number(charge.amount),
      chargeCurrency: String(charge.currency),
      bt,
      created: Number(charge.created),
      email:
        typeof pi.receipt_email === 'string'
          ? pi.receipt_email
          : typeof billing.email === 'string'
            ? billing.email
            : null,
      name: typeof billing.name === 'string' ? billing.name : null,
      metadata: isObj(pi.metadata) ? (pi.metadata as Record<string, string>) : {},
    });
  }

  async invoicePaymentFacts(invoiceId: string): Promise<PaymentFacts> {
    const invoice = (await this.#call(() =>
      this.#stripe.invoices.retrieve(invoiceId, { expand: ['payments'] }),
    )) as unknown as Obj;
    let pi = idOf(invoice.payment_intent);
    const payments =
      isObj(invoice.payments) && Array.isArray(invoice.payments.data)
        ? (invoice.payments.data as unknown[])
        : [];
    for (const p of payments) {
      if (pi !== null) break;
      if (isObj(p) && p.status === 'paid' && isObj(p.payment) && p.payment.type === 'payment_intent')
        pi = idOf(p.payment.payment_intent);
    }
    if (pi === null)
      throw new FiloError(PaymentErrors.PAYMENT_NOT_YET_RECORDED, {
        message: `Invoice ${invoiceId} has no paid PaymentIntent`,
      });
    const facts = await this.paymentFacts(pi);
    return { ...facts, invoiceId };
  }

  async listRefunds(chargeId: string): Promise<readonly RefundFacts[]> {
    const out: RefundFacts[] = [];
    for await (const r of this.#stripe.refunds.list({ charge: chargeId, limit: 100 })) {
      out.push({
        id: r.id,
        amountMinor: r.amount,
        currency: r.currency.toUpperCase(),
        status: r.status ?? 'pending',
      });
    }
    return out;
  }

  async changeSubscription(subscriptionId: string, change: SubscriptionChange): Promise<void> {
    switch (change.kind) {
      case 'cancel':
        await this.#call(() => this.#stripe.subscriptions.cancel(subscriptionId));
        return;
      case 'pause':
        await this.#call(() =>
          this.#stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: 'void' } }),
        );
        return;
      case 'resume':
        await this.#call(() => this.#stripe.subscriptions.update(subscriptionId, { pause_collection: null }));
        return;
      case 'amount': {
        const sub = await this.#call(() => this.#stripe.subscriptions.retrieve(subscriptionId));
        const item = sub.items.data[0];
        if (!item)
          throw new FiloError(PaymentErrors.PAYMENT_PROVIDER_FAILED, {
            message: 'The subscription has no item',
          });
        const product = typeof item.price.product === 'string' ? item.price.product : item.price.product.id;
        await this.#call(() =>
          this.#stripe.subscriptions.update(subscriptionId, {
            items: [
              {
                id: item.id,
                price_data: {
                  currency: change.currency.toLowerCase(),
                  unit_amount: change.amountMinor,
                  product,
                  recurring: { interval: 'month' },
                },
              },
            ],
            proration_behavior: 'none',
          }),
        );
        return;
      }
    }
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
        throw new FiloError(PaymentErrors.PAYMENT_PROVIDER_OBJECT_NOT_FOUND, {
          message: error.message,
          cause: error,
        });
      }
      if (error instanceof FiloError) throw error;
      throw new FiloError(PaymentErrors.PAYMENT_PROVIDER_FAILED, {
        message: error instanceof Error ? error.message : 'Stripe request failed',
        cause: error,
      });
    }
  }
}

/**
 * Gross in the charge's currency; the fee from the balance transaction, converted back at the
 * transaction's own rate when the account settles in another currency.
 */
export function factsFrom(input: {
  paymentIntentId: string;
  chargeId: string | null;
  invoiceId: string | null;
  chargeAmount: number;
  chargeCurrency: string;
  bt: Obj;
  created: number;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
}): PaymentFacts {
  const gross = input.chargeAmount;
  const btAmount = Number(input.bt.amount);
  const btFee = Number(input.bt.fee);
  if (
    !Number.isSafeInteger(gross) ||
    gross <= 0 ||
    !Number.isSafeInteger(btAmount) ||
    btAmount <= 0 ||
    !Number.isSafeInteger(btFee) ||
    btFee < 0
  ) {
    throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID, {
      message: 'The balance transaction has no usable amount or fee',
    });
  }
  const sameCurrency = String(input.bt.currency).toLowerCase() === input.chargeCurrency.toLowerCase();
  const fee = Math.min(gross, sameCurrency ? btFee : Math.round((btFee * gross) / btAmount));
  return {
    paymentIntentId: input.paymentIntentId,
    chargeId: input.chargeId,
    invoiceId: input.invoiceId,
    grossMinor: gross,
    feeMinor: fee,
    netMinor: gross - fee,
    currency: input.chargeCurrency.toUpperCase(),
    paidAt: new Date(
      (Number.isSafeInteger(input.created) && input.created > 0
        ? input.created
        : Math.floor(Date.now() / 1000)) * 1000,
    ).toISOString(),
    email: input.email,
    name: input.name,
    metadata: input.metadata,
  };
}
