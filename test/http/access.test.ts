import { FEATURE_MODULES } from '../../src/runtime/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, can } from '../../src/identity';
import { createTestApp, type TestApp } from '../support/app';

// Walks every /api/v1 route: anonymous callers get 401, roles without the route's permission get 403,
// and roles with it get past the access check. A new route cannot opt out: buildApp refuses to start
// when an /api route declares no access rule.
describe('access control on every /api/v1 route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { modules: FEATURE_MODULES });
  });
  afterAll(async () => {
    await t.dispose();
  });

  const url = (u: string) => u.replace(/:[A-Za-z]+/g, 'x_does_not_exist');

  it('knows the routes', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(10);
    expect(t.app.routeTable.every((r) => r.url.startsWith('/api/v1/'))).toBe(true);
  });

  it('answers 401 AUTH_REQUIRED to anonymous requests on every protected route', async () => {
    const protectedRoutes = t.app.routeTable.filter((r) => r.access !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(5);
    for (const route of protectedRoutes) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: url(route.url),
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json().code, `${route.method} ${route.url}`).toBe('AUTH_REQUIRED');
    }
  });

  it('answers 401 to an unknown API key', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dashboard',
      headers: { authorization: 'Bearer filo_nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_API_KEY');
  });

  it('answers 403 AUTH_FORBIDDEN to every role that lacks the permission, and lets the others through', async () => {
    let forbiddenChecks = 0;
    for (const route of t.app.routeTable) {
      if (route.access === 'public') continue;
      for (const role of ROLES) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: url(route.url),
          headers: { authorization: `Bearer ${t.keys[role]}` },
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const label = `${role} ${route.method} ${route.url}`;
        if (can(role, route.access)) {
          expect([401, 403], label).not.toContain(res.statusCode);
        } else {
          forbiddenChecks++;
          expect(res.statusCode, label).toBe(403);
          expect(res.json().code, label).toBe('AUTH_FORBIDDEN');
        }
      }
    }
    expect(forbiddenChecks).toBeGreaterThan(10);
  });

  it('keeps the auditor read-only', async () => {
    for (const route of t.app.routeTable) {
      if (route.method !== 'GET' && route.access !== 'public' && route.url !== '/api/v1/auth/logout') {
        expect(can('auditor', route.access), `${route.method} ${route.url}`).toBe(false);
      }
    }
  });
});
