// The payments module owns giving: the PaymentProvider port with its Stripe and sandbox adapters,
// donation checkouts and chat payment links, recurring gifts, and the Stripe webhook whose events
// reach the ledger exactly once; receipts and bank reconciliation are sub-modules with their own doors.
export {
  createPaymentsModule,
  paymentsModule,
  SANDBOX_DELIVER_JOB,
  type PaymentsModuleOptions,
} from './payments-module';
export {
  PaymentsService,
  NOTIFY_JOB,
  PROCESS_EVENT_JOB,
  MIN_GIFT_MINOR,
  MAX_GIFT_MINOR,
  PRESET_AMOUNTS_MINOR,
  type NotifyPayload,
  type CheckoutInput,
  type PaymentLinkInput,
  type RecurringGiftView,
  type RecurringGiftChange,
  type RecurringGiftDelegate,
} from './payments-service';
export type {
  PaymentProvider,
  PaymentProviderKind,
  PaymentFacts,
  CheckoutRequest,
  CheckoutSession,
  Frequency,
  RefundFacts,
  SubscriptionChange,
} from './port';
export { NEEDS_ADDRESS, PaymentErrors } from './errors';
export { StripePaymentProvider, type StripeProviderOptions } from './stripe';
export { SandboxPaymentProvider, sandboxWebhookSecret, type Delivery } from './sandbox';
export { signStripePayload, SIGNATURE_TOLERANCE_SECONDS } from './webhook-signature';
export { parseStripeEvent, HANDLED_EVENT_TYPES, MAX_PROVIDER_AMOUNT_MINOR } from './stripe-events';
export { CONSENT_VERSION, currentConsents } from './consents';
// Receipts and reports (a sub-module with its own door).
export {
  receiptsModule,
  createReceiptsModule,
  ReceiptsService,
  ReceiptErrors,
  type Receipt,
} from './receipts';
// Bank reconciliation (a sub-module with its own door).
export { reconciliationModule, createReconciliationModule, ReconciliationService } from './reconciliation';
