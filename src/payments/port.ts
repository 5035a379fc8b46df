// The PaymentProvider port: what Filo asks of a payment provider. Both adapters speak Stripe's wire
// format for webhooks (the sandbox signs its deliveries exactly as Stripe does), so the event
// handling above the port is shared; what differs is where checkouts live and where facts come from.

export type PaymentProviderKind = 'stripe' | 'sandbox';
export type Frequency = 'one-off' | 'monthly';

export interface CheckoutRequest {
  /** Filo's checkout id; sent as metadata `filo_checkout` and as the idempotency key. */
  readonly checkoutId: string;
  readonly frequency: Frequency;
  readonly amountMinor: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** What the donor sees as the item, e.g. the campaign's name. */
  readonly description: string;
  readonly email: string | null;
  readonly locale: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  /** When the checkout stops accepting payment (Stripe: 30 minutes to 24 hours from now). */
  readonly expiresAt?: Date | undefined;
}

export interface CheckoutSession {
  readonly id: string;
  readonly url: string;
}

/** A settled payment as the provider's balance transaction tells it, in the charge's currency. */
export interface PaymentFacts {
  readonly paymentIntentId: string;
  readonly chargeId: string | null;
  /** Set when the payment paid an invoice (a recurring gift). */
  readonly invoiceId: string | null;
  readonly grossMinor: number;
  readonly feeMinor: number;
  readonly netMinor: number;
  readonly currency: string;
  readonly paidAt: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface RefundFacts {
  readonly id: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: string;
}

export type SubscriptionChange =
  | {
      readonly kind: 'amount';
      readonly amountMinor: number;
      readonly currency: string;
      readonly description: string;
    }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'cancel' };

export interface PaymentProvider {
  readonly kind: PaymentProviderKind;
  /** Starts a hosted checkout for a one-off or a monthly gift. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * Checks `Stripe-Signature` against the raw body (300 s tolerance, any matching v1) and returns the
   * parsed event. Throws FiloError PAYMENT_WEBHOOK_* when it does not verify.
   */
  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): unknown;
  /** Gross, fee and net of a PaymentIntent from its charge's balance transaction. */
  paymentFacts(paymentIntentId: string): Promise<PaymentFacts>;
  /** The facts of the payment that paid an invoice. */
  invoicePaymentFacts(invoiceId: string): Promise<PaymentFacts>;
  /** Refunds of a charge (when the event does not embed them). */
  listRefunds(chargeId: string): Promise<readonly RefundFacts[]>;
  /** Changes a recurring gift at the provider (self-service link). */
  changeSubscription(subscriptionId: string, change: SubscriptionChange): Promise<void>;
}
