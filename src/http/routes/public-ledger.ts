import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { Currency, Money, errorRef, withErrors } from '../schemas';

// What donors and the public see: a donation's path by its receipt code, the C2SP tlog-proof for it,
// the evidence files of approved expenses, and the organisation's totals and fund flows.

const Code = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export function publicLedgerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/public/donations/:code',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'A donation by its receipt code: its project, what it paid for (with evidence hashes) and what is unspent',
          params: Type.Object({ code: Code }),
          response: {
            200: Type.Object({
              donation: Type.Object({
                receiptCode: Type.String(),
                grossMinor: Money,
                feeMinor: Money,
                netMinor: Money,
                refundedMinor: Money,
                spentMinor: Money,
                unspentMinor: Money,
                currency: Currency,
                receivedAt: Type.String(),
                restriction: Type.String(),
                logIndex: Type.Integer(),
              }),
              project: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
              campaign: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
              allocations: Type.Array(
                Type.Object({
                  kind: Type.String(),
                  amountMinor: Money,
                  allocatedAt: Type.String(),
                  logIndex: Type.Integer(),
                  expense: Type.Union([
                    Type.Object({
                      id: Type.String(),
                      description: Type.String(),
                      category: Type.String(),
                      spentOn: Type.String(),
                      amountMinor: Money,
                      evidence: Type.Array(Type.Object({ sha256: Type.String(), filename: Type.String() })),
                    }),
                    Type.Null(),
                  ]),
                }),
              ),
              logIndices: Type.Array(Type.Integer()),
              log: Type.Object({ origin: Type.String(), verifierKey: Type.String(), size: Type.Integer() }),
            }),
            400: errorRef,
            404: errorRef,
          },
        },
      },
      async (request, reply) => {
        const trace = await ctx.ledger.trace(request.params.code);
        const d = trace.donation;
        void reply.header('cache-control', 'no-store');
        return {
          donation: {
            receiptCode: d.receiptCode,
            grossMinor: d.grossMinor,
            feeMinor: d.feeMinor,
            netMinor: d.netMinor,
            refundedMinor: d.refundedMinor,
            spentMinor: d.spentMinor,
            unspentMinor: d.unspentMinor,
            currency: d.currency,
            receivedAt: d.receivedAt,
            restriction: d.restriction,
            logIndex: d.logIndex,
          },
          project: trace.project,
          campaign: trace.campaign,
          allocations: trace.allocations.map((a) => ({
            ...a,
            expense: a.expense ? { ...a.expense, evidence: [...a.expense.evidence] } : null,
          })),
          logIndices: [...trace.logIndices],
          log: { origin: ctx.log.origin, verifierKey: ctx.log.verifierKey, size: await ctx.log.size() },
        };
      },
    );

    app.get(
      '/api/v1/public/donations/:code/proof',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'A C2SP tlog-proof (c2sp.org/tlog-proof@v1) that the donation is in the public log; the extra line carries the entry bytes',
          params: Type.Object({ code: Code }),
          querystring: Type.Object(
            {
              index: Type.Optional(
                Type.Integer({
                  minimum: 0,
                  description: 'Another log index of this donation (an allocation)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.String({ description: 'The tlog-proof, text/plain' }) }),
        },
      },
      async (request, reply) => {
        const trace = await ctx.ledger.trace(request.params.code);
        const index = request.query.index ?? trace.donation.logIndex;
        if (!trace.logIndices.includes(index)) {
          return reply.status(404).send({
            statusCode: 404,
            code: 'LOG_ENTRY_NOT_FOUND',
            error: 'Not Found',
            message: 'That log index does not belong to this donation',
            requestId: String(request.id),
          });
        }
        const proof = await ctx.log.receipt(index);
        return reply
          .type('text/plain; charset=utf-8')
          .header('content-disposition', `attachment; filename="filo-${index}.tlog-proof"`)
          .header('cache-control', 'no-store')
          .send(proof);
      },
    );

    app.get(
      '/api/v1/public/evidence/:sha256',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'An evidence file (invoice, receipt) of an approved expense, by its SHA-256',
          params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
          response: withErrors({ 200: Type.String({ description: 'The file’s bytes, as an attachment' }) }),
        },
      },
      async (request, reply) => {
        const file = await ctx.ledger.evidence(request.params.sha256, true);
        // Served as an attachment with a fixed type list, so an uploaded HTML file cannot run in our origin.
        const safe = /^(application\/pdf|image\/(png|jpeg|webp)|text\/plain)$/.test(file.mimeType)
          ? file.mimeType
          : 'application/octet-stream';
        return reply
          .type(safe)
          .header(
            'content-disposition',
            `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(Buffer.from(file.content));
      },
    );

    const Totals = Type.Object({
      raisedMinor: Money,
      feesMinor: Money,
      spentMinor: Money,
      unspentMinor: Money,
      refundedMinor: Money,
      donations: Type.Integer(),
    });

    app.get(
      '/api/v1/public/transparency',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Totals raised, spent and unspent per project and campaign, the fund flows, and the log',
          response: {
            200: Type.Object({
              currency: Currency,
              totals: Totals,
              unrestricted: Totals,
              projects: Type.Array(
                Type.Intersect([
                  Type.Object({
                    projectId: Type.String(),
                    name: Type.String(),
                    expensesApprovedMinor: Money,
                  }),
                  Totals,
                ]),
              ),
              campaigns: Type.Array(
                Type.Intersect([Type.Object({ campaignId: Type.String(), name: Type.String() }), Totals]),
              ),
              flows: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), amountMinor: Money })),
              log: Type.Object({ origin: Type.String(), verifierKey: Type.String(), size: Type.Integer() }),
            }),
          },
        },
      },
      async () => {
        const [summary, projects, campaigns, org] = await Promise.all([
          ctx.ledger.summary(),
          ctx.projects.list(),
          ctx.campaigns.list(),
          ctx.organisation.get(),
        ]);
        const projectName = new Map(projects.map((p) => [p.id, p.name]));
        const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
        return {
          currency: org.currency,
          totals: summary.totals,
          unrestricted: summary.unrestricted,
          projects: summary.projects.map((p) => ({
            ...p,
            name: projectName.get(p.projectId) ?? p.projectId,
          })),
          campaigns: summary.campaigns.map((c) => ({
            ...c,
            name: campaignName.get(c.campaignId) ?? c.campaignId,
          })),
          flows: summary.flows,
          log: { origin: ctx.log.origin, verifierKey: ctx.log.verifierKey, size: await ctx.log.size() },
        };
      },
    );
  };
}
