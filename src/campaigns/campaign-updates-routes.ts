import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Id, Slug, withErrors } from '../http/schemas';
import type { CampaignUpdatesService, PublicCampaignUpdate } from './campaign-updates';

// Campaign updates over HTTP. Staff: /api/v1/campaigns/:id/updates — reading needs campaigns:read,
// writing, publishing and unpublishing campaigns:write (owner, fundraiser). Public: the latest
// published updates of an open or closed campaign, as JSON and as an Atom feed.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const UpdateReply = Type.Object({
  id: Type.String(),
  campaignId: Type.String(),
  title: Type.String(),
  body: Type.String({ description: 'Plain text; paragraphs separated by blank lines' }),
  language: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  publishedAt: Nullable(Type.String()),
  author: Type.Object({
    kind: Type.Union([Type.Literal('staff'), Type.Literal('ledger')]),
    id: Nullable(Type.String()),
    name: Nullable(Type.String()),
  }),
  linkUrl: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const PublicUpdateReply = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  language: Type.String(),
  publishedAt: Type.String(),
  automatic: Type.Boolean({ description: 'Written from the ledger (a paid expense), not by a person' }),
  linkUrl: Nullable(Type.String({ description: 'The invoice, or the public accounts' })),
});

// The schema bounds the size; the service's own limits (140 and 5000 characters, it/en/de/es/fr, no
// control characters) answer CAMPAIGN_UPDATE_INVALID with the field.
const Fields = {
  title: Type.String({ maxLength: 1000 }),
  body: Type.String({ maxLength: 20_000 }),
  language: Type.String({ maxLength: 8, description: 'it, en, de, es or fr' }),
};

const CampaignParams = Type.Object({ id: Id });
const UpdateParams = Type.Object({ id: Id, updateId: Id });
const SlugParams = Type.Object({ slug: Slug });

function author(request: FastifyRequest): { id: string; name: string } {
  const p = request.principal;
  if (p === null) return { id: 'unknown', name: '' };
  return p.kind === 'user' ? { id: p.id, name: p.name } : { id: `apikey:${p.id}`, name: p.name };
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An Atom feed (RFC 4287) of a campaign's latest updates. */
export function atomFeed(input: {
  readonly pageUrl: string;
  readonly feedUrl: string;
  readonly title: string;
  readonly organisation: string;
  readonly updates: readonly PublicCampaignUpdate[];
  readonly now: string;
}): string {
  const updated = input.updates[0]?.publishedAt ?? input.now;
  const entries = input.updates.map((u) =>
    [
      '  <entry>',
      `    <id>${xml(`${input.pageUrl}#update-${u.id}`)}</id>`,
      `    <title>${xml(u.title)}</title>`,
      `    <updated>${xml(u.publishedAt)}</updated>`,
      `    <published>${xml(u.publishedAt)}</published>`,
      `    <link rel="alternate" href="${xml(`${input.pageUrl}#update-${u.id}`)}"/>`,
      ...(u.linkUrl ? [`    <link rel="related" href="${xml(u.linkUrl)}"/>`] : []),
      `    <content type="text" xml:lang="${xml(u.language)}">${xml(u.body)}</content>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(input.feedUrl)}</id>`,
    `  <title>${xml(input.title)}</title>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <author><name>${xml(input.organisation)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(input.feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(input.pageUrl)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export interface CampaignUpdatesRoutesDeps {
  readonly service: CampaignUpdatesService;
  readonly publicUrl: string;
  readonly campaignName: (slug: string) => Promise<string>;
  readonly organisationName: () => Promise<string>;
  readonly now: () => string;
}

export function campaignUpdatesRoutes(
  d: CampaignUpdatesRoutesDeps,
): (root: FastifyInstance) => Promise<void> {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['campaigns'];

    app.get(
      '/api/v1/campaigns/:id/updates',
      {
        config: { access: 'campaigns:read' },
        schema: {
          tags,
          summary: 'A campaign’s updates, drafts included, newest first',
          params: CampaignParams,
          response: withErrors({ 200: Type.Object({ items: Type.Array(UpdateReply) }) }),
        },
      },
      async (request) => ({ items: await d.service.list(request.params.id) }),
    );

    app.post(
      '/api/v1/campaigns/:id/updates',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags,
          summary: 'Write an update (a draft, or published at once with publish: true)',
          params: CampaignParams,
          body: Type.Object(
            { ...Fields, publish: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: UpdateReply }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await d.service.create(request.params.id, request.body, author(request))),
    );

    app.patch(
      '/api/v1/campaigns/:id/updates/:updateId',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags,
          summary: 'Edit an update’s title, text or language (not one written from the ledger)',
          params: UpdateParams,
          body: Type.Object(
            {
              title: Type.Optional(Fields.title),
              body: Type.Optional(Fields.body),
              language: Type.Optional(Fields.language),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: withErrors({ 200: UpdateReply }),
        },
      },
      async (request) => d.service.edit(request.params.id, request.params.updateId, request.body),
    );

    for (const action of ['publish', 'unpublish'] as const) {
      app.post(
        `/api/v1/campaigns/:id/updates/:updateId/${action}`,
        {
          config: { access: 'campaigns:write' },
          schema: {
            tags,
            summary:
              action === 'publish'
                ? 'Publish an update on the campaign’s public page'
                : 'Take an update off the public page (back to a draft)',
            params: UpdateParams,
            response: withErrors({ 200: UpdateReply }),
          },
        },
        async (request) =>
          action === 'publish'
            ? d.service.publish(request.params.id, request.params.updateId)
            : d.service.unpublish(request.params.id, request.params.updateId),
      );
    }

    app.get(
      '/api/v1/public/campaigns/:slug/updates',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The latest published updates of a campaign, newest first',
          params: SlugParams,
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ items: Type.Array(PublicUpdateReply) }) }),
        },
      },
      async (request, reply) => {
        const items = await d.service.latest(request.params.slug, request.query.limit ?? 5);
        return reply.header('cache-control', 'public, max-age=60').send({ items });
      },
    );

    app.get(
      '/api/v1/public/campaigns/:slug/updates.atom',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The latest published updates of a campaign as an Atom feed',
          params: SlugParams,
          response: withErrors({ 200: Type.String({ description: 'application/atom+xml' }) }),
        },
      },
      async (request, reply) => {
        const slug = request.params.slug;
        const updates = await d.service.latest(slug, 20);
        const base = d.publicUrl.replace(/\/+$/, '');
        const feed = atomFeed({
          pageUrl: `${base}/donate/${encodeURIComponent(slug)}`,
          feedUrl: `${base}/api/v1/public/campaigns/${encodeURIComponent(slug)}/updates.atom`,
          title: await d.campaignName(slug),
          organisation: await d.organisationName(),
          updates,
          now: d.now(),
        });
        return reply
          .type('application/atom+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(Buffer.from(feed, 'utf8'));
      },
    );
  };
}
