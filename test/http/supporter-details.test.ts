import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// Staff correct a supporter's details and record the channel they want to hear from us on: only the
// fields sent change, the rules of creation hold, an address another supporter has is refused, and a
// refused change leaves the supporter exactly as they were.

describe.each(ENGINES)('changing a supporter’s details on %s', (engine) => {
  let t: TestApp;
  const bearer = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });
  const create = async (payload: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: bearer('fundraiser'),
      payload,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; preferredChannel: string | null }>();
  };
  const patch = (id: string, payload: unknown, role: keyof TestApp['keys'] = 'fundraiser') =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      headers: bearer(role),
      payload: payload as object,
    });
  const read = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: bearer('agent') })).json();

  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.dispose());

  it('changes only the fields given, normalised, and keeps the preferred channel', async () => {
    const { id, preferredChannel } = await create({ displayName: 'Paolo Bassi', email: 'paolo@example.org' });
    expect(preferredChannel).toBeNull();
    const res = await patch(id, {
      phone: '+39 333 111 2233',
      email: 'Paolo.Bassi@Example.org',
      preferredChannel: 'whatsapp',
      language: 'en',
      timeZone: 'Europe/London',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      displayName: 'Paolo Bassi',
      email: 'paolo.bassi@example.org',
      phone: '+393331112233',
      language: 'en',
      timeZone: 'Europe/London',
      preferredChannel: 'whatsapp',
    });
    expect(await read(id)).toMatchObject({ preferredChannel: 'whatsapp', phone: '+393331112233' });
    // null clears: the name goes, the rest stays.
    const cleared = await patch(id, { displayName: null });
    expect(cleared.json()).toMatchObject({ displayName: null, email: 'paolo.bassi@example.org' });
  });

  it('drops the preference with the address it needs, and refuses a channel without its address', async () => {
    const { id } = await create({
      email: 'marco@example.org',
      phone: '+393330000001',
      preferredChannel: 'whatsapp',
    });
    const removed = await patch(id, { phone: null });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ phone: null, preferredChannel: null });
    const refused = await patch(id, { preferredChannel: 'whatsapp' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('CONTACT_INVALID');
    // Neither address left: refused, nothing changed.
    const empty = await patch(id, { email: null });
    expect(empty.statusCode).toBe(400);
    expect(await read(id)).toMatchObject({ email: 'marco@example.org', phone: null, preferredChannel: null });
  });

  it('refuses an e-mail address or phone number another supporter has, changing nothing', async () => {
    await create({ email: 'taken@example.org', phone: '+393330000002' });
    const { id } = await create({ displayName: 'Lia', email: 'lia@example.org' });
    for (const body of [
      { email: 'TAKEN@example.org', displayName: 'Lia Moro' },
      { phone: '+39 333 000 0002', displayName: 'Lia Moro' },
    ]) {
      const res = await patch(id, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('CONTACT_CONFLICT');
    }
    expect(await read(id)).toMatchObject({ displayName: 'Lia', email: 'lia@example.org', phone: null });
  });

  it('cuts a payer’s overlong name rather than refusing the supporter (a gift must not fail on it)', async () => {
    const long = await t.ctx.contacts.create({
      displayName: `  ${'Ä'.repeat(250)}  `,
      email: 'long@example.org',
    });
    expect(long.displayName).toBe('Ä'.repeat(200));
  });

  it('checks who is asking and what is sent', async () => {
    const { id } = await create({ email: 'guarded@example.org' });
    expect((await patch(id, { displayName: 'X' }, 'agent')).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { displayName: 'X' },
    });
    expect(anonymous.statusCode).toBe(401);
    for (const body of [
      {},
      { role: 'owner' },
      { preferredChannel: 'sms' },
      { country: 'Italy' },
      { language: 'xx' },
    ]) {
      const res = await patch(id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await patch(id, { timeZone: 'Mars/Olympus' })).json().code).toBe('CONTACT_INVALID');
    expect((await patch('con_missing', { displayName: 'X' })).statusCode).toBe(404);
    expect(await read(id)).toMatchObject({ displayName: null, email: 'guarded@example.org', language: 'it' });
    // An erased supporter cannot be written back.
    await t.app.inject({ method: 'POST', url: `/api/v1/contacts/${id}/erase`, headers: bearer('owner') });
    expect((await patch(id, { email: 'back@example.org' })).statusCode).toBe(404);
  });
});
