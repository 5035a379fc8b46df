import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { FiloError } from '../core';
import { PaymentErrors } from './errors';

// Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex>` where v1 is HMAC-SHA256, keyed by
// the whole endpoint secret (`whsec_…`), of `<t>.<raw body>`. Verification is the official SDK's
// (`stripe.webhooks.constructEvent`); signing is here so the sandbox delivers exactly what Stripe would.

/** Stripe's default and ours: a signature older (or newer) than this is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

// constructEvent needs no API key and makes no request; one client serves every verification.
const verifier = new Stripe('sk_unused_for_webhook_verification');

export function signStripePayload(payload: string | Buffer, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Verifies a delivery against each configured secret (several during a rotation on Filo's side; the
 * SDK itself accepts any matching v1 in the header, which covers a rotation on Stripe's side).
 */
export function verifyStripeSignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  now: () => number = () => Math.floor(Date.now() / 1000),
): unknown {
  if (!header) throw new FiloError(PaymentErrors.PAYMENT_WEBHOOK_SIGNATURE_MISSING);
  let outOfTolerance = false;
  const nowSeconds = now();
  for (const secret of secrets) {
    try {
      // The SDK takes the receive time in milliseconds and refuses only signatures that are too old.
      const event = verifier.webhooks.constructEvent(
        rawBody,
        header,
        secret,
        SIGNATURE_TOLERANCE_SECONDS,
        undefined,
        nowSeconds * 1000,
      );
      const t = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1]);
      // A timestamp from the future beyond the tolerance is a replay window we do not grant either.
      if (!Number.isSafeInteger(t) || t - nowSeconds > SIGNATURE_TOLERANCE_SECONDS) {
        throw new FiloError(PaymentErrors.PAYMENT_WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE);
      }
      return event;
    } catch (error) {
      if (error instanceof FiloError) throw error;
      if (error instanceof Error && /tolerance/i.test(error.message)) outOfTolerance = true;
      else if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) {
        // A body that verifies but is not JSON, for example.
        throw new FiloError(PaymentErrors.PAYMENT_EVENT_INVALID, {
          message: 'The signed body is not a JSON event',
          cause: error,
        });
      }
    }
  }
  throw new FiloError(
    outOfTolerance
      ? PaymentErrors.PAYMENT_WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE
      : PaymentErrors.PAYMENT_WEBHOOK_SIGNATURE_INVALID,
  );
}
