import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FiloError } from '../../core';
import { Currency, Id, Money, errorRef, withErrors } from '../../http/schemas';
import { MAX_FILE_BYTES } from './bank-file';
import { DATE_FORMATS, DELIMITERS, ENCODINGS, type CsvMappingSettings } from './csv';
import { ReconciliationErrors } from './errors';
import { boundaryOf, parseMultipart } from './multipart';
import type { BankEntry, BankImport, BankMapping, ReconciliationService } from './reconciliation-service';

// HTTP: uploads (JSON with base64, or multipart/form-data), import progress, the entries and the
// unmatched queue, resolving an entry, CSV mappings per bank, and the donor picker.

const UPLOAD_BODY_LIMIT = Math.ceil((MAX_FILE_BYTES * 4) / 3) + 64 * 1024;
const errors = { ...withErrors({}), 422: errorRef };

const Progress = Type.Object({
  total: Type.Integer(),
  processed: Type.Integer(),
  credits: Type.Integer(),
  debits: Type.Integer(),
  matched: Type.Integer(),
  unmatched: Type.Integer(),
  ignored: Type.Integer(),
  duplicates: Type.Integer(),
  skipped: Type.Integer(),
});
const ImportBody = Type.Object({
  id: Type.String(),
  format: Type.String({ description: 'camt.053.001.02, camt.053.001.08, camt.053-zip or csv' }),
  filename: Type.String(),
  fileSha256: Type.String(),
  mappingId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('processing'),
    Type.Literal('completed'),
    Type.Literal('failed'),
  ]),
  statements: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  progress: Progress,
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const EntryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('matched'),
  Type.Literal('unmatched'),
  Type.Literal('resolved'),
  Type.Literal('ignored'),
  Type.Literal('debit'),
]);
const EntryBody = Type.Object({
  id: Type.String(),
  importId: Type.String(),
  direction: Type.Union([Type.Literal('credit'), Type.Literal('debit')]),
  amountMinor: Money,
  currency: Currency,
  bookingDate: Type.String(),
  valueDate: Nullable(Type.String()),
  counterpartyName: Nullable(Type.String()),
  counterpartyIban: Nullable(Type.String()),
  remittance: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  status: EntryStatus,
  matchMethod: Nullable(Type.String()),
  matchNote: Nullable(Type.String({ description: 'Why it went to the queue: no-match, ambiguous-name, …' })),
  contactId: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  donorNumber: Nullable(Type.String()),
  campaignId: Nullable(Type.String()),
  projectId: Nullable(Type.String()),
  donationId: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
});
const EntryPage = Type.Object({ items: Type.Array(EntryBody), nextCursor: Nullable(Type.String()) });

const Column = Type.String({ minLength: 1, maxLength: 100 });
const MappingSettings = Type.Object(
  {
    delimiter: Type.Union(DELIMITERS.map((d) => Type.Literal(d))),
    decimalSeparator: Type.Union([Type.Literal('.'), Type.Literal(',')]),
    dateFormat: Type.Union(DATE_FORMATS.map((d) => Type.Literal(d))),
    encoding: Type.Union(ENCODINGS.map((e) => Type.Literal(e))),
    skipLines: Type.Integer({ minimum: 0, maximum: 50, default: 0 }),
    defaultCurrency: Currency,
    accountIban: Type.Optional(Type.Union([Type.String({ maxLength: 42 }), Type.Null()])),
    columns: Type.Object(
      {
        date: Column,
        amount: Type.Optional(Column),
        credit: Type.Optional(Column),
        debit: Type.Optional(Column),
        valueDate: Type.Optional(Column),
        currency: Type.Optional(Column),
        counterpartyName: Type.Optional(Column),
        iban: Type.Optional(Column),
        remittance: Type.Optional(Column),
        reference: Type.Optional(Column),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const MappingInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), settings: MappingSettings },
  { additionalProperties: false },
);
const MappingBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  settings: MappingSettings,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const UploadBody = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 200 }),
    contentBase64: Type.String({ minLength: 1, maxLength: UPLOAD_BODY_LIMIT }),
    mappingId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
type UploadBody = Static<typeof UploadBody>;

const ResolveBody = Type.Object(
  {
    action: Type.Union([Type.Literal('donor'), Type.Literal('anonymous'), Type.Literal('not-a-gift')]),
    contactId: Type.Optional(Id),
    campaignId: Type.Optional(Type.Union([Id, Type.Null()])),
    projectId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

const importOut = (i: BankImport) => ({ ...i, progress: { ...i.progress } });
const entryOut = (e: BankEntry) => ({ ...e });
const mappingOut = (m: BankMapping) => ({
  ...m,
  settings: { ...m.settings, columns: { ...m.settings.columns } },
});

function actor(p: { kind: string; id: string } | null): string | null {
  return p ? `${p.kind}:${p.id}` : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function reconciliationRoutes(service: ReconciliationService) {
  return async (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    // The upload has its own scope: a multipart parser (turned into the JSON body's shape, so one
    // schema validates both) and a body limit sized for a 10 MB file in base64.
    await app.register(async (scope) => {
      scope.addContentTypeParser(
        'multipart/form-data',
        { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
        (req, body, done) => {
          try {
            const boundary = boundaryOf(req.headers['content-type']);
            if (!boundary)
              throw new FiloError(ReconciliationErrors.BANK_FILE_UNKNOWN_FORMAT, {
                message: 'Multipart body without a boundary',
              });
            const parts = parseMultipart(body as Buffer, boundary);
            const file = parts.find((p) => p.name === 'file');
            const mapping = parts
              .find((p) => p.name === 'mappingId')
              ?.data.toString('utf8')
              .trim();
            const out: Record<string, string> = {
              filename: file?.filename || 'statement',
              contentBase64: file ? file.data.toString('base64') : '',
            };
            if (mapping) out.mappingId = mapping;
            done(null, out);
          } catch (error) {
            done(error as Error, undefined);
          }
        },
      );
      scope.withTypeProvider<TypeBoxTypeProvider>().post(
        '/api/v1/bank-imports',
        {
          bodyLimit: UPLOAD_BODY_LIMIT,
          config: { access: 'ledger:write' },
          schema: {
            tags: ['reconciliation'],
            summary: 'Import a bank statement (camt.053 v02/v08 XML or ZIP, or CSV with a mapping)',
            description:
              'JSON with the file in base64, or multipart/form-data with a `file` field and an optional `mappingId` field. The file is checked completely first: a malformed file is refused (422) and nothing is stored. Entries are then processed in the background; poll GET /api/v1/bank-imports/{id}.',
            body: UploadBody,
            response: { ...errors, 202: ImportBody },
          },
        },
        async (request, reply) => {
          const body: UploadBody = request.body;
          const b64 = body.contentBase64.replace(/\s+/g, '');
          if (!BASE64.test(b64)) {
            throw new FiloError(ReconciliationErrors.BANK_FILE_UNKNOWN_FORMAT, {
              message: 'contentBase64 is not base64',
            });
          }
          const created = await service.createImport({
            filename: body.filename,
            bytes: Buffer.from(b64, 'base64'),
            mappingId: body.mappingId,
            createdBy: actor(request.principal),
          });
          return reply.status(202).send(importOut(created));
        },
      );
    });

    app.get(
      '/api/v1/bank-imports',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Recent bank imports with their progress',
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
          response: withErrors({ 200: Type.Object({ items: Type.Array(ImportBody) }) }),
        },
      },
      async (request) => ({ items: (await service.listImports(request.query.limit)).map(importOut) }),
    );

    app.get(
      '/api/v1/bank-imports/:id',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'One import and its progress (entries parsed, processed, matched, unmatched, duplicates)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: ImportBody }),
        },
      },
      async (request) => importOut(await service.getImport(request.params.id)),
    );

    const ListQuery = Type.Object({
      status: Type.Optional(EntryStatus),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      cursor: Type.Optional(Id),
    });

    app.get(
      '/api/v1/bank-imports/:id/entries',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'The entries an import held, in file order (filter by status, e.g. unmatched)',
          params: Type.Object({ id: Id }),
          querystring: ListQuery,
          response: withErrors({ 200: EntryPage }),
        },
      },
      async (request) => {
        const page = await service.listEntries({ importId: request.params.id, ...request.query });
        return { items: page.items.map(entryOut), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/api/v1/bank-entries',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Bank entries of every import; ?status=unmatched is the queue to resolve',
          querystring: ListQuery,
          response: withErrors({ 200: EntryPage }),
        },
      },
      async (request) => {
        const page = await service.listEntries(request.query);
        return { items: page.items.map(entryOut), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/api/v1/bank-entries/:id/resolve',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Resolve an unmatched credit: a donor, anonymous, or not a gift (idempotent)',
          params: Type.Object({ id: Id }),
          body: ResolveBody,
          response: withErrors({ 200: EntryBody }),
        },
      },
      async (request) => {
        const b = request.body;
        if (b.action === 'donor' && !b.contactId) {
          throw new FiloError(ReconciliationErrors.BANK_RESOLVE_INVALID, {
            message: 'A donor needs contactId',
          });
        }
        if (b.action !== 'donor' && b.contactId) {
          throw new FiloError(ReconciliationErrors.BANK_RESOLVE_INVALID, {
            message: 'contactId only goes with action donor',
          });
        }
        const entry = await service.resolve(
          request.params.id,
          b.action === 'donor' ? { action: 'donor', contactId: b.contactId ?? '' } : { action: b.action },
          { campaignId: b.campaignId, projectId: b.projectId, userId: actor(request.principal) },
        );
        return entryOut(entry);
      },
    );

    app.get(
      '/api/v1/bank-mappings',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'CSV column mappings, one per bank',
          response: withErrors({ 200: Type.Object({ items: Type.Array(MappingBody) }) }),
        },
      },
      async () => ({ items: (await service.listMappings()).map(mappingOut) }),
    );

    app.post(
      '/api/v1/bank-mappings',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Save a CSV column mapping for a bank',
          body: MappingInput,
          response: withErrors({ 201: MappingBody }),
        },
      },
      async (request, reply) => {
        const m = await service.createMapping(request.body.name, request.body.settings);
        return reply.status(201).send(mappingOut(m));
      },
    );

    app.get(
      '/api/v1/bank-mappings/:id',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'One CSV mapping',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: MappingBody }),
        },
      },
      async (request) => mappingOut(await service.getMapping(request.params.id)),
    );

    app.put(
      '/api/v1/bank-mappings/:id',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Replace a CSV mapping',
          params: Type.Object({ id: Id }),
          body: MappingInput,
          response: withErrors({ 200: MappingBody }),
        },
      },
      async (request) =>
        mappingOut(
          await service.updateMapping(
            request.params.id,
            request.body.name,
            request.body.settings as CsvMappingSettings,
          ),
        ),
    );

    app.delete(
      '/api/v1/bank-mappings/:id',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Delete a CSV mapping (imports made with it keep their entries)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        await service.deleteMapping(request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/bank-donors',
      {
        config: { access: 'contacts:read' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Find a donor for the queue by name, e-mail, phone or donor number (D-000123)',
          querystring: Type.Object({ q: Type.String({ maxLength: 100, default: '' }) }),
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  contactId: Type.String(),
                  name: Nullable(Type.String()),
                  email: Nullable(Type.String()),
                  donorNumber: Nullable(Type.String()),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => ({ items: await service.searchDonors(request.query.q) }),
    );

    app.post(
      '/api/v1/donor-numbers',
      {
        config: { access: 'ledger:write' },
        schema: {
          tags: ['reconciliation'],
          summary: "A supporter's donor number for bank transfers (given on first request, never reused)",
          body: Type.Object({ contactId: Id }, { additionalProperties: false }),
          response: withErrors({
            200: Type.Object({ contactId: Type.String(), donorNumber: Type.String() }),
          }),
        },
      },
      async (request) => {
        return {
          contactId: request.body.contactId,
          donorNumber: await service.donorNumberFor(request.body.contactId),
        };
      },
    );
  };
}
