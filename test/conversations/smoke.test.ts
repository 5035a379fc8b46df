import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  type ConversationsTestApp,
  SLOW_MACHINE_TIMEOUTS,
} from './support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

describe.each(ENGINES)('conversation round trip through the sandbox (%s)', (engine) => {
  let t: ConversationsTestApp;
  beforeAll(async () => {
    t = await createConversationsApp(engine);
    await t.startWorkers();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('a supporter writes, an agent answers, ticks arrive', async () => {
    await t.sandbox.phoneSend({ waId: '393331234567', name: 'Giulia', text: 'Ciao! Come posso donare?' });
    const auth = { authorization: `Bearer ${t.keys.agent}` };
    const list = await eventually(
      async () =>
        (await t.app.inject({ method: 'GET', url: '/api/v1/inbox/conversations', headers: auth })).json<{
          items: { id: string; unreadCount: number; contactName: string }[];
        }>(),
      (body) => body.items.length === 1,
    );
    const conversation = list.items[0]!;
    expect(conversation.unreadCount).toBe(1);
    expect(conversation.contactName).toBe('Giulia');
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversation.id}/messages`,
      headers: auth,
      payload: { text: 'Ciao Giulia, ecco il link.' },
    });
    expect(sent.statusCode, sent.body).toBe(202);
    await eventually(
      async () => t.sandbox.phoneThread('393331234567').messages,
      (m) => m.some((x) => x.direction === 'out' && x.text === 'Ciao Giulia, ecco il link.'),
    );
    await t.sandbox.phoneRead('393331234567');
    const thread = await eventually(
      async () =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/inbox/conversations/${conversation.id}`,
            headers: auth,
          })
        ).json<{ messages: { direction: string; status: string }[] }>(),
      (body) => body.messages.some((m) => m.direction === 'out' && m.status === 'read'),
    );
    expect(thread.messages).toHaveLength(2);
  });
});
