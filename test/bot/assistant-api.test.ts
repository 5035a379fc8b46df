import { afterEach, describe, expect, it } from 'vitest';
import { botModule, BotService } from '../../src/bot';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

describe.each(ENGINES)('assistant API on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });
  const bearer = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${(t as TestApp).keys[role]}` });

  it('understands a message, checks access, keeps organisation examples and the saved model', async () => {
    t = await createTestApp(engine, { modules: [botModule] });
    const understand = (text: string | number, role: keyof TestApp['keys'] = 'agent', language?: string) =>
      (t as TestApp).app.inject({
        method: 'POST',
        url: '/api/v1/assistant/understand',
        headers: bearer(role),
        payload: { text, language },
      });

    const ok = await understand('vorrei donare dieci euro 🙂');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      language: 'it',
      intent: 'donate',
      entities: [{ type: 'money', value: 1000, currency: 'EUR' }],
    });

    expect((await understand('hi', 'auditor')).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/assistant/understand', payload: { text: 'x' } }))
        .statusCode,
    ).toBe(401);

    for (const text of [
      '',
      '🙏🙏',
      'x'.repeat(10_000),
      '\u0000\u0001\u0002\u0003',
      'Я хочу сделать пожертвование',
    ]) {
      const r = await understand(text);
      expect(r.statusCode).toBe(200);
      expect(r.json().intent).toBe('none');
    }
    expect((await understand(42)).json().code).toBe('VALIDATION_FAILED');

    // Organisation examples: agents may not add, fundraisers may; duplicates are refused.
    const add = (role: keyof TestApp['keys'], payload: Record<string, unknown>) =>
      (t as TestApp).app.inject({
        method: 'POST',
        url: '/api/v1/assistant/examples',
        headers: bearer(role),
        payload,
      });
    const example = { language: 'it', intent: 'event_signup', text: 'mi segno alla staffetta di primavera' };
    expect((await add('agent', example)).statusCode).toBe(403);
    const created = await add('fundraiser', example);
    expect(created.statusCode).toBe(201);
    expect(
      (await add('fundraiser', { ...example, text: '  mi segno alla   staffetta di primavera ' })).json()
        .code,
    ).toBe('BOT_EXAMPLE_DUPLICATE');
    expect((await add('fundraiser', { ...example, text: '1234' })).json().code).toBe('BOT_EXAMPLE_INVALID');
    expect((await add('fundraiser', { ...example, intent: 'nonsense' })).statusCode).toBe(400);

    const trained = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assistant/train',
      headers: bearer('owner'),
    });
    expect(trained.statusCode).toBe(200);
    expect(trained.json()).toMatchObject({ organisationExamples: 1, loaded: false });
    expect(trained.json().trainingMs).toBeLessThan(10_000);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/assistant/examples',
      headers: bearer('agent'),
    });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().model.hash).toBe(trained.json().hash);

    // A new process with the same examples loads the saved model instead of training.
    const again = new BotService(t.t.store.db);
    const report = await again.start();
    expect(report).toMatchObject({ loaded: true, hash: trained.json().hash });
    expect(again.understand('grazie mille!').intent).toBe('thanks');

    // Removing the example changes the hash: the next start trains again.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/assistant/examples/${created.json().id}`,
      headers: bearer('fundraiser'),
    });
    expect(del.statusCode).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/assistant/examples/${created.json().id}`,
          headers: bearer('fundraiser'),
        })
      ).json().code,
    ).toBe('BOT_EXAMPLE_NOT_FOUND');
    const third = new BotService(t.t.store.db);
    const retrained = await third.start();
    expect(retrained.loaded).toBe(false);
    // A worker that loaded the earlier model picks up the one trained elsewhere, once.
    expect(await again.refresh()).toBe(true);
    expect(await again.refresh()).toBe(false);
    expect((await again.start()).hash).toBe(retrained.hash);
  }, 60_000);
});
