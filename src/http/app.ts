import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Redis } from 'ioredis';
import { CoreErrors, newToken } from '../core';
import { registerAuth, type RouteAccess } from './auth';
import type { AppContext } from './context';
import { errorBody, registerErrorHandling } from './errors';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { campaignRoutes } from './routes/campaigns';
import { contactRoutes } from './routes/contacts';
import { dashboardRoutes } from './routes/dashboard';
import { ledgerRoutes } from './routes/ledger';
import { publicLedgerRoutes } from './routes/public-ledger';
import { ErrorBody } from './schemas';
import { validatorCompiler } from './validation';
import { logRoutes } from '../transparency';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api route with its access rule: what the access test walks. */
    routeTable: readonly RouteAccess[];
  }
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Log options: request ids on every line; no query strings, headers, bodies, IPs or secrets. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers',
        'headers',
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        'cookie',
        '*.email',
        '*.phone',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        // Query strings can hold tokens (webhook verification, links): log the path only.
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export interface BuildAppOptions {
  /** Serve the built web app (admin and public site). Off in API-only tests. */
  readonly serveWeb?: boolean;
  readonly logger?: FastifyServerOptions['logger'] | false;
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(ctx.logger ? { loggerInstance: ctx.logger } : { logger: options.logger ?? false }),
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: process.env.FILO_TRUST_PROXY === 'true',
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : `req_${newToken(96)}`;
    },
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBody);
  app.setValidatorCompiler(validatorCompiler([ErrorBody]));
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  await app.register(cookie);

  const redis = ctx.config.redisUrl
    ? new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  if (redis) {
    redis.on('error', () => {
      // Reported by /healthz through the queue; the limiter falls back to allowing requests.
    });
    app.addHook('onClose', async () => {
      redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: `${ctx.config.queuePrefix}:ratelimit:` } : {}),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Filo API',
        version: ctx.version,
        description:
          'Conversations, giving and a verifiable public ledger for nonprofits. Authenticate with `Authorization: Bearer <API key>` or the session cookie set by `/api/v1/auth/login` (then send `x-csrf-token` on unsafe methods).',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'filo_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: false } });

  const routeTable = registerAuth(app, ctx);
  app.decorate('routeTable', routeTable);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and readiness: the database and the job queue',
        response: {
          '2xx': Type.Object({
            status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
            version: Type.String(),
            uptimeSeconds: Type.Integer(),
            database: Type.Object({
              ok: Type.Boolean(),
              engine: Type.String(),
              latencyMs: Type.Number(),
              error: Type.Optional(Type.String()),
            }),
            queue: Type.Object(
              { ok: Type.Boolean(), kind: Type.String(), error: Type.Optional(Type.String()) },
              { additionalProperties: true },
            ),
          }),
          503: Type.Object({}, { additionalProperties: true }),
        },
      },
    },
    async (_request, reply) => {
      const [database, queue] = await Promise.all([
        ctx.store.health(),
        ctx.queue.health().catch((error: unknown) => ({
          ok: false,
          kind: ctx.queue.kind,
          error: error instanceof Error ? error.message : 'unknown error',
        })),
      ]);
      const ok = database.ok && queue.ok;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        version: ctx.version,
        uptimeSeconds: Math.round(process.uptime()),
        database,
        queue,
      });
    },
  );

  await app.register(authRoutes(ctx));
  await app.register(dashboardRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(contactRoutes(ctx));
  await app.register(campaignRoutes(ctx));
  await app.register(logRoutes(ctx.log));
  await app.register(ledgerRoutes(ctx));
  await app.register(publicLedgerRoutes(ctx));
  for (const module of ctx.modules ?? []) {
    if (module.routes) await app.register(module.routes);
  }

  const webBuilt = options.serveWeb !== false && existsSync(path.join(WEB_DIST, 'index.html'));
  if (webBuilt) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = /^\/(api|log|webhooks|healthz|openapi\.json|docs)(\/|$)/.test(url);
    // A missing built file (a stale hashed asset, a typo) is a 404, not a page that parses as HTML.
    const isFile = /^\/(admin\/)?assets\//.test(url) || /\.[a-z0-9]{1,8}$/i.test(url);
    if (!isApi && !isFile && webBuilt && (request.method === 'GET' || request.method === 'HEAD')) {
      // Single-page apps: unknown paths under /admin get the admin shell, the rest the public site.
      return reply.sendFile(url.startsWith('/admin') ? 'admin/index.html' : 'index.html');
    }
    return reply
      .status(404)
      .send(errorBody(request, 404, CoreErrors.ROUTE_NOT_FOUND.code, `No route ${request.method} ${url}`));
  });

  return app;
}
