import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FiloError, isFiloError } from '../core';
import { Currency, Id, Money, Slug, errorRef, withErrors } from '../http/schemas';
import { PaymentErrors } from './errors';
import type { PaymentsService } from './payments-service';
import type { SandboxPaymentProvider } from './sandbox';

// HTTP: the Stripe webhook (raw body, signature first), the public donation API, the staff/assistant
// payment links, the donor's recurring-gift link and, in the sandbox, its checkout page's API.

const Frequency = Type.Union([Type.Literal('one-off'), Type.Literal('monthly')]);
const Token = Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' });
const Lang = Type.Union([
  Type.Literal('it'),
  Type.Literal('en'),
  Type.Literal('de'),
  Type.Literal('es'),
  Type.Literal('fr'),
]);
const publicErrors = {
  400: errorRef,
  404: errorRef,
  409: errorRef,
  410: errorRef,
  413: errorRef,
  415: errorRef,
  429: errorRef,
  502: errorRef,
};

export function paymentRoutes(
  service: PaymentsService,
  options: {
    webhooksLive: boolean;
    sandbox: SandboxPaymentProvider | null;
    onApp: (app: FastifyInstance) => void;
  },
) {
  return async (root: FastifyInstance): Promise<void> => {
    options.onApp(root);
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    // The webhook reads the raw bytes: the signature covers them exactly. Its own scope keeps the
    // buffer parser away from every other route.
    await app.register(async (hooks) => {
      hooks.addContentTypeParser(
        ['application/json', 'text/plain'],
        { parseAs: 'buffer' },
        (_req, body, done) => done(null, body),
      );
      hooks.post(
        '/webhooks/stripe',
        {
          schema: {
            tags: ['webhooks'],
            summary: 'Stripe webhook: verified, stored once by event id, processed in the background',
            response: {
              200: Type.Object({ received: Type.Boolean(), eventId: Type.String(), status: Type.String() }),
              400: errorRef,
              404: errorRef,
              413: errorRef,
              415: errorRef,
            },
          },
        },
        async (request) => {
          if (!options.webhooksLive) throw new FiloError(PaymentErrors.PAYMENT_WEBHOOK_DISABLED);
          const raw = request.body;
          if (!Buffer.isBuffer(raw))
            throw new FiloError(PaymentErrors.PAYMENT_EVENT_INVALID, { message: 'Expected a JSON body' });
          const header = request.headers['stripe-signature'];
          const result = await service.ingest(raw, typeof header === 'string' ? header : undefined);
          return { received: true, eventId: result.eventId, status: result.status };
        },
      );
    });

    app.get(
      '/api/v1/public/donate/:campaign',
      {
        config: { access: 'public' },
        schema: {
          tags: ['payments'],
          summary:
            "A campaign's donation page: goal, progress from the ledger, preset amounts, consent wording",
          params: Type.Object({ campaign: Slug }),
          querystring: Type.Object({ lang: Type.Optional(Lang) }),
          response: {
            200: Type.Object({
              campaign: Type.Object({
                slug: Type.String(),
                name: Type.String(),
                description: Type.String(),
                goalMinor: Money,
                raisedMinor: Money,
                donations: Type.Integer(),
                currency: Currency,
              }),
              presetsMinor: Type.Array(Money),
              minMinor: Money,
              maxMinor: Money,
              frequencies: Type.Array(Frequency),
              consents: Type.Array(
                Type.Object({
                  channel: Type.String(),
                  purpose: Type.String(),
                  version: Type.String(),
                  wording: Type.String(),
                }),
              ),
              sandbox: Type.Boolean({
                description: 'true when gifts go to the payment sandbox (no money moves)',
              }),
            }),
            ...publicErrors,
          },
        },
      },
      async (request) => service.donationPage(request.params.campaign, request.query.lang ?? 'it'),
    );

    app.post(
      '/api/v1/public/checkout',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
        schema: {
          tags: ['payments'],
          summary:
            'Start a gift: returns the hosted checkout URL (the sandbox page when no Stripe key is set)',
          body: Type.Object(
            {
              campaign: Slug,
              amountMinor: Type.Integer({ description: 'Minor units; 100 to 1,000,000' }),
              currency: Type.Optional(Currency),
              frequency: Frequency,
              name: Type.String({ maxLength: 120 }),
              email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
              phone: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
              language: Type.Optional(Lang),
              taxReceipt: Type.Optional(
                Type.Union([
                  Type.Object(
                    {
                      taxCode: Type.String({ minLength: 4, maxLength: 32 }),
                      address: Type.String({ minLength: 5, maxLength: 300 }),
                    },
                    { additionalProperties: false },
                  ),
                  Type.Null(),
                ]),
              ),
              preferredChannel: Type.Optional(
                Type.Union([Type.Literal('whatsapp'), Type.Literal('email'), Type.Null()], {
                  description: 'How the donor wants to hear from us; needs the matching address',
                }),
              ),
              consents: Type.Optional(
                Type.Array(
                  Type.Object(
                    {
                      channel: Type.String({ maxLength: 16 }),
                      purpose: Type.Optional(Type.String({ maxLength: 16 })),
                      version: Type.String({ maxLength: 64 }),
                    },
                    { additionalProperties: false },
                  ),
                  { maxItems: 8 },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ checkoutId: Type.String(), url: Type.String() }), ...publicErrors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.startCheckout(request.body)),
    );

    app.get(
      '/api/v1/public/checkout/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['payments'],
          summary:
            'The state of a checkout, for the thank-you page: the tracking code once the gift is in the ledger',
          params: Type.Object({ id: Id }),
          response: {
            200: Type.Object({
              status: Type.Union([Type.Literal('pending'), Type.Literal('recorded'), Type.Literal('failed')]),
              frequency: Frequency,
              amountMinor: Money,
              currency: Currency,
              campaign: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
              receiptCode: Type.Union([Type.String(), Type.Null()]),
              trackUrl: Type.Union([Type.String(), Type.Null()]),
              manageUrl: Type.Union([Type.String(), Type.Null()], {
                description:
                  "A monthly gift's self-service link, for a day after the checkout (it is also sent to the donor)",
              }),
            }),
            ...publicErrors,
          },
        },
      },
      async (request) => service.checkoutStatus(request.params.id),
    );

    app.post(
      '/api/v1/payment-links',
      {
        config: { access: 'payments:links' },
        schema: {
          tags: ['payments'],
          summary: 'A payment link for a chat: amount, campaign and contact, valid until it expires',
          body: Type.Object(
            {
              amountMinor: Type.Integer(),
              campaign: Type.Optional(Type.Union([Slug, Type.Null()])),
              contactId: Type.Optional(Type.Union([Id, Type.Null()])),
              expiresInMinutes: Type.Integer({ minimum: 5, maximum: 60 * 24 * 30, default: 60 * 24 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            201: Type.Object({
              id: Type.String(),
              url: Type.String(),
              expiresAt: Type.String(),
              amountMinor: Money,
              currency: Currency,
            }),
          }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createPaymentLink(request.body, request.principal?.id ?? null)),
    );

    // A chat link: a fresh checkout, or back to the campaign page once the link has expired.
    app.get(
      '/give/:token',
      { schema: { hide: true, params: Type.Object({ token: Token }) } },
      async (request, reply) => {
        try {
          return reply.redirect(await service.openPaymentLink(request.params.token), 303);
        } catch (error) {
          if (
            isFiloError(error) &&
            (error.code === 'PAYMENT_LINK_EXPIRED' || error.code === 'PAYMENT_LINK_NOT_FOUND')
          ) {
            return reply.redirect(`/donate/link-expired`, 303);
          }
          throw error;
        }
      },
    );

    const Recurring = Type.Object({
      status: Type.Union([
        Type.Literal('active'),
        Type.Literal('paused'),
        Type.Literal('past_due'),
        Type.Literal('cancelled'),
      ]),
      amountMinor: Money,
      currency: Currency,
      campaign: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
      minMinor: Money,
      maxMinor: Money,
    });
    app.get(
      '/api/v1/public/recurring/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['payments'],
          summary: "A donor's recurring gift, by the token of their self-service link",
          params: Type.Object({ token: Token }),
          response: { 200: Recurring, ...publicErrors },
        },
      },
      async (request) => service.recurringGift(request.params.token),
    );
    app.post(
      '/api/v1/public/recurring/:token',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: {
          tags: ['payments'],
          summary: 'Change the amount of a recurring gift, pause, resume or cancel it',
          params: Type.Object({ token: Token }),
          body: Type.Union([
            Type.Object(
              { action: Type.Literal('amount'), amountMinor: Type.Integer() },
              { additionalProperties: false },
            ),
            Type.Object(
              { action: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Literal('cancel')]) },
              { additionalProperties: false },
            ),
          ]),
          response: { 200: Recurring, ...publicErrors },
        },
      },
      async (request) => service.changeRecurringGift(request.params.token, request.body),
    );

    const sandbox = options.sandbox;
    if (sandbox) {
      const Session = Type.Object({
        id: Type.String(),
        status: Type.Union([Type.Literal('open'), Type.Literal('complete'), Type.Literal('expired')]),
        mode: Type.Union([Type.Literal('payment'), Type.Literal('subscription')]),
        amountMinor: Money,
        currency: Currency,
        description: Type.String(),
        email: Type.Union([Type.String(), Type.Null()]),
        successUrl: Type.String(),
        cancelUrl: Type.String(),
      });
      const SessionId = Type.String({ minLength: 8, maxLength: 80, pattern: '^cs_test_[A-Za-z0-9]+$' });
      app.get(
        '/api/v1/public/sandbox/checkout/:id',
        {
          config: { access: 'public' },
          schema: {
            tags: ['payments'],
            summary: 'SANDBOX: a checkout session of the local payment sandbox (no real card)',
            params: Type.Object({ id: SessionId }),
            response: { 200: Session, ...publicErrors },
          },
        },
        async (request) => sandbox.session(request.params.id),
      );
      app.post(
        '/api/v1/public/sandbox/checkout/:id',
        {
          config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
          schema: {
            tags: ['payments'],
            summary:
              'SANDBOX: complete or decline a sandbox payment; its webhooks follow, duplicated or reversed when asked',
            params: Type.Object({ id: SessionId }),
            body: Type.Object(
              {
                outcome: Type.Union([Type.Literal('succeed'), Type.Literal('fail')]),
                name: Type.Optional(Type.String({ maxLength: 120 })),
                email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
                duplicate: Type.Optional(Type.Boolean()),
                reverse: Type.Optional(Type.Boolean()),
              },
              { additionalProperties: false },
            ),
            response: {
              200: Type.Object({ redirectUrl: Type.String(), events: Type.Array(Type.String()) }),
              ...publicErrors,
            },
          },
        },
        async (request) => {
          const { redirectUrl, deliveries } = await sandbox.completeSession(request.params.id, request.body);
          return { redirectUrl, events: deliveries.map((d) => d.type) };
        },
      );
    }
  };
}
