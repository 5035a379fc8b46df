import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { CampaignBody, Money, OrganisationBody, ProjectBody, errorRef, withErrors } from '../schemas';

async function publicProfile(ctx: AppContext) {
  const [org, campaigns, projects, summary] = await Promise.all([
    ctx.organisation.get(),
    ctx.campaigns.list(),
    ctx.projects.list(),
    ctx.ledger.summary(),
  ]);
  const raised = new Map(summary.campaigns.map((c) => [c.campaignId, c.raisedMinor]));
  return {
    organisation: {
      name: org.name,
      legalName: org.legalName,
      description: org.description,
      country: org.country,
      currency: org.currency,
      language: org.language,
    },
    // Raised amounts come from the ledger: gross gifts to the campaign, less refunds.
    campaigns: campaigns.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      description: c.description,
      goalMinor: c.goalMinor,
      raisedMinor: raised.get(c.id) ?? 0,
      currency: c.currency,
      status: c.status,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
    })),
    projects: projects.map((p) => ({ id: p.id, slug: p.slug, name: p.name, description: p.description })),
  };
}

export function dashboardRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/dashboard',
      {
        config: { access: 'dashboard:read' },
        schema: {
          tags: ['dashboard'],
          summary: 'The organisation at a glance',
          response: withErrors({
            200: Type.Object({
              organisation: OrganisationBody,
              totals: Type.Object({
                supporters: Type.Integer(),
                campaigns: Type.Integer(),
                projects: Type.Integer(),
                whatsappOptIns: Type.Integer(),
                emailOptIns: Type.Integer(),
              }),
              giving: Type.Object({
                raisedMinor: Money,
                donations: Type.Integer(),
                spentMinor: Money,
                unspentMinor: Money,
                feesMinor: Money,
                refundedMinor: Money,
              }),
              campaigns: Type.Array(CampaignBody),
              projects: Type.Array(ProjectBody),
            }),
          }),
        },
      },
      async () => {
        const [profile, supporters, whatsappOptIns, emailOptIns, summary] = await Promise.all([
          publicProfile(ctx),
          ctx.contacts.count(),
          ctx.contacts.countOptedIn('whatsapp'),
          ctx.contacts.countOptedIn('email'),
          ctx.ledger.summary(),
        ]);
        return {
          ...profile,
          totals: {
            supporters,
            campaigns: profile.campaigns.length,
            projects: profile.projects.length,
            whatsappOptIns,
            emailOptIns,
          },
          giving: summary.totals,
        };
      },
    );

    app.get(
      '/api/v1/public/organisation',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The public profile: organisation, campaigns and projects',
          response: {
            200: Type.Object({
              organisation: OrganisationBody,
              campaigns: Type.Array(CampaignBody),
              projects: Type.Array(ProjectBody),
            }),
            404: errorRef,
          },
        },
      },
      async () => publicProfile(ctx),
    );
  };
}
