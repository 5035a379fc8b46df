import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/http';
import { createTestApp, type TestApp } from '../support/app';

// Logs carry request ids, and never secrets or personal data: not passwords, e-mail addresses,
// API keys, session cookies, CSRF tokens or query strings (which may hold webhook tokens).
describe('logging', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino(loggerOptions('trace') as pino.LoggerOptions, sink);
    t = await createTestApp('sqlite', { logger });
    await t.ctx.identity.createUser({
      email: 'secret.person@example.org',
      name: 'Secret Person',
      role: 'owner',
      password: 'hunter2-but-longer',
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('keeps secrets and personal data out of the logs', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login?hub.verify_token=query-secret-123',
      payload: { email: 'secret.person@example.org', password: 'hunter2-but-longer' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const csrf = login.json().csrfToken as string;
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${t.keys.owner}` },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: {
        email: 'donor.private@example.org',
        phone: '+393331234567',
        displayName: 'Donatella Privata',
      },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'secret.person@example.org', password: 'wrong-password-xyz' },
    });

    const all = lines.join('');
    expect(all).toContain('"reqId"');
    for (const secret of [
      'hunter2-but-longer',
      'wrong-password-xyz',
      'secret.person@example.org',
      'donor.private@example.org',
      '+393331234567',
      'Donatella',
      'query-secret-123',
      t.keys.owner,
      cookie.split('=')[1]!,
      csrf,
    ]) {
      expect(all, `log leaks ${secret.slice(0, 6)}…`).not.toContain(secret);
    }
  });
});
