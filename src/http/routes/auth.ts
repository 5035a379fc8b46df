import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FiloError } from '../../core';
import { IdentityErrors, type Principal } from '../../identity';
import { SESSION_COOKIE, requirePrincipal } from '../auth';
import type { AppContext } from '../context';
import { errorBody } from '../errors';
import { Role, errorRef, withErrors } from '../schemas';

const Me = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Role,
    language: Type.String(),
  }),
  csrfToken: Type.String(),
});

export function authRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: {
            max: ctx.config.loginRateLimit.max,
            timeWindow: ctx.config.loginRateLimit.windowMs,
            // Per client address and per account, so that one attacker cannot lock everybody out
            // and many addresses cannot hammer one account unnoticed.
            keyGenerator: (request) => `login:${request.ip}`,
            errorResponseBuilder: (request, context) => ({
              ...errorBody(
                request,
                429,
                IdentityErrors.AUTH_RATE_LIMITED.code,
                IdentityErrors.AUTH_RATE_LIMITED.message,
              ),
              statusCode: context.statusCode,
            }),
          },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password; sets an HTTP-only session cookie',
          body: Type.Object(
            {
              email: Type.String({ minLength: 3, maxLength: 254 }),
              password: Type.String({ minLength: 1, maxLength: 1024 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Me }),
        },
      },
      async (request, reply) => {
        const user = await ctx.identity.authenticate(request.body.email, request.body.password);
        const session = await ctx.identity.createSession(user.id);
        void reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.secureCookies,
          path: '/',
          expires: session.expiresAt,
        });
        return {
          user: { id: user.id, email: user.email, name: user.name, role: user.role, language: user.language },
          csrfToken: session.csrfToken,
        };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { access: 'dashboard:read' },
        schema: {
          tags: ['auth'],
          summary: 'Sign out: ends the session',
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        if (request.sessionToken) await ctx.identity.deleteSession(request.sessionToken);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/auth/me',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user and the CSRF token',
          response: { 200: Me, 401: errorRef },
        },
      },
      async (request) => {
        const principal: Principal = request.principal ?? requirePrincipal(request);
        if (principal.kind !== 'user' || request.csrfToken === null) {
          throw new FiloError(IdentityErrors.AUTH_REQUIRED, {
            message: 'Only a signed-in user has a session',
          });
        }
        return {
          user: {
            id: principal.id,
            email: principal.email,
            name: principal.name,
            role: principal.role,
            language: principal.language,
          },
          csrfToken: request.csrfToken,
        };
      },
    );
  };
}
