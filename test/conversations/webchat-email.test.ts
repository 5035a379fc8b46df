import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createSmtpTransport, createWebchatEmailModule, signEmailWebhook } from '../../src/channels';
import { ContactsService } from '../../src/contacts';
import {
  createConversationsModule,
  type ConversationsApi,
  type AssistantInboundMessage,
  type ConversationAssistant,
} from '../../src/conversations';
import type { ModuleFactory } from '../../src/runtime/modules';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';
import { eventually, SLOW_MACHINE_TIMEOUTS } from './support';

// Web chat and e-mail in the same conversation model as WhatsApp, on both engines, with the real
// modules wired together: a visitor writes over the widget's WebSocket, the message is a conversation
// in the inbox, the assistant answers on the socket and so does an agent; an inbound e-mail through
// the signed webhook becomes a conversation with the supporter who has that address, and the agent's
// reply reaches a real SMTP server (smtp-server on loopback) as a service mail, without List-Unsubscribe.
// Duplicates — a resent chat frame, a redelivered e-mail — are stored once.

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

const ORIGIN = 'https://www.example-ets.org';
const WEBHOOK_SECRET = 'email-webhook-secret-for-tests';
const fixture = (name: string) =>
  readFileSync(new URL(`../channels-email/fixtures/${name}`, import.meta.url));

interface Received {
  readonly to: string[];
  readonly data: string;
}

type Frame = Record<string, unknown> & { type: string };

interface Summary {
  id: string;
  contactId: string;
  channel: string;
  mode: string;
  windowOpen: boolean;
}
interface Thread {
  messages: { direction: string; author: string; status: string; content: unknown }[];
}

describe.each(ENGINES)('web chat and e-mail conversations (%s)', (engine) => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: Received[] = [];
  const asked: AssistantInboundMessage[] = [];
  let wsUrl: string;
  let org: string;

  // The assistant answers a web chat visitor and hands an e-mail over to a person.
  const assistant: ConversationAssistant = {
    async handleInbound(message) {
      asked.push(message);
      if (message.channel === 'webchat')
        return { kind: 'reply', messages: [{ type: 'text', body: `Assistente: ${message.text ?? ''}` }] };
      return { kind: 'handoff', reason: 'email_question' };
    },
  };
  const bot: ModuleFactory = () => ({ name: 'bot', service: assistant });

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp(engine, {
      modules: [
        createConversationsModule(),
        createWebchatEmailModule({
          env: {
            FILO_EMAIL_FROM: 'Filo ETS <hello@filo.example.org>',
            FILO_EMAIL_WEBHOOK_SECRET: WEBHOOK_SECRET,
            FILO_EMAIL_UNSUBSCRIBE_SECRET: 'email-unsubscribe-secret-for-tests',
            FILO_EMAIL_UNSUBSCRIBE_MAILTO: 'unsubscribe@filo.example.org',
            FILO_WEBCHAT_ORIGINS: ORIGIN,
            FILO_WEBCHAT_SECRET: 'webchat-secret-for-tests-0123456789',
          },
          emailTransport: createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`, {
            ignoreTls: true,
            timeoutMs: 5_000,
          }),
        }),
        bot,
      ],
    });
    await t.startWorkers();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    wsUrl = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/webchat/ws`;
    org = (await t.ctx.organisation.get()).id;
  });
  afterAll(async () => {
    await t.dispose();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const auth = () => ({ authorization: `Bearer ${t.keys.agent}` });
  const conversations = async (): Promise<Summary[]> =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/inbox/conversations', headers: auth() })).json<{
      items: Summary[];
    }>().items;
  const thread = async (id: string): Promise<Thread> =>
    (
      await t.app.inject({ method: 'GET', url: `/api/v1/inbox/conversations/${id}`, headers: auth() })
    ).json<Thread>();

  function visitor(): Promise<{
    ws: WebSocket;
    frames: Frame[];
    next: (type: string, where?: (f: Frame) => boolean) => Promise<Frame>;
  }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { origin: ORIGIN });
      const frames: Frame[] = [];
      ws.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString('utf8')) as Frame));
      const next = (type: string, where: (f: Frame) => boolean = () => true) =>
        eventually(
          async () => frames.find((f) => f.type === type && where(f)),
          (f) => f !== undefined,
          20_000,
        ) as Promise<Frame>;
      ws.once('open', () => resolve({ ws, frames, next }));
      ws.once('error', reject);
    });
  }

  it('a web chat visitor writes, the assistant answers on the socket, then an agent does', async () => {
    const v = await visitor();
    v.ws.send(JSON.stringify({ type: 'hello', token: null, org, language: 'it' }));
    const welcome = await v.next('welcome');
    v.ws.send(JSON.stringify({ type: 'message', id: 'c-1', text: 'Come posso donare?' }));
    const ack = await v.next('ack', (f) => f.id === 'c-1');
    // The widget resends (its ack was lost): still one message.
    v.ws.send(JSON.stringify({ type: 'message', id: 'c-1', text: 'Come posso donare?' }));
    await v.next('ack', (f) => f.id === 'c-1' && f.duplicate === true);

    const answer = await v.next('reply');
    expect(answer.content).toMatchObject({ text: 'Assistente: Come posso donare?' });
    const seen = asked.filter((m) => m.channel === 'webchat');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ channel: 'webchat', text: 'Come posso donare?', language: 'it' });

    const list = await eventually(conversations, (items) => items.some((c) => c.channel === 'webchat'));
    const conversation = list.find((c) => c.channel === 'webchat') as Summary;
    expect(conversation.windowOpen).toBe(true);
    // An anonymous visitor is a supporter of their own, with the session as their web chat identity.
    const identity = await t.t.store.db
      .selectFrom('channel_identities')
      .select(['key', 'contact_id'])
      .where('channel', '=', 'webchat')
      .executeTakeFirstOrThrow();
    expect(identity).toEqual({ key: welcome.session, contact_id: conversation.contactId });

    // The agent opens the conversation and starts typing: the visitor sees their message read, and "typing…".
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversation.id}/read?typing=true`,
      headers: auth(),
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(await v.next('status')).toMatchObject({ status: 'read', upTo: 'c-1' });
    await v.next('typing');
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversation.id}/messages`,
      headers: auth(),
      payload: { text: 'Sono Marta, ti scrivo io.' },
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const fromAgent = await v.next(
      'reply',
      (f) => (f.content as { text?: string }).text === 'Sono Marta, ti scrivo io.',
    );
    expect(fromAgent.type).toBe('reply');

    const messages = (await thread(conversation.id)).messages;
    expect(messages.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(messages.filter((m) => m.direction === 'out').map((m) => m.author)).toEqual([
      'assistant',
      expect.stringMatching(/^user:/),
    ]);
    expect(ack.messageId).toEqual(expect.any(String));

    // The browser's receipts come back as delivery statuses on the agent's message.
    v.ws.send(JSON.stringify({ type: 'read', ids: [fromAgent.id] }));
    await eventually(
      async () => (await thread(conversation.id)).messages,
      (m) => m.some((x) => x.author.startsWith('user:') && x.status === 'read'),
    );
    v.ws.close();
  });

  it('a visitor who leaves their e-mail in the chat is the supporter with that address, chat so far included', async () => {
    const marco = await new ContactsService(t.t.store).create({
      email: 'marco@example.it',
      displayName: 'Marco',
      language: 'it',
    });
    const v = await visitor();
    v.ws.send(JSON.stringify({ type: 'hello', token: null, org, language: 'it' }));
    const welcome = await v.next('welcome');
    v.ws.send(JSON.stringify({ type: 'message', id: 'm-1', text: 'Buongiorno' }));
    await v.next('reply', (f) => (f.content as { text?: string }).text === 'Assistente: Buongiorno');
    v.ws.send(
      JSON.stringify({
        type: 'email',
        address: 'Marco@Example.it',
        consent: true,
        wordingVersion: 'webchat-email-v1',
      }),
    );
    await v.next('email_saved');
    v.ws.send(JSON.stringify({ type: 'message', id: 'm-2', text: 'Sono Marco' }));
    await v.next('reply', (f) => (f.content as { text?: string }).text === 'Assistente: Sono Marco');
    const identity = await t.t.store.db
      .selectFrom('channel_identities')
      .select('contact_id')
      .where('channel', '=', 'webchat')
      .where('key', '=', welcome.session as string)
      .executeTakeFirstOrThrow();
    expect(identity.contact_id).toBe(marco.id);
    const mine = (await conversations()).filter((c) => c.contactId === marco.id);
    expect(mine.map((c) => c.channel)).toEqual(['webchat']);
    const messages = (await thread((mine[0] as Summary).id)).messages;
    expect(messages.filter((m) => m.direction === 'in')).toHaveLength(2);
    expect(messages.filter((m) => m.direction === 'out')).toHaveLength(2);
    v.ws.close();
  });

  it('an inbound e-mail is a conversation with the supporter of that address; the agent reply is a service mail', async () => {
    const anna = await new ContactsService(t.t.store).create({
      email: 'anna.rossi@example.it',
      displayName: 'Anna Rossi',
      language: 'it',
    });
    const body = fixture('reply-gmail.eml');
    const headers = {
      'content-type': 'message/rfc822',
      'x-filo-email-signature': signEmailWebhook(WEBHOOK_SECRET, body),
    };
    const first = await t.app.inject({
      method: 'POST',
      url: '/webhooks/email/inbound',
      payload: body,
      headers,
    });
    const again = await t.app.inject({
      method: 'POST',
      url: '/webhooks/email/inbound',
      payload: body,
      headers,
    });
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);

    const list = await eventually(conversations, (items) =>
      items.some((c) => c.channel === 'email' && c.mode === 'agent'),
    );
    const conversation = list.find((c) => c.channel === 'email') as Summary;
    expect(conversation.contactId).toBe(anna.id);
    expect(asked.filter((m) => m.channel === 'email')).toHaveLength(1);

    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversation.id}/messages`,
      headers: auth(),
      payload: { text: 'Certo, ecco l’IBAN.' },
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const mail = await eventually(
      async () => received.find((r) => r.to.includes('anna.rossi@example.it')),
      (r) => r !== undefined,
    );
    expect(mail?.data).toContain('Certo, ecco l');
    expect(mail?.data).toContain('In-Reply-To: <CAF1x7ZQ2k9@mail.example.it>');
    expect(mail?.data).toContain('Subject: Re: Test ETS');
    // A reply the supporter asked for is transactional: no unsubscribe header, no unsubscribe footer.
    expect(mail?.data).not.toMatch(/List-Unsubscribe/i);

    const messages = (await thread(conversation.id)).messages;
    expect(messages.filter((m) => m.direction === 'in')).toHaveLength(1);
    const out = await eventually(
      async () => (await thread(conversation.id)).messages.filter((m) => m.direction === 'out'),
      (m) => m.length === 1 && m[0]?.status === 'accepted',
    );
    expect(out).toHaveLength(1);
    // Stored once: the second post was the same delivery.
    const deliveries = await t.t.store.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('channel', '=', 'email')
      .execute();
    expect(deliveries).toHaveLength(1);
    expect(received.filter((r) => r.to.includes('anna.rossi@example.it'))).toHaveLength(1);
  });

  it('news by e-mail needs consent for e-mail and carries the unsubscribe header', async () => {
    const api = t.modules.find((m) => m.name === 'conversations')?.service as ConversationsApi;
    const contacts = new ContactsService(t.t.store);
    const anna = await contacts.findByEmail('anna.rossi@example.it');
    expect(anna).not.toBeNull();
    const id = (anna as { id: string }).id;
    await expect(
      api.sendToContact(id, { text: 'La nostra newsletter' }, { purpose: 'news', channel: 'email' }),
    ).rejects.toMatchObject({ code: 'CONVERSATION_CONSENT_MISSING' });
    await contacts.recordConsent(id, {
      channel: 'email',
      purpose: 'news',
      granted: true,
      source: 'test',
      wordingVersion: 'test-v1',
      wording: 'Yes, send me news by e-mail.',
    });
    await api.sendToContact(id, { text: 'La nostra newsletter' }, { purpose: 'news', channel: 'email' });
    const mail = await eventually(
      async () => received.find((r) => r.data.includes('La nostra newsletter')),
      (r) => r !== undefined,
    );
    // (Folded onto the next line by the composer.)
    expect(mail?.data).toMatch(/^List-Unsubscribe:\s+<mailto:unsubscribe@filo\.example\.org/m);
    expect(mail?.data).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('mail from someone new makes a supporter with that address', async () => {
    const body = fixture('question-latin1.eml');
    const response = await t.app.inject({
      method: 'POST',
      url: '/webhooks/email/inbound',
      payload: body,
      headers: {
        'content-type': 'message/rfc822',
        'x-filo-email-signature': signEmailWebhook(WEBHOOK_SECRET, body),
      },
    });
    expect(response.statusCode).toBe(200);
    const identity = await eventually(
      async () =>
        t.t.store.db
          .selectFrom('channel_identities')
          .innerJoin('contacts', 'contacts.id', 'channel_identities.contact_id')
          .select(['contacts.email as email', 'channel_identities.contact_id as contactId'])
          .where('channel_identities.channel', '=', 'email')
          .where('channel_identities.key', '=', 'hans@example.de')
          .executeTakeFirst(),
      (row) => row !== undefined,
    );
    expect(identity?.email).toBe('hans@example.de');
    const mine = (await conversations()).filter((c) => c.contactId === identity?.contactId);
    expect(mine.map((c) => c.channel)).toEqual(['email']);
    const inbound = (await thread((mine[0] as Summary).id)).messages.filter((m) => m.direction === 'in');
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.content).toMatchObject({
      content: { kind: 'text', body: expect.stringContaining('Zuwendungsbestätigung') },
    });
  });

  it('refuses a forged hand-off: the conversations sink checks the signature itself', async () => {
    const service = t.modules.find((m) => m.name === 'conversations')?.service as {
      acceptInbound: (c: 'email', raw: Buffer, h: Record<string, string>) => Promise<void>;
    };
    const body = fixture('question-latin1.eml');
    await expect(
      service.acceptInbound('email', body, {
        'x-filo-email-signature': signEmailWebhook('wrong-secret-xxxxxxxx', body),
      }),
    ).rejects.toMatchObject({ code: 'CHANNEL_SIGNATURE_INVALID' });
  });
});
