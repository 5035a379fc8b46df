import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { CampaignBody, Currency, Id, ProjectBody, Slug, withErrors } from '../schemas';

const CampaignStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed')]);

export function campaignRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/campaigns',
      {
        config: { access: 'campaigns:read' },
        schema: {
          tags: ['campaigns'],
          summary: 'List campaigns with what each has raised (from the ledger: gifts less refunds)',
          response: withErrors({ 200: Type.Object({ items: Type.Array(CampaignBody) }) }),
        },
      },
      async () => {
        const [campaigns, summary] = await Promise.all([ctx.campaigns.list(), ctx.ledger.summary()]);
        const raised = new Map(summary.campaigns.map((c) => [c.campaignId, c.raisedMinor]));
        return { items: campaigns.map((c) => ({ ...c, raisedMinor: raised.get(c.id) ?? 0 })) };
      },
    );

    app.post(
      '/api/v1/campaigns',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags: ['campaigns'],
          summary: 'Create a campaign',
          body: Type.Object(
            {
              slug: Slug,
              name: Type.String({ minLength: 1, maxLength: 200 }),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
              goalMinor: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
              currency: Currency,
              status: Type.Optional(CampaignStatus),
              startsAt: Type.Optional(Type.String({ format: 'date-time' })),
              endsAt: Type.Optional(Type.String({ format: 'date-time' })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: CampaignBody }),
        },
      },
      async (request, reply) =>
        reply.status(201).send({ ...(await ctx.campaigns.create(request.body)), raisedMinor: 0 }),
    );

    app.patch(
      '/api/v1/campaigns/:id',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags: ['campaigns'],
          summary: 'Edit a campaign or close it (status closed); the slug and currency cannot change',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
              goalMinor: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000_000 })),
              status: Type.Optional(CampaignStatus),
              startsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
              endsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: withErrors({ 200: CampaignBody }),
        },
      },
      async (request) => {
        const campaign = await ctx.campaigns.update(request.params.id, request.body);
        const summary = await ctx.ledger.summary();
        const raisedMinor = summary.campaigns.find((c) => c.campaignId === campaign.id)?.raisedMinor ?? 0;
        return { ...campaign, raisedMinor };
      },
    );

    app.get(
      '/api/v1/projects',
      {
        config: { access: 'projects:read' },
        schema: {
          tags: ['projects'],
          summary: 'List projects',
          response: withErrors({ 200: Type.Object({ items: Type.Array(ProjectBody) }) }),
        },
      },
      async () => ({ items: await ctx.projects.list() }),
    );

    app.post(
      '/api/v1/projects',
      {
        config: { access: 'projects:write' },
        schema: {
          tags: ['projects'],
          summary: 'Create a project that donations can be restricted to',
          body: Type.Object(
            {
              slug: Slug,
              name: Type.String({ minLength: 1, maxLength: 200 }),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: ProjectBody }),
        },
      },
      async (request, reply) => reply.status(201).send(await ctx.projects.create(request.body)),
    );
  };
}
