import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requirePrincipal } from '../auth';
import type { AppContext } from '../context';
import { Id, Role, withErrors } from '../schemas';

const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  language: Type.String(),
  createdAt: Type.String(),
  disabled: Type.Boolean(),
});

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Users and API keys: who may administer this organisation. */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/users',
      {
        config: { access: 'users:read' },
        schema: {
          tags: ['access'],
          summary: 'List users',
          response: withErrors({ 200: Type.Object({ items: Type.Array(User) }) }),
        },
      },
      async () => ({ items: await ctx.identity.listUsers() }),
    );

    app.post(
      '/api/v1/users',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: ['access'],
          summary: 'Create a user',
          body: Type.Object(
            {
              email: Type.String({ format: 'email', maxLength: 254 }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              role: Role,
              password: Type.String({ minLength: 10, maxLength: 1024 }),
              language: Type.Optional(
                Type.Union([Type.Literal('it'), Type.Literal('en'), Type.Literal('de')]),
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: User }),
        },
      },
      async (request, reply) => {
        const user = await ctx.identity.createUser(request.body);
        return reply.status(201).send(user);
      },
    );

    app.get(
      '/api/v1/api-keys',
      {
        config: { access: 'apikeys:manage' },
        schema: {
          tags: ['access'],
          summary: 'List API keys',
          response: withErrors({ 200: Type.Object({ items: Type.Array(ApiKey) }) }),
        },
      },
      async () => ({ items: await ctx.identity.listApiKeys() }),
    );

    app.post(
      '/api/v1/api-keys',
      {
        config: { access: 'apikeys:manage' },
        schema: {
          tags: ['access'],
          summary: 'Create an API key; the secret is shown once',
          body: Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 200 }), role: Role },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ key: Type.String(), apiKey: ApiKey }) }),
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const created = await ctx.identity.createApiKey({ ...request.body, createdBy: principal.id });
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api/v1/api-keys/:id',
      {
        config: { access: 'apikeys:manage' },
        schema: {
          tags: ['access'],
          summary: 'Revoke an API key',
          params: Type.Object({ id: Id }),
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        await ctx.identity.revokeApiKey(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
