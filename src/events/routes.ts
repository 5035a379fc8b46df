import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newToken } from '../core';
import { Currency, Id, Money, Slug, errorRef, withErrors } from '../http/schemas';
import {
  ACTIVITY_SOURCES,
  EVENT_KINDS,
  EVENT_STATUSES,
  MAX_GOAL_METRES,
  REGISTRATION_CHANNELS,
  type EventsService,
  type VirtualEvent,
} from './events-service';

// HTTP: staff manage events and read who signed up and what they logged (campaign and contact
// permissions, as for campaigns and supporters); the public lists published events, reads an event's
// page, signs up, and logs activities through the personal link.

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Kind = literals(EVENT_KINDS);
const Status = literals(EVENT_STATUSES);
const Lang = literals(['it', 'en', 'de', 'es', 'fr'] as const);
const Token = Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Localized = Type.Union(
  [
    Type.String({ maxLength: 5000 }),
    Type.Object(
      {
        it: Type.Optional(Type.String({ maxLength: 5000 })),
        en: Type.Optional(Type.String({ maxLength: 5000 })),
        de: Type.Optional(Type.String({ maxLength: 5000 })),
        es: Type.Optional(Type.String({ maxLength: 5000 })),
        fr: Type.Optional(Type.String({ maxLength: 5000 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  ],
  { description: 'One text, or one per language' },
);
const Metres = Type.Integer({ description: 'Metres' });
const Seconds = Type.Integer({ description: 'Seconds' });
const Totals = Type.Object({
  participants: Type.Integer(),
  activities: Type.Integer(),
  distanceMetres: Metres,
  durationSeconds: Seconds,
  goalMetres: Type.Union([Metres, Type.Null()]),
});
const EventBody = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Localized,
  description: Localized,
  kind: Kind,
  startsAt: Type.String(),
  endsAt: Type.String(),
  goalMetres: Type.Union([Metres, Type.Null()]),
  campaignId: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  totals: Totals,
  url: Type.String(),
});
const Leaderboard = Type.Array(
  Type.Object({
    rank: Type.Integer(),
    name: Type.Union([Type.String(), Type.Null()], { description: 'First name and initial only' }),
    distanceMetres: Metres,
    durationSeconds: Seconds,
    activities: Type.Integer(),
  }),
);
const ActivityBody = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  registrationId: Type.String(),
  distanceMetres: Type.Union([Metres, Type.Null()]),
  durationSeconds: Type.Union([Seconds, Type.Null()]),
  date: Type.String(),
  source: literals(ACTIVITY_SOURCES),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
// Figures are bounded by the service, so that a negative or absurd one gets its own stable code.
const ActivityFields = {
  distanceMetres: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  durationSeconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  date: Type.Optional(Type.Union([Day, Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
};
const PublicEvent = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Kind,
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.Union([Type.Literal('published'), Type.Literal('closed')]),
  open: Type.Boolean(),
  totals: Totals,
  url: Type.String(),
});
const PublicCampaign = Type.Union([
  Type.Object({
    slug: Type.String(),
    name: Type.String(),
    goalMinor: Money,
    raisedMinor: Money,
    currency: Currency,
    open: Type.Boolean(),
  }),
  Type.Null(),
]);
const publicErrors: Record<number, TSchema> = {
  400: errorRef,
  404: errorRef,
  409: errorRef,
  413: errorRef,
  415: errorRef,
  429: errorRef,
};

export function eventRoutes(service: EventsService) {
  return async (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const withTotals = async (event: VirtualEvent) => ({
      ...event,
      totals: await service.totals(event.id),
      url: service.eventUrl(event.slug),
    });

    // ---- staff -------------------------------------------------------------------------------------

    app.get(
      '/api/v1/events',
      {
        config: { access: 'campaigns:read' },
        schema: {
          tags: ['events'],
          summary: 'List every event (draft, published, closed) with its totals',
          response: withErrors({ 200: Type.Object({ items: Type.Array(EventBody) }) }),
        },
      },
      async () => ({ items: await Promise.all((await service.list()).map(withTotals)) }),
    );

    app.post(
      '/api/v1/events',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags: ['events'],
          summary: 'Create an event (a draft unless a status is given)',
          body: Type.Object(
            {
              slug: Slug,
              title: Localized,
              description: Type.Optional(Localized),
              kind: Kind,
              startsAt: Type.String({ format: 'date-time' }),
              endsAt: Type.String({ format: 'date-time' }),
              goalMetres: Type.Optional(
                Type.Union([Type.Integer({ minimum: 1, maximum: MAX_GOAL_METRES }), Type.Null()]),
              ),
              campaignId: Type.Optional(Type.Union([Id, Type.Null()])),
              status: Type.Optional(Status),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: EventBody }),
        },
      },
      async (request, reply) => reply.status(201).send(await withTotals(await service.create(request.body))),
    );

    app.get(
      '/api/v1/events/:id',
      {
        config: { access: 'campaigns:read' },
        schema: {
          tags: ['events'],
          summary: 'An event with its totals and leaderboard',
          params: Type.Object({ id: Id }),
          response: withErrors({
            200: Type.Object({ event: EventBody, leaderboard: Leaderboard }),
          }),
        },
      },
      async (request) => {
        const event = await service.get(request.params.id);
        return { event: await withTotals(event), leaderboard: await service.leaderboard(event.id) };
      },
    );

    app.patch(
      '/api/v1/events/:id',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags: ['events'],
          summary: 'Edit an event, publish it or close it (the slug cannot change)',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              title: Type.Optional(Localized),
              description: Type.Optional(Localized),
              kind: Type.Optional(Kind),
              startsAt: Type.Optional(Type.String({ format: 'date-time' })),
              endsAt: Type.Optional(Type.String({ format: 'date-time' })),
              goalMetres: Type.Optional(
                Type.Union([Type.Integer({ minimum: 1, maximum: MAX_GOAL_METRES }), Type.Null()]),
              ),
              campaignId: Type.Optional(Type.Union([Id, Type.Null()])),
              status: Type.Optional(Status),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: withErrors({ 200: EventBody }),
        },
      },
      async (request) => withTotals(await service.update(request.params.id, request.body)),
    );

    app.get(
      '/api/v1/events/:id/registrations',
      {
        config: { access: 'contacts:read' },
        schema: {
          tags: ['events'],
          summary: "An event's participants (supporter, channel, sign-up time) with their totals",
          params: Type.Object({ id: Id }),
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  eventId: Type.String(),
                  contactId: Type.String(),
                  displayName: Type.Union([Type.String(), Type.Null()]),
                  channel: literals(REGISTRATION_CHANNELS),
                  createdAt: Type.String(),
                  activities: Type.Integer(),
                  distanceMetres: Metres,
                  durationSeconds: Seconds,
                }),
              ),
            }),
          }),
        },
      },
      async (request) => ({ items: await service.participants(request.params.id) }),
    );

    app.get(
      '/api/v1/events/:id/activities',
      {
        config: { access: 'contacts:read' },
        schema: {
          tags: ['events'],
          summary: "An event's logged activities, newest first, with who logged them",
          params: Type.Object({ id: Id }),
          querystring: Type.Object({
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            cursor: Type.Optional(Id),
          }),
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Intersect([
                  ActivityBody,
                  Type.Object({ displayName: Type.Union([Type.String(), Type.Null()]) }),
                ]),
              ),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) =>
        service.activities(request.params.id, { limit: request.query.limit, before: request.query.cursor }),
    );

    app.post(
      '/api/v1/events/:id/registrations/:registrationId/activities',
      {
        config: { access: 'campaigns:write' },
        schema: {
          tags: ['events'],
          summary: "Staff log an activity for a participant (e.g. one sent on paper); idempotent by 'key'",
          params: Type.Object({ id: Id, registrationId: Id }),
          body: Type.Object(
            { ...ActivityFields, key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ activity: ActivityBody, created: Type.Boolean() }) }),
        },
      },
      async (request, reply) => {
        const { key, ...figures } = request.body;
        const result = await service.logActivity({
          ...figures,
          eventId: request.params.id,
          registrationId: request.params.registrationId,
          source: 'admin',
          dedupeKey: key ?? `admin:${newToken(96)}`,
        });
        return reply.status(201).send(result);
      },
    );

    // ---- public ------------------------------------------------------------------------------------

    app.get(
      '/api/v1/public/events',
      {
        config: { access: 'public' },
        schema: {
          tags: ['events'],
          summary: 'Published events with their totals, soonest first',
          querystring: Type.Object({ lang: Type.Optional(Lang) }),
          response: { 200: Type.Object({ items: Type.Array(PublicEvent) }), ...publicErrors },
        },
      },
      async (request) => ({ items: await service.publicList(request.query.lang ?? 'it') }),
    );

    app.get(
      '/api/v1/public/events/:slug',
      {
        config: { access: 'public' },
        schema: {
          tags: ['events'],
          summary:
            "An event's page: totals, goal, leaderboard (first names and initials), campaign, sign-up boxes",
          params: Type.Object({ slug: Slug }),
          querystring: Type.Object({ lang: Type.Optional(Lang) }),
          response: {
            200: Type.Object({
              event: PublicEvent,
              leaderboard: Leaderboard,
              campaign: PublicCampaign,
              consents: Type.Array(
                Type.Object({
                  channel: Type.String(),
                  purpose: Type.String(),
                  version: Type.String(),
                  wording: Type.String(),
                }),
              ),
            }),
            ...publicErrors,
          },
        },
      },
      async (request) => service.publicPage(request.params.slug, request.query.lang ?? 'it'),
    );

    app.post(
      '/api/v1/public/events/:slug/registrations',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: {
          tags: ['events'],
          summary:
            'Sign up: a name and an e-mail or phone, and the ticked boxes with the version shown. Signing up twice changes nothing',
          params: Type.Object({ slug: Slug }),
          body: Type.Object(
            {
              name: Type.String({ maxLength: 120 }),
              email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
              phone: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
              language: Type.Optional(Lang),
              consents: Type.Optional(
                Type.Array(
                  Type.Object(
                    {
                      channel: Type.String({ maxLength: 16 }),
                      purpose: Type.String({ maxLength: 16 }),
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
          response: {
            201: Type.Object({
              status: Type.Union([Type.Literal('registered'), Type.Literal('already_registered')]),
              eventUrl: Type.String(),
              activityUrl: Type.Union([Type.String(), Type.Null()], {
                description: 'The personal link to log activities; only for a new sign-up',
              }),
            }),
            ...publicErrors,
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.registerParticipant(request.params.slug, request.body)),
    );

    const Mine = Type.Object({
      distanceMetres: Metres,
      durationSeconds: Seconds,
      activities: Type.Integer(),
    });
    app.get(
      '/api/v1/public/events/me/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['events'],
          summary: "A participant's own page, by their personal link: their totals and activities",
          params: Type.Object({ token: Token }),
          querystring: Type.Object({ lang: Type.Optional(Lang) }),
          response: {
            200: Type.Object({
              event: PublicEvent,
              logging: Type.Boolean(),
              today: Type.String(),
              mine: Mine,
              activities: Type.Array(
                Type.Object({
                  id: Type.String(),
                  distanceMetres: Type.Union([Metres, Type.Null()]),
                  durationSeconds: Type.Union([Seconds, Type.Null()]),
                  date: Type.String(),
                  source: literals(ACTIVITY_SOURCES),
                  note: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
              campaign: PublicCampaign,
            }),
            ...publicErrors,
          },
        },
      },
      async (request) => service.participantPage(request.params.token, request.query.lang ?? 'it'),
    );

    app.post(
      '/api/v1/public/events/me/:token/activities',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
        schema: {
          tags: ['events'],
          summary: "Log an activity by the personal link; idempotent by 'key' (one per form submission)",
          params: Type.Object({ token: Token }),
          body: Type.Object(
            { ...ActivityFields, key: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ activity: ActivityBody, created: Type.Boolean(), mine: Mine, totals: Totals }),
            ...publicErrors,
          },
        },
      },
      async (request, reply) => {
        const { key, ...figures } = request.body;
        return reply
          .status(201)
          .send(await service.logByLink(request.params.token, { ...figures, dedupeKey: key }));
      },
    );
  };
}
