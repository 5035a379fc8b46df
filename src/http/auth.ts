import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FiloError } from '../core';
import { IdentityErrors, can, type Permission, type Principal } from '../identity';
import type { AppContext } from './context';

// Who is asking: a session cookie (browser, with a CSRF token on every unsafe method) or a bearer API
// key (automation). Every route declares `config.access`: 'public' or the one permission it needs.
// The check runs in onRequest, before the body is even parsed.

export const SESSION_COOKIE = 'filo_session';

export type Access = 'public' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

/** Registers the access check; returns the table of API routes and their rules, filled as routes register. */
export function registerAuth(app: FastifyInstance, ctx: AppContext): readonly RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // not an API route (static files, docs, log tiles)
    const key = bearer(request);
    if (key !== undefined) {
      const principal = await ctx.identity.resolveApiKey(key);
      if (!principal) throw new FiloError(IdentityErrors.AUTH_INVALID_API_KEY);
      request.principal = principal;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const session = await ctx.identity.resolveSession(token);
        if (session) {
          request.principal = session.principal;
          request.sessionToken = token;
          request.csrfToken = session.csrfToken;
        }
      }
    }
    if (access === 'public') return;
    if (!request.principal) throw new FiloError(IdentityErrors.AUTH_REQUIRED);
    if (request.sessionToken !== null && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== request.csrfToken)
        throw new FiloError(IdentityErrors.AUTH_CSRF_FAILED);
    }
    if (!can(request.principal.role, access)) throw new FiloError(IdentityErrors.AUTH_FORBIDDEN);
  });

  // A route without an access declaration under /api is a bug: refuse to start rather than expose it.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    if (access === undefined)
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, access });
    }
  });
  return table;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new FiloError(IdentityErrors.AUTH_REQUIRED);
  return request.principal;
}
