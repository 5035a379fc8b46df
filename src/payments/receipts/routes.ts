import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Currency, Id, Money, errorRef, withErrors } from '../../http/schemas';
import type { ReceiptsService, Receipt } from './receipts-service';
import { PAYMENT_METHODS, RECEIPT_FORMATS } from './templates';

// HTTP: issue and void receipts (ledger:write), list and download them, the annual statement per
// donor and the campaign report (ledger:read), the receipt settings and the donor's receipt details,
// and the donor's own download by the gift's receipt code (public, only once a receipt exists).

const ReceiptBody = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'As printed: <year>/<sequence>' }),
  year: Type.Integer(),
  sequence: Type.Integer(),
  donationId: Type.String(),
  revision: Type.Integer({ description: '0, or 1, 2 … for a replacement after a partial refund' }),
  replacesId: Type.Union([Type.String(), Type.Null()]),
  contactId: Type.Union([Type.String(), Type.Null()]),
  donorName: Type.Union([Type.String(), Type.Null()], { description: 'null once the donor was erased' }),
  receiptCode: Type.String(),
  format: Type.Union([Type.Literal('it'), Type.Literal('de')]),
  amountMinor: Money,
  currency: Currency,
  giftDate: Type.String(),
  campaignId: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.String(),
  status: Type.Union([Type.Literal('issued'), Type.Literal('voided')]),
  voidedAt: Type.Union([Type.String(), Type.Null()]),
  voidReason: Type.Union([Type.String(), Type.Null()]),
});

const Text = (max: number) => Type.String({ maxLength: max });
const SettingsBody = Type.Object(
  {
    format: Type.Union([Type.Literal('auto'), Type.Literal('it'), Type.Literal('de')]),
    timeZone: Text(64),
    address: Type.Object(
      { street: Text(200), postalCode: Text(20), city: Text(100), country: Text(60) },
      { additionalProperties: false },
    ),
    signatory: Text(200),
    it: Type.Object({ qualification: Text(300), runts: Text(300) }, { additionalProperties: false }),
    de: Type.Object(
      {
        purposes: Text(600),
        taxOffice: Text(120),
        taxNumber: Text(40),
        notice: Type.Union([Type.Literal('freistellungsbescheid'), Type.Literal('feststellung-60a')]),
        noticeDate: Text(40),
        assessmentPeriod: Text(40),
        membershipFeesNotDeductible: Type.Boolean(),
        machineSigned: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const SettingsReply = Type.Object({
  settings: SettingsBody,
  format: Type.Union([Type.Literal('it'), Type.Literal('de')], {
    description: 'The receipt format in force (from the country unless forced)',
  }),
  timeZone: Type.String(),
  missing: Type.Array(Type.String(), { description: 'Settings the receipts need that are still empty' }),
});

const Nullable = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const DonorDetailsBody = Type.Object(
  {
    fullName: Nullable(200),
    taxCode: Nullable(32),
    street: Nullable(200),
    postalCode: Nullable(20),
    city: Nullable(100),
    country: Nullable(2),
  },
  { additionalProperties: false },
);

const Lang = Type.Optional(Type.Union([Type.Literal('it'), Type.Literal('de'), Type.Literal('en')]));
const Year = Type.Integer({ minimum: 2000, maximum: 2999 });
const Code = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Pdf = Type.String({ description: 'application/pdf bytes' });

const out = (r: Receipt) => ({ ...r });

function sendPdf(reply: FastifyReply, bytes: Uint8Array, filename: string, cache = 'private, no-store') {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', cache)
    .send(Buffer.from(bytes));
}

export function receiptRoutes(service: ReceiptsService) {
  return async (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/v1/donations/:id/receipt',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['receipts'],
          summary:
            'Issue the gift’s receipt (numbered per year without gaps); idempotent: a repeat returns it',
          params: Type.Object({ id: Id }),
          querystring: Type.Object(
            {
              format: Type.Optional(Type.Union(RECEIPT_FORMATS.map((f) => Type.Literal(f)))),
              paymentMethod: Type.Optional(Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m)))),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: ReceiptBody, 201: ReceiptBody }),
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        const { receipt, created } = await service.issue(request.params.id, {
          by: principal?.id ?? null,
          ...(request.query.format ? { format: request.query.format } : {}),
          ...(request.query.paymentMethod ? { method: request.query.paymentMethod } : {}),
        });
        return reply.status(created ? 201 : 200).send(out(receipt));
      },
    );

    app.get(
      '/api/v1/receipts',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary: 'Receipts of a year, newest number first',
          querystring: Type.Object(
            {
              year: Type.Optional(Year),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              before: Type.Optional(
                Type.Integer({ minimum: 1, description: 'Receipts numbered below this' }),
              ),
              contactId: Type.Optional(Id),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              year: Type.Integer(),
              items: Type.Array(ReceiptBody),
              nextBefore: Type.Union([Type.Integer(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const year = request.query.year ?? new Date().getUTCFullYear();
        const page = await service.list({ ...request.query, year });
        return { year, items: page.items.map(out), nextBefore: page.nextBefore };
      },
    );

    app.get(
      '/api/v1/receipts/settings',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary:
            'The organisation’s receipt settings (address, RUNTS, Finanzamt …) and what is still missing',
          response: withErrors({ 200: SettingsReply }),
        },
      },
      async () => service.settings(),
    );

    app.put(
      '/api/v1/receipts/settings',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['receipts'],
          summary: 'Replace the receipt settings; receipts already issued keep what they printed',
          body: SettingsBody,
          response: withErrors({ 200: SettingsReply }),
        },
      },
      async (request) => service.updateSettings(request.body),
    );

    app.get(
      '/api/v1/receipts/:id.pdf',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary: 'The receipt as PDF (a voided one carries its cancellation)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: Pdf }),
        },
      },
      async (request, reply) => {
        const { bytes, filename } = await service.pdf(request.params.id);
        return sendPdf(reply, bytes, filename);
      },
    );

    app.post(
      '/api/v1/receipts/:id/void',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['receipts'],
          summary: 'Void a receipt with a cancelling record (the receipt is kept, never changed); idempotent',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: ReceiptBody }),
        },
      },
      async (request) => {
        const principal = request.principal;
        return out(await service.void(request.params.id, { reason: 'manual', by: principal?.id ?? null }));
      },
    );

    app.get(
      '/api/v1/contacts/:id/statements/:year.pdf',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary:
            'A donor’s annual statement: the year’s gifts with receipt numbers, and what they paid for',
          params: Type.Object({ id: Id, year: Year }),
          querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
          response: withErrors({ 200: Pdf }),
        },
      },
      async (request, reply) => {
        const bytes = await service.statementPdf(request.params.id, request.params.year, request.query.lang);
        return sendPdf(reply, bytes, `statement-${request.params.year}.pdf`);
      },
    );

    app.get(
      '/api/v1/contacts/:id/receipt-details',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary: 'The donor’s details printed on receipts (full name, tax code, postal address)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: DonorDetailsBody }),
        },
      },
      async (request) => service.donorDetails(request.params.id),
    );

    app.put(
      '/api/v1/contacts/:id/receipt-details',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['receipts'],
          summary:
            'Set the donor’s receipt details; used by receipts issued from now on (erased with the donor)',
          params: Type.Object({ id: Id }),
          body: DonorDetailsBody,
          response: withErrors({ 200: DonorDetailsBody }),
        },
      },
      async (request) => service.setDonorDetails(request.params.id, request.body),
    );

    app.get(
      '/api/v1/campaigns/:id/report.pdf',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary: 'The campaign’s report (rendiconto) of income and costs, as PDF',
          params: Type.Object({ id: Id }),
          querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
          response: withErrors({ 200: Pdf }),
        },
      },
      async (request, reply) => {
        const bytes = await service.campaignReportPdf(request.params.id, request.query.lang);
        return sendPdf(reply, bytes, `report-${request.params.id}.pdf`);
      },
    );

    app.get(
      '/api/v1/campaigns/:id/report.csv',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['receipts'],
          summary: 'The campaign’s report (rendiconto) of income and costs, as CSV',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: Type.String({ description: 'text/csv' }) }),
        },
      },
      async (request, reply) => {
        const csv = await service.campaignReportCsv(request.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="report-${request.params.id}.csv"`)
          .header('cache-control', 'private, no-store')
          .send(csv);
      },
    );

    app.get(
      '/api/v1/public/donations/:code/receipt.pdf',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The donor’s own receipt by the gift’s receipt code, once issued',
          params: Type.Object({ code: Code }),
          response: { 200: Pdf, 400: errorRef, 404: errorRef, 429: errorRef },
        },
      },
      async (request, reply) => {
        const { bytes, filename } = await service.pdfByCode(request.params.code);
        return sendPdf(reply, bytes, filename);
      },
    );
  };
}
