import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { CampaignBody, Currency, ProjectBody, Slug, withErrors } from '../schemas';

export function campaignRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/campaigns',
      {
        config: { access: 'campaigns:read' },
        schema: { tags: ['campaigns'], summary: 'List campaigns', response: withErrors({ 200: Type.Object({ items: Type.Array(CampaignBody) }) }) },
      },
      async () => ({ items: (await ctx.campaigns.list()).map((c) => ({ ...c, raisedMinor: 0 })) }),
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
              status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed')])),
              startsAt: Type.Optional(Type.String({ format: 'date-time' })),
              endsAt: Type.Optional(Type.String({ format: 'date-time' })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: CampaignBody }),
        },
      },
      async (request, reply) => reply.status(201).send({ ...(await ctx.campaigns.create(request.body)), raisedMinor: 0 }),
    );

    app.get(
      '/api/v1/projects',
      {
        config: { access: 'projects:read' },
        schema: { tags: ['projects'], summary: 'List projects', response: withErrors({ 200: Type.Object({ items: Type.Array(ProjectBody) }) }) },
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
