import { FEATURE_MODULES } from '../../src/runtime/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

describe('sign-in, sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      config: { loginRateLimit: { max: 5, windowMs: 60_000 } },
      modules: FEATURE_MODULES,
    });
    await t.ctx.identity.createUser({
      email: 'owner@example.org',
      name: 'Olga',
      role: 'owner',
      password: 'correct horse battery',
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  function cookieOf(res: { headers: Record<string, unknown> }): string {
    const raw = res.headers['set-cookie'];
    const line = [raw].flat().find((c) => typeof c === 'string' && c.startsWith('filo_session=')) as string;
    expect(line).toBeDefined();
    return line.split(';')[0] as string;
  }

  it('signs in, sets an HTTP-only cookie, and knows who is asking', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Owner@Example.org', password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = String([login.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const { csrfToken, user } = login.json();
    expect(user).toMatchObject({ email: 'owner@example.org', role: 'owner' });
    const cookie = cookieOf(login);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(csrfToken);

    const dash = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: { cookie } });
    expect(dash.statusCode).toBe(200);
    expect(dash.json().organisation.name).toBe('Test ETS');

    // An unsafe method with the cookie but without the CSRF token is refused and changes nothing.
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie },
      payload: { slug: 'p', name: 'P' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('AUTH_CSRF_FAILED');
    expect(await t.ctx.projects.list()).toEqual([]);

    const withCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { slug: 'p', name: 'P' },
    });
    expect(withCsrf.statusCode).toBe(201);

    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a wrong password and an unknown e-mail the same way', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'owner@example.org', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@example.org', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('rate-limits sign-in attempts', async () => {
    let last = 0;
    let code = '';
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'owner@example.org', password: `guess-${i}` },
      });
      last = res.statusCode;
      code = res.json().code;
    }
    expect(last).toBe(429);
    expect(code).toBe('AUTH_RATE_LIMITED');
  });

  it('guarantees the bootstrap API key, and rotating it revokes the old value', async () => {
    const first = 'bootstrap-key-0123456789-abcdef';
    await t.ctx.identity.ensureBootstrapApiKey(first);
    await t.ctx.identity.ensureBootstrapApiKey(first);
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${first}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.filter((k: { id: string }) => k.id === 'key_bootstrap')).toHaveLength(1);
    await t.ctx.identity.ensureBootstrapApiKey('bootstrap-key-rotated-000000000');
    const old = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${first}` },
    });
    expect(old.statusCode).toBe(401);
  });

  it('creates and revokes API keys; a revoked key stops working', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${t.keys.owner}` },
      payload: { name: 'CRM sync', role: 'fundraiser' },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^filo_/);
    const use = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(use.statusCode).toBe(200);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${apiKey.id}`,
      headers: { authorization: `Bearer ${t.keys.owner}` },
    });
    expect(revoke.statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(again.statusCode).toBe(401);
  });

  it('serves the OpenAPI document with every API route, and the docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of t.app.routeTable) {
      const p = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[p]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('reports health of the database and the queue', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      database: { ok: true, engine: 'sqlite' },
      queue: { ok: true },
    });
  });
});
