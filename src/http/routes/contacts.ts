import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { Id, Language, withErrors } from '../schemas';

const ChannelT = Type.Union(['whatsapp', 'email', 'sms', 'webchat', 'post'].map((c) => Type.Literal(c)));
const PurposeT = Type.Union(['service', 'fundraising', 'news'].map((c) => Type.Literal(c)));

const Consent = Type.Object({
  channel: Type.String(),
  purpose: Type.String(),
  status: Type.Union([Type.Literal('granted'), Type.Literal('revoked')]),
  source: Type.String(),
  wordingVersion: Type.String(),
  recordedAt: Type.String(),
});

const Contact = Type.Object({
  id: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  timeZone: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  preferredChannel: Type.Union([Type.Literal('whatsapp'), Type.Literal('email'), Type.Null()]),
  createdAt: Type.String(),
  consents: Type.Array(Consent),
});

const PreferredChannelT = Type.Union([Type.Literal('whatsapp'), Type.Literal('email')]);

/** One record of the append-only history, with the exact wording the supporter was shown. */
const ConsentRecord = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  purpose: Type.String(),
  status: Type.Union([Type.Literal('granted'), Type.Literal('revoked')]),
  source: Type.String(),
  wordingVersion: Type.String(),
  wording: Type.String(),
  recordedAt: Type.String(),
});

const ConsentInput = Type.Object(
  {
    channel: ChannelT,
    purpose: PurposeT,
    granted: Type.Boolean(),
    source: Type.String({ minLength: 1, maxLength: 100 }),
    wordingVersion: Type.String({ minLength: 1, maxLength: 50 }),
    wording: Type.String({ minLength: 1, maxLength: 2000 }),
    proof: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export function contactRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/contacts',
      {
        config: { access: 'contacts:read' },
        schema: {
          tags: ['contacts'],
          summary: 'List supporters, newest last, with their current consents',
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              cursor: Type.Optional(Id),
              search: Type.Optional(Type.String({ maxLength: 100 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              items: Type.Array(Contact),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const page = await ctx.contacts.list(request.query);
        return { ...page, items: page.items.map((c) => ({ ...c, consents: [...c.consents] })) };
      },
    );

    app.get(
      '/api/v1/contacts/:id',
      {
        config: { access: 'contacts:read' },
        schema: {
          tags: ['contacts'],
          summary: 'One supporter',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: Contact }),
        },
      },
      async (request) => {
        const c = await ctx.contacts.get(request.params.id);
        return { ...c, consents: [...c.consents] };
      },
    );

    app.post(
      '/api/v1/contacts',
      {
        config: { access: 'contacts:write' },
        schema: {
          tags: ['contacts'],
          summary: 'Create a supporter with their consents (all or nothing)',
          body: Type.Object(
            {
              displayName: Type.Optional(Type.String({ maxLength: 200 })),
              email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
              phone: Type.Optional(Type.String({ maxLength: 32 })),
              language: Type.Optional(Language),
              timeZone: Type.Optional(Type.String({ maxLength: 64 })),
              country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
              preferredChannel: Type.Optional(PreferredChannelT),
              consents: Type.Optional(Type.Array(ConsentInput, { maxItems: 20 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Contact }),
        },
      },
      async (request, reply) => {
        const contact = await ctx.contacts.create({
          ...request.body,
          consents: request.body.consents?.map((c) => ({
            ...c,
            channel: c.channel as 'whatsapp',
            purpose: c.purpose as 'service',
            proof: { ...c.proof, requestId: String(request.id) },
          })),
        });
        return reply.status(201).send({ ...contact, consents: [...contact.consents] });
      },
    );

    app.patch(
      '/api/v1/contacts/:id',
      {
        config: { access: 'contacts:write' },
        schema: {
          tags: ['contacts'],
          summary:
            "Change a supporter's details (only the fields given; null clears). E-mail and phone stay unique among supporters",
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              displayName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
              email: Type.Optional(
                Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
              ),
              phone: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
              language: Type.Optional(Language),
              timeZone: Type.Optional(Type.String({ maxLength: 64 })),
              country: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()])),
              preferredChannel: Type.Optional(Type.Union([PreferredChannelT, Type.Null()])),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: withErrors({ 200: Contact }),
        },
      },
      async (request) => {
        const c = await ctx.contacts.update(request.params.id, request.body);
        return { ...c, consents: [...c.consents] };
      },
    );

    app.post(
      '/api/v1/contacts/:id/erase',
      {
        config: { access: 'contacts:erase' },
        schema: {
          tags: ['contacts'],
          summary:
            'Erase a supporter (GDPR art. 17): personal data and the ledger commitment opening are deleted; proofs stay valid',
          params: Type.Object({ id: Id }),
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        for (const erase of ctx.erasers) await erase(request.params.id);
        await ctx.contacts.erase(request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/contacts/:id/consents',
      {
        config: { access: 'contacts:read' },
        schema: {
          tags: ['contacts'],
          summary: 'A supporter’s whole consent history, oldest first, with the wording shown each time',
          params: Type.Object({ id: Id }),
          response: withErrors({ 200: Type.Object({ items: Type.Array(ConsentRecord) }) }),
        },
      },
      async (request) => {
        // get() answers CONTACT_NOT_FOUND for an unknown or erased supporter (whose history is gone).
        await ctx.contacts.get(request.params.id);
        const rows = await ctx.store.db
          .selectFrom('consents')
          .select([
            'id',
            'channel',
            'purpose',
            'status',
            'source',
            'wording_version',
            'wording',
            'recorded_at',
          ])
          .where('contact_id', '=', request.params.id)
          .orderBy('recorded_at')
          .orderBy('id')
          .execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            channel: r.channel,
            purpose: r.purpose,
            status: r.status === 'granted' ? ('granted' as const) : ('revoked' as const),
            source: r.source,
            wordingVersion: r.wording_version,
            wording: r.wording,
            recordedAt: r.recorded_at,
          })),
        };
      },
    );

    app.post(
      '/api/v1/contacts/:id/consents',
      {
        config: { access: 'contacts:write' },
        schema: {
          tags: ['contacts'],
          summary: 'Record a consent given or withdrawn (appended to the history)',
          params: Type.Object({ id: Id }),
          body: ConsentInput,
          response: withErrors({ 201: Consent }),
        },
      },
      async (request, reply) => {
        const consent = await ctx.contacts.recordConsent(request.params.id, {
          ...request.body,
          channel: request.body.channel as 'whatsapp',
          purpose: request.body.purpose as 'service',
          proof: { ...request.body.proof, requestId: String(request.id) },
        });
        return reply.status(201).send(consent);
      },
    );
  };
}
