import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requirePrincipal } from '../auth';
import type { AppContext } from '../context';
import type { Expense as LedgerExpense } from '../../ledger';
import { Currency, Id, Money, withErrors } from '../schemas';

const DateTime = Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date or date-time' });

const Donation = Type.Object({
  id: Type.String(),
  receiptCode: Type.String({
    description:
      'The donor’s tracking code (128 random bits); the public tracking page is /track/{receiptCode}',
  }),
  contactId: Type.Union([Type.String(), Type.Null()]),
  grossMinor: Money,
  feeMinor: Money,
  netMinor: Money,
  currency: Currency,
  receivedAt: Type.String(),
  restriction: Type.String(),
  projectId: Type.Union([Type.String(), Type.Null()]),
  campaignId: Type.Union([Type.String(), Type.Null()]),
  provider: Type.String(),
  providerPaymentId: Type.String(),
  logIndex: Type.Integer(),
  refundedMinor: Money,
  spentMinor: Money,
  unspentMinor: Money,
});

const Expense = Type.Object({
  id: Type.String(),
  payee: Type.String(),
  spentOn: Type.String(),
  amountMinor: Money,
  currency: Currency,
  category: Type.String(),
  description: Type.String(),
  projectId: Type.Union([Type.String(), Type.Null()]),
  campaignId: Type.Union([Type.String(), Type.Null()]),
  method: Type.String(),
  fallback: Type.String(),
  status: Type.String(),
  fundedMinor: Money,
  underfunded: Type.Boolean(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  logIndex: Type.Union([Type.Integer(), Type.Null()]),
  evidence: Type.Array(
    Type.Object({
      sha256: Type.String(),
      filename: Type.String(),
      mimeType: Type.String(),
      size: Type.Integer(),
    }),
  ),
});

/** The service returns read-only arrays; the reply schema's type wants mutable ones. */
const expenseOut = (e: LedgerExpense) => ({ ...e, evidence: e.evidence.map((f) => ({ ...f })) });

const EVIDENCE_BODY_LIMIT = 40 * 1024 * 1024; // base64 of up to a few 10 MB files

/** The books for staff: donations, refunds, expenses with evidence and approval, balances. */
export function ledgerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/donations',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          summary: 'List donations, newest first, with their receipt (tracking) codes',
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              cursor: Type.Optional(Id),
              contactId: Type.Optional(Id),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              items: Type.Array(Donation),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => ctx.ledger.listDonations(request.query),
    );

    app.post(
      '/api/v1/donations',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['ledger'],
          summary:
            'Record a gift received outside the payment providers (cash, bank transfer); idempotent by provider payment id',
          body: Type.Object(
            {
              grossMinor: Type.Integer({ minimum: 1 }),
              feeMinor: Type.Integer({ minimum: 0, default: 0 }),
              currency: Currency,
              receivedAt: DateTime,
              projectId: Type.Optional(Id),
              campaignId: Type.Optional(Id),
              restriction: Type.Optional(
                Type.Union([Type.Literal('project'), Type.Literal('campaign'), Type.Literal('unrestricted')]),
              ),
              contactId: Type.Optional(Id),
              provider: Type.String({
                minLength: 1,
                maxLength: 40,
                pattern: '^[a-z0-9-]+$',
                default: 'manual',
              }),
              providerPaymentId: Type.String({ minLength: 1, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Donation, 201: Donation }),
        },
      },
      async (request, reply) => {
        const { donation, created } = await ctx.ledger.recordDonation(request.body);
        return reply.status(created ? 201 : 200).send(donation);
      },
    );

    app.post(
      '/api/v1/donations/:id/refunds',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['ledger'],
          summary:
            'Refund (part of) a donation: a reversing entry; allocations it no longer covers are re-funded or flagged',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              amountMinor: Type.Integer({ minimum: 1 }),
              providerRefundId: Type.String({ minLength: 1, maxLength: 200 }),
              reason: Type.Optional(Type.String({ maxLength: 500 })),
              refundedAt: Type.Optional(DateTime),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Donation, 201: Donation }),
        },
      },
      async (request, reply) => {
        const { created } = await ctx.ledger.refundDonation(request.params.id, request.body);
        return reply.status(created ? 201 : 200).send(await ctx.ledger.getDonation(request.params.id));
      },
    );

    app.get(
      '/api/v1/expenses',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          summary: 'List expenses, newest first',
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union([Type.Literal('draft'), Type.Literal('approved'), Type.Literal('rejected')]),
              ),
              projectId: Type.Optional(Id),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ items: Type.Array(Expense) }) }),
        },
      },
      async (request) => ({ items: await ctx.ledger.listExpenses(request.query) }),
    );

    app.post(
      '/api/v1/expenses',
      {
        config: { access: 'ledger:write' },
        bodyLimit: EVIDENCE_BODY_LIMIT,
        schema: {
          tags: ['ledger'],
          summary:
            'Record an expense as a draft, with its evidence files (base64); an accountant approves it',
          body: Type.Object(
            {
              payee: Type.String({ minLength: 1, maxLength: 200 }),
              spentOn: DateTime,
              amountMinor: Type.Integer({ minimum: 1 }),
              currency: Currency,
              category: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
              description: Type.String({
                minLength: 1,
                maxLength: 500,
                description: 'What donors will read',
              }),
              projectId: Type.Optional(Id),
              campaignId: Type.Optional(Id),
              method: Type.Optional(Type.Union([Type.Literal('fifo'), Type.Literal('prorata')])),
              fallback: Type.Optional(Type.Union([Type.Literal('unrestricted'), Type.Literal('none')])),
              evidence: Type.Optional(
                Type.Array(
                  Type.Object(
                    {
                      filename: Type.String({ minLength: 1, maxLength: 200 }),
                      mimeType: Type.String({
                        minLength: 3,
                        maxLength: 100,
                        pattern: '^[a-z]+/[a-z0-9.+-]+$',
                      }),
                      contentBase64: Type.String({ minLength: 1 }),
                    },
                    { additionalProperties: false },
                  ),
                  { maxItems: 10 },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Expense }),
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { evidence, ...rest } = request.body;
        const expense = await ctx.ledger.createExpense(
          {
            ...rest,
            evidence: evidence?.map((f) => ({
              filename: f.filename,
              mimeType: f.mimeType,
              content: new Uint8Array(Buffer.from(f.contentBase64, 'base64')),
            })),
          },
          principal.id,
        );
        return reply.status(201).send(expenseOut(expense));
      },
    );

    app.post(
      '/api/v1/expenses/:id/approve',
      {
        config: { access: 'expenses:approve' },
        schema: {
          tags: ['ledger'],
          summary: 'Approve an expense: it is posted, published in the log and funded from donations',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: Expense }),
        },
      },
      async (request) =>
        expenseOut(await ctx.ledger.approveExpense(request.params.id, requirePrincipal(request).id)),
    );

    app.post(
      '/api/v1/expenses/:id/reject',
      {
        config: { access: 'expenses:approve' },
        schema: {
          tags: ['ledger'],
          summary: 'Reject a draft expense',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 500 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Expense }),
        },
      },
      async (request) =>
        expenseOut(
          await ctx.ledger.rejectExpense(
            request.params.id,
            requirePrincipal(request).id,
            request.body.reason,
          ),
        ),
    );

    app.get(
      '/api/v1/ledger/accounts',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          summary: 'Account balances (debit positive, credit negative)',
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  account: Type.String(),
                  kind: Type.String(),
                  currency: Currency,
                  balanceMinor: Type.Integer(),
                }),
              ),
            }),
          }),
        },
      },
      async () => ({ items: await ctx.ledger.balances() }),
    );

    app.get(
      '/api/v1/ledger/transactions',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          summary: 'Ledger transactions with their postings, newest first',
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), cursor: Type.Optional(Id) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  kind: Type.String(),
                  occurredAt: Type.String(),
                  memo: Type.String(),
                  postings: Type.Array(
                    Type.Object({ account: Type.String(), amountMinor: Type.Integer(), currency: Currency }),
                  ),
                }),
              ),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => ctx.ledger.transactions(request.query),
    );
  };
}
