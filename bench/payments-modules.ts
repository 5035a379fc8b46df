// The payments module as the payments benchmark runs it, in both threads (FILO_WORKER_THREAD builds the
// worker thread's modules from this file): the real webhook route, ingest, queue and ledger, with the
// provider's balance-transaction look-up (a network call to Stripe in production) answered from memory,
// so that the figure is Filo's own cost.
import { createPaymentsModule, type PaymentFacts, type PaymentProvider } from '../src/payments';
import { verifyStripeSignature } from '../src/payments/webhook-signature';
import type { ModuleFactory } from '../src/runtime/modules';

export const BENCH_WEBHOOK_SECRET = 'whsec_bench_secret_0123456789abcdef';

class MemoryProvider implements PaymentProvider {
  readonly kind = 'stripe' as const;
  createCheckout(): never {
    throw new Error('not in the benchmark');
  }
  verifyWebhook(raw: Buffer, header: string | undefined): unknown {
    return verifyStripeSignature(raw, header, [BENCH_WEBHOOK_SECRET]);
  }
  async paymentFacts(id: string): Promise<PaymentFacts> {
    const gross = 500 + (Number(id.slice(-4)) % 1000);
    const fee = Math.round(gross * 0.015) + 25;
    return {
      paymentIntentId: id,
      chargeId: `ch_${id.slice(3)}`,
      invoiceId: null,
      grossMinor: gross,
      feeMinor: fee,
      netMinor: gross - fee,
      currency: 'EUR',
      paidAt: new Date().toISOString(),
      email: null,
      name: null,
      metadata: {},
    };
  }
  invoicePaymentFacts(): never {
    throw new Error('not in the benchmark');
  }
  async listRefunds() {
    return [];
  }
  async changeSubscription() {}
}

export const modules: readonly ModuleFactory[] = [createPaymentsModule({ provider: new MemoryProvider() })];
