import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Currency, Id, Money, Slug, errorRef, withErrors } from '../../http/schemas';
import type { Batch, BatchDetail, Collection, Mandate, MandateDetail, SepaService } from './sepa-service';
import type { SepaSettings } from './settings';
import { MAX_STATUS_REPORT_BYTES } from './pain002';

// HTTP: the donation page's mandate form and signature (public), and the Direct debits screen's API:
// settings, mandates (IBANs masked), batches with their pain.008 file (the one place full IBANs
// appear, for roles that may write the ledger), settlement and returns.

const Lang = Type.Union([
  Type.Literal('it'),
  Type.Literal('en'),
  Type.Literal('de'),
  Type.Literal('es'),
  Type.Literal('fr'),
]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const publicErrors = {
  400: errorRef,
  404: errorRef,
  409: errorRef,
  413: errorRef,
  415: errorRef,
  429: errorRef,
};

const MandateStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('paused'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
const CollectionStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('settled'),
  Type.Literal('failed'),
  Type.Literal('withdrawn'),
]);
const Sequence = Type.Union([Type.Literal('FRST'), Type.Literal('RCUR')]);
const Address = Type.Object(
  {
    street: Type.String({ minLength: 1, maxLength: 70 }),
    postcode: Type.String({ maxLength: 16 }),
    town: Type.String({ minLength: 1, maxLength: 60 }),
    country: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  },
  { additionalProperties: false },
);

const MandateForm = Type.Object({
  available: Type.Boolean({ description: 'false until the creditor identifier, name and IBAN are set' }),
  creditorName: Nullable(Type.String()),
  creditorId: Nullable(Type.String()),
  version: Type.String({ description: 'The wording version to send back with the signature' }),
  language: Type.String(),
  text: Nullable(Type.String({ description: 'The mandate wording exactly as it is stored when signed' })),
  prenotificationDays: Type.Integer(),
  collectionDays: Type.Array(Type.Integer()),
  firstCollections: Type.Array(Type.Object({ day: Type.Integer(), date: Type.String() })),
  sepaCountries: Type.Array(Type.String()),
  addressCountries: Type.Array(Type.String()),
});

const MandateBody = Type.Object(
  {
    campaign: Slug,
    amountMinor: Type.Integer({ description: 'Minor units per month; 100 to 1,000,000' }),
    currency: Type.Optional(Currency),
    name: Type.String({ maxLength: 120, description: 'The account holder' }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    language: Type.Optional(Lang),
    preferredChannel: Type.Optional(
      Type.Union([Type.Literal('whatsapp'), Type.Literal('email'), Type.Null()], {
        description: 'How the donor wants to hear from us; needs the matching address',
      }),
    ),
    iban: Type.String({ minLength: 5, maxLength: 50 }),
    bic: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    address: Type.Optional(Nullable(Address)),
    dayOfMonth: Type.Integer({ minimum: 1, maximum: 28 }),
    authorisation: Type.Object(
      {
        accepted: Type.Boolean({ description: 'The mandate box was ticked' }),
        version: Type.String({ maxLength: 64 }),
      },
      { additionalProperties: false },
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
);

const Confirmation = Type.Object({
  reference: Type.String({ description: 'The unique mandate reference (UMR)' }),
  status: MandateStatus,
  creditorName: Type.String(),
  creditorId: Type.String(),
  debtorName: Type.String(),
  ibanMasked: Type.String(),
  amountMinor: Money,
  currency: Currency,
  dayOfMonth: Type.Integer(),
  firstCollectionDate: Type.String({ description: 'The pre-notified first collection (YYYY-MM-DD)' }),
  prenotificationDays: Type.Integer(),
  campaign: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  signedAt: Type.String(),
  wordingVersion: Type.String(),
  manageUrl: Type.String({ description: 'The donor’s self-service link (change, pause, stop)' }),
});

const MandateOut = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: MandateStatus,
  statusReason: Nullable(Type.String()),
  contactId: Nullable(Type.String()),
  debtorName: Nullable(Type.String()),
  ibanMasked: Type.String(),
  debtorCountry: Type.String(),
  amountMinor: Money,
  nextAmountMinor: Nullable(Money),
  nextAmountFrom: Nullable(Type.String()),
  currency: Currency,
  dayOfMonth: Type.Integer(),
  signedOn: Type.String(),
  firstDueOn: Type.String(),
  lastCollectionOn: Nullable(Type.String()),
  campaign: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  createdAt: Type.String(),
});
const CollectionOut = Type.Object({
  id: Type.String(),
  batchId: Type.String(),
  mandateId: Type.String(),
  mandateReference: Type.String(),
  period: Type.String(),
  endToEndId: Type.String(),
  paymentInfoId: Type.String(),
  sequence: Sequence,
  dueOn: Type.String(),
  amountMinor: Money,
  currency: Currency,
  debtorName: Nullable(Type.String()),
  ibanMasked: Type.String(),
  status: CollectionStatus,
  returnReason: Nullable(Type.String()),
  returnedOn: Nullable(Type.String()),
  donationId: Nullable(Type.String()),
});
const MandateDetailOut = Type.Composite([
  MandateOut,
  Type.Object({
    scheme: Type.String(),
    creditorId: Type.String(),
    creditorName: Type.String(),
    debtorBic: Nullable(Type.String()),
    debtorAddress: Nullable(
      Type.Object({
        street: Type.String(),
        postcode: Type.String(),
        town: Type.String(),
        country: Type.String(),
      }),
    ),
    signedAt: Type.String(),
    signingChannel: Type.String(),
    signingIp: Nullable(Type.String()),
    signingUserAgent: Nullable(Type.String()),
    wordingVersion: Type.String(),
    wordingLanguage: Type.String(),
    wording: Type.String(),
    prenotificationDays: Type.Integer(),
    collections: Type.Array(CollectionOut),
  }),
]);
const BatchOut = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('settled')]),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  downloadedAt: Nullable(Type.String()),
  settledAt: Nullable(Type.String()),
  numberOfTransactions: Type.Integer(),
  controlSumMinor: Money,
  currency: Currency,
  firstDueOn: Nullable(Type.String()),
  counts: Type.Object({
    pending: Type.Integer(),
    settled: Type.Integer(),
    failed: Type.Integer(),
    withdrawn: Type.Integer(),
  }),
});
const BatchDetailOut = Type.Composite([BatchOut, Type.Object({ collections: Type.Array(CollectionOut) })]);

const SettingsOut = Type.Object({
  settings: Type.Object({
    creditorId: Nullable(Type.String()),
    creditorName: Nullable(Type.String()),
    creditorIban: Nullable(Type.String()),
    creditorBic: Nullable(Type.String()),
    prenotificationDays: Type.Integer(),
    collectionDays: Type.Array(Type.Integer()),
    daysAhead: Type.Integer(),
  }),
  locked: Type.Array(Type.String(), { description: 'Fields fixed by FILO_SEPA_* environment variables' }),
  complete: Type.Boolean(),
});
const SettingsIn = Type.Object(
  {
    creditorId: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    creditorName: Type.Optional(Nullable(Type.String({ maxLength: 140 }))),
    creditorIban: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    creditorBic: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    prenotificationDays: Type.Optional(Type.Integer()),
    collectionDays: Type.Optional(Type.Array(Type.Integer(), { maxItems: 28 })),
    daysAhead: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

const mandateOut = (m: Mandate) => ({ ...m, campaign: m.campaign ? { ...m.campaign } : null });
const collectionOut = (c: Collection) => ({ ...c });
const batchOut = (b: Batch) => ({ ...b, counts: { ...b.counts } });
const batchDetailOut = (b: BatchDetail) => ({
  ...batchOut(b),
  collections: b.collections.map(collectionOut),
});
const mandateDetailOut = (m: MandateDetail) => ({
  ...mandateOut(m),
  debtorAddress: m.debtorAddress ? { ...m.debtorAddress } : null,
  collections: m.collections.map(collectionOut),
});
const settingsOut = (s: { settings: SepaSettings; locked: string[]; complete: boolean }) => ({
  settings: { ...s.settings, collectionDays: [...s.settings.collectionDays] },
  locked: s.locked,
  complete: s.complete,
});

function actor(p: { kind: string; id: string } | null | undefined): string | null {
  return p ? `${p.kind}:${p.id}` : null;
}

export function sepaRoutes(service: SepaService) {
  return async (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    // ---- public: the donation page -------------------------------------------------------------

    app.get(
      '/api/v1/public/sepa/mandate-form',
      {
        config: { access: 'public' },
        schema: {
          tags: ['sepa'],
          summary: 'The SEPA Direct Debit mandate as the donation page shows it: wording, creditor, days',
          querystring: Type.Object({ lang: Type.Optional(Lang) }, { additionalProperties: false }),
          response: { 200: MandateForm, ...publicErrors },
        },
      },
      async (request) => {
        const form = await service.mandateForm(request.query.lang ?? 'it');
        return {
          ...form,
          collectionDays: [...form.collectionDays],
          firstCollections: [...form.firstCollections],
        };
      },
    );

    app.post(
      '/api/v1/public/sepa/mandates',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
        schema: {
          tags: ['sepa'],
          summary:
            'Sign a SEPA Direct Debit mandate for a monthly gift (nothing is stored when anything is wrong)',
          description:
            'Bad input gets a 4xx with a stable code and stores nothing: SEPA_IBAN_INVALID (details.problem: format, country, length, checksum), SEPA_IBAN_NOT_SEPA, SEPA_BIC_REQUIRED and SEPA_ADDRESS_REQUIRED (accounts outside the EEA), SEPA_AUTHORISATION_MISSING, SEPA_MANDATE_TEXT_CHANGED, SEPA_DAY_INVALID, SEPA_NAME_INVALID, and the PAYMENT_* codes of the donation form.',
          body: MandateBody,
          response: { 201: Confirmation, ...publicErrors },
        },
      },
      async (request, reply) => {
        const userAgent = request.headers['user-agent'];
        const confirmation = await service.createMandate(request.body, {
          channel: 'web',
          ip: request.ip || null,
          userAgent: typeof userAgent === 'string' ? userAgent : null,
        });
        return reply.status(201).send(confirmation);
      },
    );

    // ---- staff: the Direct debits screen -----------------------------------------------------------

    app.get(
      '/api/v1/sepa/settings',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['sepa'],
          summary: 'The creditor’s SEPA settings (creditor identifier, account, pre-notification, days)',
          response: withErrors({ 200: SettingsOut }),
        },
      },
      async () => settingsOut(await service.settings()),
    );

    app.put(
      '/api/v1/sepa/settings',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['sepa'],
          summary: 'Change the SEPA settings (the creditor identifier is checked, MOD 97-10)',
          body: SettingsIn,
          response: withErrors({ 200: SettingsOut }),
        },
      },
      async (request) => {
        const patch = Object.fromEntries(
          Object.entries(request.body).filter(([, v]) => v !== undefined),
        ) as Partial<SepaSettings>;
        return settingsOut(await service.updateSettings(patch));
      },
    );

    app.get(
      '/api/v1/sepa/mandates',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['sepa'],
          summary: 'Mandates, newest first, with the IBAN masked',
          querystring: Type.Object(
            {
              status: Type.Optional(MandateStatus),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              cursor: Type.Optional(Id),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ items: Type.Array(MandateOut), nextCursor: Nullable(Type.String()) }),
          }),
        },
      },
      async (request) => {
        const page = await service.listMandates(request.query);
        return { items: page.items.map(mandateOut), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/api/v1/sepa/mandates/:id',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['sepa'],
          summary: 'One mandate: the wording signed, how it was signed, its collections',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: MandateDetailOut }),
        },
      },
      async (request) => mandateDetailOut(await service.getMandate(request.params.id)),
    );

    app.post(
      '/api/v1/sepa/mandates/:id/cancel',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['sepa'],
          summary: 'End a mandate at the donor’s request (collections not yet sent are withdrawn)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: MandateDetailOut }),
        },
      },
      async (request) => mandateDetailOut(await service.cancelMandate(request.params.id)),
    );

    app.get(
      '/api/v1/sepa/batches',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['sepa'],
          summary: 'Collection batches, newest first',
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ items: Type.Array(BatchOut) }) }),
        },
      },
      async (request) => ({ items: (await service.listBatches(request.query.limit)).map(batchOut) }),
    );

    app.post(
      '/api/v1/sepa/batches',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['sepa'],
          summary:
            'Batch the collections now due (or a whole month’s): 201 with the batch, 200 when none is due',
          description:
            'Without a period: the collections due within the settings’ daysAhead (what the job does every six hours). With period YYYY-MM: every active mandate’s collection of that month. One collection per mandate and month: asking again adds nothing.',
          body: Type.Object(
            { period: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ created: Type.Literal(false), batch: Type.Null() }),
            201: Type.Object({ created: Type.Literal(true), batch: BatchDetailOut }),
          }),
        },
      },
      async (request, reply) => {
        const batch = await service.createBatch({
          period: request.body.period,
          createdBy: actor(request.principal),
        });
        if (!batch) return reply.status(200).send({ created: false as const, batch: null });
        return reply.status(201).send({ created: true as const, batch: batchDetailOut(batch) });
      },
    );

    app.get(
      '/api/v1/sepa/batches/:id',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['sepa'],
          summary: 'One batch and its collections (IBANs masked)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: BatchDetailOut }),
        },
      },
      async (request) => batchDetailOut(await service.getBatch(request.params.id)),
    );

    app.get(
      '/api/v1/sepa/batches/:id/pain.008.xml',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['sepa'],
          summary: 'The batch’s pain.008.001.02 file for the bank (full IBANs); the first download fixes it',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: Type.String({ description: 'application/xml' }) }),
        },
      },
      async (request, reply) => {
        const file = await service.batchFile(request.params.id);
        return reply
          .type('application/xml; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(file.xml);
      },
    );

    app.post(
      '/api/v1/sepa/batches/:id/settle',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['sepa'],
          summary: 'The bank credited the batch: each pending collection becomes a gift in the ledger (once)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: BatchDetailOut }),
        },
      },
      async (request) => batchDetailOut(await service.settleBatch(request.params.id)),
    );

    app.post(
      '/api/v1/sepa/collections/:id/return',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['sepa'],
          summary: 'A collection came back (R-transaction) with an ISO 20022 reason code',
          description:
            'The collection fails; if it was settled its gift is reversed in the ledger. AC01, AC04, AC06, AG01, MD01, MD07, SL01 … end the mandate; AM04, MS02, MD06 … keep it for next month. The donor is told.',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              reason: Type.String({ pattern: '^[A-Za-z0-9]{4}$' }),
              returnedOn: Type.Optional(DateString),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: CollectionOut }),
        },
      },
      async (request) => collectionOut(await service.returnCollection(request.params.id, request.body)),
    );

    app.post(
      '/api/v1/sepa/status-reports',
      {
        config: { access: 'ledger:write' },
        // The report's XML travels as a JSON string: a few thousand transactions fit in 5 MB.
        bodyLimit: MAX_STATUS_REPORT_BYTES * 2,
        schema: {
          tags: ['sepa'],
          summary: "Import the bank's pain.002 status report on one of our pain.008 files",
          description:
            'pain.002.001.03 or .10. Every collection it rejects (the whole file, a payment information block, or one transaction) fails with its reason code, as a return recorded by hand. Checked whole first: a report that does not match its file changes nothing; the same report again changes nothing.',
          body: Type.Object(
            { xml: Type.String({ minLength: 1, maxLength: MAX_STATUS_REPORT_BYTES }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              batchId: Type.String(),
              originalMessageId: Type.String(),
              reportMessageId: Type.String(),
              rejected: Type.Array(Type.Object({ endToEndId: Type.String(), reason: Type.String() })),
              newlyRejected: Type.Integer(),
              alreadyRejected: Type.Integer(),
              accepted: Type.Integer(),
            }),
          }),
        },
      },
      async (request) => {
        const result = await service.applyStatusReport(request.body.xml);
        return { ...result, rejected: [...result.rejected] };
      },
    );

    app.get(
      '/api/v1/sepa/return-reasons',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['sepa'],
          summary: 'The return reason codes and what each does to the mandate',
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  code: Type.String(),
                  name: Type.String(),
                  policy: Type.Union([Type.Literal('cancel'), Type.Literal('retry')]),
                }),
              ),
            }),
          }),
        },
      },
      async () => ({ items: service.returnReasons().map((r) => ({ ...r })) }),
    );
  };
}
