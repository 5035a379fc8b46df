import type { FastifyInstance } from 'fastify';
import type { JsonValue } from '../jobs';
import type { FiloModule, ModuleFactory } from '../runtime/modules';
import { PaymentsService, PROCESS_EVENT_JOB, PROCESS_EVENTS_JOB, SWEEP_JOB } from './payments-service';
import type { PaymentProvider } from './port';
import { paymentRoutes } from './routes';
import { SandboxPaymentProvider, sandboxWebhookSecret, type Delivery } from './sandbox';
import { StripePaymentProvider } from './stripe';

// Builds the payments module: Stripe when STRIPE_SECRET_KEY is set, otherwise the sandbox (the demo's
// default). The webhook is live whenever a webhook secret exists: STRIPE_WEBHOOK_SECRET, or the
// sandbox's own secret.

export const SANDBOX_DELIVER_JOB = 'payments.sandbox-deliver';

export interface PaymentsModuleOptions {
  /** Tests: a ready provider instead of the one chosen from configuration. */
  readonly provider?: PaymentProvider | undefined;
  /** Single-event jobs (retries, the sweeper's) running at once in this process. */
  readonly concurrency?: number | undefined;
}

export function createPaymentsModule(options: PaymentsModuleOptions = {}): ModuleFactory {
  return async (deps): Promise<FiloModule> => {
    const { config, queue } = deps;
    let app: FastifyInstance | undefined;
    let provider: PaymentProvider;
    let sandbox: SandboxPaymentProvider | null = null;
    if (options.provider) {
      provider = options.provider;
      if (provider instanceof SandboxPaymentProvider) sandbox = provider;
    } else if (config.stripeSecretKey) {
      provider = new StripePaymentProvider({
        secretKey: config.stripeSecretKey,
        webhookSecrets: config.stripeWebhookSecrets,
      });
    } else {
      sandbox = new SandboxPaymentProvider({
        store: deps.store,
        publicUrl: config.publicUrl,
        webhookSecret: await sandboxWebhookSecret(deps.store),
        extraWebhookSecrets: config.stripeWebhookSecrets,
        deliver: async (deliveries) => {
          await queue.enqueue(SANDBOX_DELIVER_JOB, { deliveries: deliveries as unknown as JsonValue });
        },
      });
      provider = sandbox;
    }
    const webhooksLive =
      options.provider !== undefined || provider.kind === 'sandbox' || config.stripeWebhookSecrets.length > 0;

    const service = new PaymentsService({
      store: deps.store,
      provider,
      queue,
      ledger: deps.ledger,
      contacts: deps.contacts,
      campaigns: deps.campaigns,
      organisation: deps.organisation,
      publicUrl: config.publicUrl,
      logger: deps.logger,
    });

    queue.register(
      PROCESS_EVENT_JOB,
      async (job) => {
        const { id } = job.payload as { id: string };
        await service.processEvent(id);
      },
      { concurrency: options.concurrency ?? 1 },
    );
    // Batches run one at a time, so events apply in the order their deliveries were committed.
    queue.register(PROCESS_EVENTS_JOB, async (job) => {
      const { ids } = job.payload as { ids: string[] };
      await service.processEvents(ids, job.completeWithin);
    });
    queue.register(SWEEP_JOB, async () => {
      await service.sweep();
    });
    // The sandbox posts its webhooks through the whole HTTP stack, as Stripe would; a non-2xx answer
    // fails the job, which retries with back-off (Stripe retries for three days).
    queue.register(SANDBOX_DELIVER_JOB, async (job) => {
      const { deliveries } = job.payload as unknown as { deliveries: Delivery[] };
      if (!app) throw new Error('The HTTP app is not built in this process');
      for (const d of deliveries) {
        const res = await app.inject({
          method: 'POST',
          url: '/webhooks/stripe',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': d.signature,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) Filo-sandbox',
          },
          payload: d.body,
        });
        if (res.statusCode >= 300)
          throw new Error(
            `Sandbox delivery of ${d.eventId} got HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`,
          );
      }
    });

    return {
      name: 'payments',
      service,
      routes: paymentRoutes(service, {
        webhooksLive,
        sandbox,
        onApp: (instance) => {
          app = instance;
        },
      }),
      async start() {
        await queue.schedule({ id: SWEEP_JOB, name: SWEEP_JOB, everyMs: 60_000 });
      },
      async stop() {
        await service.settle();
      },
      async eraseContact(contactId) {
        const contact = await deps.store.db
          .selectFrom('contacts')
          .select(['email', 'phone'])
          .where('id', '=', contactId)
          .executeTakeFirst();
        await deps.store.db
          .updateTable('payment_checkouts')
          .set({ donor_name: null, email: null, phone: null, tax_receipt: null })
          .where('contact_id', '=', contactId)
          .execute();
        // Stored provider events name the donor too: once processed they are kept only as a redacted stub.
        for (const needle of [contact?.email, contact?.phone].filter((v): v is string => !!v)) {
          await deps.store.db
            .updateTable('payment_events')
            .set({ payload: JSON.stringify({ redacted: 'gdpr-erasure' }) })
            .where('processed_at', 'is not', null)
            .where('payload', 'like', `%${needle.replace(/[%_\\]/g, '')}%`)
            .execute();
        }
      },
    };
  };
}

/** The module as FEATURE_MODULES runs it. */
export const paymentsModule: ModuleFactory = createPaymentsModule();
