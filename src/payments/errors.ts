import { defineErrors } from '../core';

// The payments module's error catalogue. Codes are stable; a retired code is never reused.
export const PaymentErrors = defineErrors({
  PAYMENT_WEBHOOK_SIGNATURE_MISSING: { statusCode: 400, message: 'The Stripe-Signature header is missing' },
  PAYMENT_WEBHOOK_SIGNATURE_INVALID: {
    statusCode: 400,
    message: 'No v1 signature in Stripe-Signature matches the body',
  },
  PAYMENT_WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE: {
    statusCode: 400,
    message: 'The signature timestamp is outside the 300-second tolerance',
  },
  PAYMENT_WEBHOOK_DISABLED: {
    statusCode: 404,
    message: 'Webhooks are off: STRIPE_WEBHOOK_SECRET is not set',
  },
  PAYMENT_EVENT_INVALID: { statusCode: 400, message: 'The event does not have the expected shape' },
  PAYMENT_AMOUNT_INVALID: {
    statusCode: 400,
    message: 'The amount must be a positive integer of minor units within the allowed range',
  },
  PAYMENT_CURRENCY_UNKNOWN: { statusCode: 400, message: 'Unknown currency (ISO 4217 expected)' },
  PAYMENT_CURRENCY_MISMATCH: { statusCode: 400, message: "The currency is not the organisation's" },
  PAYMENT_CAMPAIGN_NOT_OPEN: { statusCode: 404, message: 'No campaign with this slug is open for gifts' },
  PAYMENT_DONOR_INVALID: {
    statusCode: 400,
    message: 'An e-mail address or a phone number is needed, in a valid form',
  },
  PAYMENT_CONSENT_VERSION_UNKNOWN: {
    statusCode: 400,
    message: 'The consent wording version is not the current one',
  },
  PAYMENT_CHECKOUT_NOT_FOUND: { statusCode: 404, message: 'No such checkout' },
  PAYMENT_CHECKOUT_CLOSED: { statusCode: 409, message: 'This checkout is already completed or closed' },
  PAYMENT_LINK_NOT_FOUND: { statusCode: 404, message: 'No such payment link' },
  PAYMENT_LINK_EXPIRED: { statusCode: 410, message: 'This payment link has expired' },
  PAYMENT_CONTACT_NOT_FOUND: { statusCode: 404, message: 'No such contact' },
  PAYMENT_SUBSCRIPTION_NOT_FOUND: { statusCode: 404, message: 'No such recurring gift' },
  PAYMENT_SUBSCRIPTION_CLOSED: { statusCode: 409, message: 'This recurring gift is cancelled' },
  PAYMENT_NOT_YET_RECORDED: {
    statusCode: 409,
    message: 'The payment this event refers to is not recorded yet',
  },
  PAYMENT_PROVIDER_FAILED: { statusCode: 502, message: 'The payment provider did not answer as expected' },
  PAYMENT_PROVIDER_OBJECT_NOT_FOUND: {
    statusCode: 404,
    message: 'The payment provider does not know this object',
  },
});

/** PAYMENT_DONOR_INVALID's message when the channel chosen for our messages lacks its address. */
export const NEEDS_ADDRESS =
  'The channel chosen for our messages needs its address (an e-mail address or a phone number)';
