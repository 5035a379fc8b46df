import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

// Bad input gets a 4xx with a stable code and writes nothing.
describe.each(['sqlite', 'postgres'] as const)('bad input on %s', (engine) => {
  let t: TestApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine, { config: { bodyLimitBytes: 4096 } });
    auth = { authorization: `Bearer ${t.keys.owner}` };
  });
  afterAll(async () => {
    await t.dispose();
  });

  const count = () => t.ctx.contacts.count();

  it('rejects malformed JSON with INVALID_JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"email": "a@b.it",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_JSON', statusCode: 400 });
    expect(res.json().requestId).toBeTruthy();
    expect(await count()).toBe(0);
  });

  it('rejects wrong types with VALIDATION_FAILED and does not coerce them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: auth,
      payload: { slug: 'x', name: 'X', goalMinor: '5000', currency: 'EUR' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details[0].path).toBe('/goalMinor');
    expect(await t.ctx.campaigns.list()).toEqual([]);
  });

  it('rejects a float amount (money is integer minor units)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: auth,
      payload: { slug: 'x', name: 'X', goalMinor: 10.5, currency: 'EUR' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('rejects unknown fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: auth,
      payload: { email: 'a@example.org', isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(await count()).toBe(0);
  });

  it('rejects oversize bodies with PAYLOAD_TOO_LARGE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.org', displayName: 'x'.repeat(10_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count()).toBe(0);
  });

  it('rejects an unsupported content type with UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...auth, 'content-type': 'text/xml' },
      payload: '<contact/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('writes nothing when one consent of several is invalid (all or nothing)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: auth,
      payload: {
        phone: '+393401234567',
        consents: [
          {
            channel: 'whatsapp',
            purpose: 'service',
            granted: true,
            source: 'form',
            wordingVersion: 'v1',
            wording: 'ok',
          },
          {
            channel: 'whatsapp',
            purpose: 'service',
            granted: true,
            source: 'form',
            wordingVersion: 'v1',
            wording: '   ',
          },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CONSENT_INVALID');
    expect(await count()).toBe(0);
    const consents = await t.ctx.store.db.selectFrom('consents').select('id').execute();
    expect(consents).toEqual([]);
  });

  it('creates a valid supporter with consents', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: auth,
      payload: {
        displayName: 'Chiara Neri',
        phone: '+39 340 123 4567',
        language: 'it',
        consents: [
          {
            channel: 'whatsapp',
            purpose: 'fundraising',
            granted: true,
            source: 'form',
            wordingVersion: 'v1',
            wording: 'Sì, scrivetemi',
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      phone: '+393401234567',
      consents: [{ channel: 'whatsapp', status: 'granted' }],
    });
    expect(await count()).toBe(1);
    expect(await t.ctx.contacts.countOptedIn('whatsapp')).toBe(1);
  });

  it('answers unknown routes with ROUTE_NOT_FOUND', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('GDPR erasure of a supporter', () => {
  it('removes personal data and consents; only the owner may do it', async () => {
    const t = await createTestApp('sqlite');
    try {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: { authorization: `Bearer ${t.keys.owner}` },
        payload: {
          displayName: 'Mario Verdi',
          email: 'mario@example.org',
          consents: [
            {
              channel: 'email',
              purpose: 'news',
              granted: true,
              source: 'form',
              wordingVersion: 'v1',
              wording: 'Newsletter',
            },
          ],
        },
      });
      const id = created.json().id as string;
      const byFundraiser = await t.app.inject({
        method: 'POST',
        url: `/api/v1/contacts/${id}/erase`,
        headers: { authorization: `Bearer ${t.keys.fundraiser}` },
      });
      expect(byFundraiser.statusCode).toBe(403);
      const erased = await t.app.inject({
        method: 'POST',
        url: `/api/v1/contacts/${id}/erase`,
        headers: { authorization: `Bearer ${t.keys.owner}` },
      });
      expect(erased.statusCode).toBe(204);
      const row = await t.ctx.store.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ display_name: null, email: null, phone: null });
      expect(row.erased_at).not.toBeNull();
      expect(
        await t.ctx.store.db.selectFrom('consents').selectAll().where('contact_id', '=', id).execute(),
      ).toEqual([]);
      const after = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contacts/${id}`,
        headers: { authorization: `Bearer ${t.keys.owner}` },
      });
      expect(after.statusCode).toBe(404);
    } finally {
      await t.dispose();
    }
  });
});
