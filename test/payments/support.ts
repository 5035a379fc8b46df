import {
  createPaymentsModule,
  SandboxPaymentProvider,
  type PaymentsModuleOptions,
  type PaymentsService,
} from '../../src/payments';
import type { Engine } from '../../src/store';
import { createTestApp, type TestApp } from '../support/app';

export async function paymentsApp(
  engine: Engine,
  options: PaymentsModuleOptions & {
    config?: Parameters<typeof createTestApp>[1] extends infer O
      ? O extends { config?: infer C }
        ? C
        : never
      : never;
  } = {},
): Promise<TestApp & { campaignId: string }> {
  const t = await createTestApp(engine, {
    modules: [createPaymentsModule(options)],
    ...(options.config ? { config: options.config } : {}),
  });
  const campaign = await t.ctx.campaigns.create({
    slug: 'un-pasto',
    name: 'Un pasto per tutti',
    goalMinor: 500_000,
    currency: 'EUR',
  });
  return Object.assign(t, { campaignId: campaign.id });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The sandbox provider behind a payments module built from configuration. */
export function sandboxOf(t: TestApp): SandboxPaymentProvider {
  const service = t.modules.find((m) => m.name === 'payments')?.service as PaymentsService;
  const provider = service.provider;
  if (!(provider instanceof SandboxPaymentProvider)) throw new Error('not the sandbox');
  return provider;
}
