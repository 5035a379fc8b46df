import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebchatEmailModule, type InboundSink, type WebchatEmailService } from '../../src/channels';
import type { ModuleFactory } from '../../src/runtime/modules';
import { systemClock } from '../../src/core';
import { WebchatGateway } from '../../src/channels/webchat/gateway';
import type { InboundHandoff } from '../../src/channels/webchat/inbound-handoff';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The widget's WebSocket against the real server on a loopback port, on both engines: sessions that
// survive a reload, messages stored once per client id however often they are resent, replies kept
// until the browser confirms them and replayed after a reconnect, and every kind of bad input — unknown
// origin, bad token, malformed or oversized frames, too long, too many — refused without a half write.

const ORIGIN = 'https://www.example-ets.org';
const SECRET = 'webchat-secret-for-tests-0123456789';

type Frame = Record<string, unknown> & { type: string };

class Client {
  readonly frames: Frame[] = [];
  readonly #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  closed: { code: number; reason: string } | null = null;
  #onClose: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as Frame;
      this.frames.push(frame);
      for (const w of [...this.#waiters]) {
        if (w.match(frame)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const f of this.#onClose) f();
    });
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  next(type: string, where: (f: Frame) => boolean = () => true, timeoutMs = 3_000): Promise<Frame> {
    const found = this.frames.find((f) => f.type === type && where(f));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${type} frame; got ${JSON.stringify(this.frames)}`)),
        timeoutMs,
      );
      this.#waiters.push({
        match: (f) => f.type === type && where(f),
        resolve: (f) => (clearTimeout(timer), resolve(f)),
      });
    });
  }

  waitClose(timeoutMs = 3_000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not closed')), timeoutMs);
      this.#onClose.push(
        () => (clearTimeout(timer), resolve(this.closed as { code: number; reason: string })),
      );
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = this.waitClose().then(() => undefined);
    this.ws.close();
    return done;
  }
}

describe.each(ENGINES)('web chat over a real WebSocket (%s)', (engine) => {
  let t: TestApp;
  let service: WebchatEmailService;
  let url: string;
  let org: string;
  const handedOff: { channel: string; raw: string; headers: Record<string, string> }[] = [];
  let sinkFails = false;
  let sinkCalls = 0;
  // Stands in for conversations' side of the hand-off.
  const fakeConversations: ModuleFactory = () => ({
    name: 'conversations',
    service: {
      async acceptInbound(channel, rawBody, headers) {
        sinkCalls++;
        if (sinkFails) throw new Error('conversations is down');
        handedOff.push({ channel, raw: rawBody.toString('utf8'), headers: { ...headers } });
      },
    } satisfies InboundSink,
  });

  beforeAll(async () => {
    t = await createTestApp(engine, {
      modules: [
        fakeConversations,
        createWebchatEmailModule({
          env: {
            FILO_WEBCHAT_ORIGINS: `${ORIGIN}, http://localhost:3000`,
            FILO_WEBCHAT_SECRET: SECRET,
            FILO_WEBCHAT_MAX_FRAME_BYTES: '16384',
          },
          gatewayLimits: { burst: 5, messagesPerMinute: 6 },
        }),
      ],
    });
    service = t.modules.find((m) => m.name === 'webchat-email')?.service as WebchatEmailService;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/webchat/ws`;
    org = (await t.ctx.organisation.get()).id;
  });
  afterAll(async () => t.dispose());

  function connect(origin: string | null = ORIGIN): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, origin === null ? {} : { origin });
      const client = new Client(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error('refused'), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  async function session(
    token: string | null = null,
    language = 'it',
  ): Promise<{ client: Client; welcome: Frame }> {
    const client = await connect();
    client.send({ type: 'hello', token, org, language });
    return { client, welcome: await client.next('welcome') };
  }

  const count = async (table: 'webchat_inbound' | 'channel_inbound_pending' | 'webchat_sessions') =>
    Number(
      (
        await t.t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses an unknown or missing origin before the upgrade', async () => {
    await expect(connect('https://evil.example')).rejects.toMatchObject({ status: 403 });
    await expect(connect(null)).rejects.toMatchObject({ status: 403 });
  });

  it('stores a message once however often the widget resends it, and hands a signed envelope to conversations', async () => {
    const { client, welcome } = await session();
    expect(welcome).toMatchObject({
      session: expect.stringMatching(/^wcs_/),
      token: expect.stringMatching(/^wct1\./),
      language: 'it',
    });
    client.send({ type: 'message', id: 'c-1', text: 'Ciao! Come posso donare?' });
    const ack = await client.next('ack', (f) => f.id === 'c-1');
    expect(ack).toMatchObject({ duplicate: false, messageId: expect.stringMatching(/^wcm_/) });
    // A resend (say, the ack was lost with the connection) is the same message.
    client.send({ type: 'message', id: 'c-1', text: 'Ciao! Come posso donare?' });
    const again = await client.next('ack', (f) => f.id === 'c-1' && f.duplicate === true);
    expect(again.messageId).toBe(ack.messageId);
    const rows = await t.t.store.db
      .selectFrom('webchat_inbound')
      .selectAll()
      .where('session_id', '=', welcome.session as string)
      .execute();
    expect(rows).toHaveLength(1);
    const mine = handedOff.filter((h) => h.raw.includes(ack.messageId as string));
    expect(mine).toHaveLength(1);
    const delivery = mine[0] as (typeof handedOff)[number];
    const provider = service.webchat!;
    expect(provider.verifySignature(Buffer.from(delivery.raw), delivery.headers)).toEqual({ ok: true });
    expect(provider.parseInbound(Buffer.from(delivery.raw))).toMatchObject({
      ok: true,
      events: [
        {
          type: 'message',
          channel: 'webchat',
          id: ack.messageId,
          from: { key: welcome.session },
          content: { kind: 'text', body: 'Ciao! Come posso donare?' },
        },
      ],
    });
    await client.close();
  });

  it('pushes at once a reply stored by another thread’s gateway (FILO_WORKER_THREAD), not at the 2-second poll', async () => {
    const { client, welcome } = await session();
    const sessionId = welcome.session as string;
    // The worker thread's gateway: another gateway on the same database, with no visitors of its own.
    const elsewhere = new WebchatGateway({
      store: t.t.store,
      clock: systemClock,
      tokenSecret: SECRET,
      envelope: (e) => Buffer.from(JSON.stringify(e)),
      handoff: {} as InboundHandoff,
      contacts: t.ctx.contacts,
      organisationId: async () => org,
    });
    try {
      const started = Date.now();
      const result = await elsewhere.deliver(
        sessionId,
        { kind: 'text', text: 'Grazie per il tuo messaggio!' },
        null,
      );
      expect(result.ok).toBe(true);
      const reply = await client.next('reply');
      expect(reply).toMatchObject({ content: { kind: 'text', text: 'Grazie per il tuo messaggio!' } });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      elsewhere.closeAll();
      await client.close();
    }
  });

  it('continues the session after a reload, replays unconfirmed replies once, and reports delivered and read', async () => {
    const { client, welcome } = await session();
    const sessionId = welcome.session as string;
    await client.close();
    // The organisation answers while the visitor is away.
    const sent = await service.webchat!.send({
      type: 'buttons',
      to: sessionId,
      body: 'Quanto vuoi donare?',
      buttons: [
        { id: 'give-5', title: '€5' },
        { id: 'give-10', title: '€10' },
      ],
    });
    expect(sent).toMatchObject({
      ok: true,
      providerMessageId: expect.stringMatching(/^wco_/),
      recipientKey: sessionId,
    });
    const replyId = (sent.ok ? sent.providerMessageId : null) ?? '';

    const reload = await session(welcome.token as string);
    expect(reload.welcome.session).toBe(sessionId);
    const reply = await reload.client.next('reply');
    expect(reply).toMatchObject({
      id: replyId,
      seq: 1,
      content: {
        kind: 'buttons',
        text: 'Quanto vuoi donare?',
        chips: [
          { id: 'give-5', title: '€5', description: null },
          { id: 'give-10', title: '€10', description: null },
        ],
      },
    });
    // Not confirmed yet: a second reload gets it again.
    await reload.client.close();
    const second = await session(welcome.token as string);
    await second.client.next('reply', (f) => f.id === replyId);
    second.client.send({ type: 'delivered', ids: [replyId] });
    second.client.send({ type: 'read', ids: [replyId] });
    // A chip tap comes back as a button reply.
    second.client.send({
      type: 'message',
      id: 'c-chip',
      choice: { kind: 'button', id: 'give-5', title: '€5' },
      replyTo: replyId,
    });
    await second.client.next('ack', (f) => f.id === 'c-chip');
    const row = await t.t.store.db
      .selectFrom('webchat_outbound')
      .selectAll()
      .where('id', '=', replyId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('read');
    await second.client.close();
    const third = await session(welcome.token as string);
    await third.client.next('welcome');
    await new Promise((r) => setTimeout(r, 150));
    expect(third.client.frames.filter((f) => f.type === 'reply')).toEqual([]);
    // Conversations got the receipts as status events, each once.
    const statuses = handedOff
      .filter((h) => h.raw.includes('"kind":"receipt"') && h.raw.includes(replyId))
      .flatMap((h) => {
        const parsed = service.webchat!.parseInbound(Buffer.from(h.raw));
        return parsed.ok ? parsed.events.map((e) => (e.type === 'status' ? e.status : e.type)) : [];
      });
    expect(statuses).toEqual(['delivered', 'read']);
    const chip = handedOff
      .map((h) => service.webchat!.parseInbound(Buffer.from(h.raw)))
      .find((p) => p.ok && p.events.some((e) => e.type === 'message' && e.content.kind === 'button_reply'));
    expect(chip).toMatchObject({
      ok: true,
      events: [
        {
          content: { kind: 'button_reply', id: 'give-5', title: '€5' },
          context: { replyTo: { id: replyId } },
        },
      ],
    });
    await third.client.close();
  });

  it('pushes a reply at once to a connected visitor and tells them when the agent read their message', async () => {
    const { client, welcome } = await session();
    client.send({ type: 'message', id: 'c-live', text: 'Siete aperti sabato?' });
    const ack = await client.next('ack');
    const sent = await service.webchat!.send({
      type: 'text',
      to: welcome.session as string,
      body: 'Sì, dalle 9 alle 13.',
    });
    expect(sent.ok).toBe(true);
    expect(await client.next('reply')).toMatchObject({
      content: { kind: 'text', text: 'Sì, dalle 9 alle 13.' },
    });
    expect(
      await service.webchat!.send({ type: 'mark_read', messageId: ack.messageId as string, typing: true }),
    ).toMatchObject({ ok: true });
    expect(await client.next('status')).toEqual({ type: 'status', status: 'read', upTo: 'c-live' });
    await client.next('typing');
    await client.close();
  });

  it('closes on a bad or forged token with WEBCHAT_TOKEN_INVALID (4401), creating no session', async () => {
    const before = await count('webchat_sessions');
    for (const token of ['nonsense', `wct1.wcs_AAAAAAAAAAAA.${'A'.repeat(43)}`]) {
      const client = await connect();
      client.send({ type: 'hello', token, org });
      expect(await client.next('error')).toMatchObject({ code: 'WEBCHAT_TOKEN_INVALID' });
      expect((await client.waitClose()).code).toBe(4401);
    }
    expect(await count('webchat_sessions')).toBe(before);
  });

  it('closes on malformed frames, a message before hello, binary frames and another organisation', async () => {
    const cases: [object | string | Buffer, number, string][] = [
      ['{not json', 4400, 'WEBCHAT_FRAME_INVALID'],
      [{ type: 'hello', token: null, org, extra: 1 }, 4400, 'WEBCHAT_FRAME_INVALID'],
      [{ type: 'message', id: 'x', text: 'hi' }, 4400, 'WEBCHAT_HELLO_REQUIRED'],
      [{ type: 'hello', token: null, org: 'org_someone_else' }, 4404, 'WEBCHAT_ORG_UNKNOWN'],
      [Buffer.from([1, 2, 3]), 4400, 'WEBCHAT_FRAME_INVALID'],
    ];
    const before = await count('webchat_sessions');
    for (const [frame, code, error] of cases) {
      const client = await connect();
      if (Buffer.isBuffer(frame)) client.ws.send(frame, { binary: true });
      else client.send(frame);
      expect(await client.next('error'), error).toMatchObject({ code: error });
      expect((await client.waitClose()).code, error).toBe(code);
    }
    expect(await count('webchat_sessions')).toBe(before);
  });

  it('drops an oversized frame with close 1009 and refuses a too-long message without storing it', async () => {
    const { client } = await session();
    const before = await count('webchat_inbound');
    client.send({ type: 'message', id: 'c-long', text: 'é'.repeat(4097) });
    expect(await client.next('error')).toMatchObject({
      code: 'WEBCHAT_MESSAGE_TOO_LONG',
      id: 'c-long',
      limit: 4096,
    });
    client.send({ type: 'message', id: 'c-empty', text: '   ' });
    expect(await client.next('error', (f) => f.id === 'c-empty')).toMatchObject({
      code: 'WEBCHAT_MESSAGE_EMPTY',
    });
    client.send({ type: 'message', id: 'c-huge', text: 'x'.repeat(17_000) });
    expect((await client.waitClose()).code).toBe(1009);
    expect(await count('webchat_inbound')).toBe(before);
  });

  it('closes a connection that floods frames with 4429 (WEBCHAT_FLOODED)', async () => {
    const { client } = await session();
    for (let i = 0; i < 80; i++) client.send({ type: 'ping' });
    expect((await client.waitClose()).code).toBe(4429);
    expect(client.frames.some((f) => f.type === 'error' && f.code === 'WEBCHAT_FLOODED')).toBe(true);
  });

  it('rate-limits a session: past the burst a message is refused with retryAfterMs and stored later on resend', async () => {
    const { client, welcome } = await session();
    for (let i = 0; i < 5; i++) client.send({ type: 'message', id: `r-${i}`, text: `messaggio ${i}` });
    client.send({ type: 'message', id: 'r-5', text: 'uno di troppo' });
    const refused = await client.next('error', (f) => f.id === 'r-5');
    expect(refused).toMatchObject({ code: 'WEBCHAT_RATE_LIMITED', retryAfterMs: expect.any(Number) });
    for (let i = 0; i < 5; i++) await client.next('ack', (f) => f.id === `r-${i}`);
    const stored = await t.t.store.db
      .selectFrom('webchat_inbound')
      .select('client_id')
      .where('session_id', '=', welcome.session as string)
      .execute();
    expect(stored.map((s) => s.client_id).sort()).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
    await client.close();
  });

  it('acknowledges a message only once it is stored, and hands it over later when conversations was down', async () => {
    const { client } = await session();
    sinkFails = true;
    const calls = sinkCalls;
    client.send({ type: 'message', id: 'c-down', text: 'Ci siete?' });
    const ack = await client.next('ack', (f) => f.id === 'c-down');
    // The gateway offered it (and conversations failed) after the ack.
    for (let i = 0; i < 100 && sinkCalls === calls; i++) await new Promise((r) => setTimeout(r, 10));
    sinkFails = false;
    const waiting = await service.handoff.pending('webchat');
    expect(waiting.some((p) => p.rawBody.includes(ack.messageId as string))).toBe(true);
    expect(await service.handoff.drain()).toBeGreaterThan(0);
    expect(handedOff.filter((h) => h.raw.includes(ack.messageId as string))).toHaveLength(1);
    expect(await service.handoff.drain()).toBe(0);
    // Once taken, a delivery is forgotten after a while (conversations keeps its own copy).
    expect(await service.handoff.prune(new Date(Date.now() - 60_000).toISOString())).toBe(0);
    const taken = await service.handoff.prune(new Date(Date.now() + 60_000).toISOString());
    expect(taken).toBeGreaterThan(0);
    expect(await service.handoff.pending('webchat')).toEqual([]);
    await client.close();
  });

  it('records e-mail consent only when the visitor gives it', async () => {
    const { client, welcome } = await session();
    client.send({
      type: 'email',
      address: 'no-consent@example.org',
      consent: false,
      wordingVersion: 'webchat-email-v1',
    });
    expect(await client.next('email_saved')).toEqual({ type: 'email_saved', consent: false });
    expect(
      await t.t.store.db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'no-consent@example.org')
        .execute(),
    ).toEqual([]);
    client.send({
      type: 'email',
      address: 'Visitor@Example.org',
      consent: true,
      wordingVersion: 'webchat-email-v1',
    });
    await client.next('email_saved', (f) => f.consent === true);
    const contact = await t.t.store.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'visitor@example.org')
      .executeTakeFirstOrThrow();
    const consents = await t.t.store.db
      .selectFrom('consents')
      .selectAll()
      .where('contact_id', '=', contact.id)
      .execute();
    expect(consents).toEqual([
      expect.objectContaining({
        channel: 'email',
        purpose: 'service',
        status: 'granted',
        source: 'webchat_widget',
        wording_version: 'webchat-email-v1',
      }),
    ]);
    expect(JSON.parse((consents[0] as { proof: string }).proof)).toEqual({ webchatSession: welcome.session });
    client.send({
      type: 'email',
      address: 'not-an-address',
      consent: true,
      wordingVersion: 'webchat-email-v1',
    });
    expect(await client.next('error')).toMatchObject({ code: 'WEBCHAT_EMAIL_INVALID' });
    await client.close();
  });

  it('answers the widget config for this organisation only, from allowed origins', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: `/webchat/config?org=${org}`,
      headers: { origin: ORIGIN },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      organisation: { id: org, name: 'Test ETS', language: 'it' },
      socketPath: '/webchat/ws',
    });
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    const other = await t.app.inject({ method: 'GET', url: '/webchat/config?org=org_nope' });
    expect([other.statusCode, other.json().code]).toEqual([404, 'WEBCHAT_ORG_UNKNOWN']);
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/webchat/config?org=${org}`,
      headers: { origin: 'https://evil.example' },
    });
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'WEBCHAT_ORIGIN_FORBIDDEN']);
  });
});
