import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signMetaWebhook } from '../../src/channels';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  SETTINGS,
  type ConversationsTestApp,
  SLOW_MACHINE_TIMEOUTS,
} from './support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

// /webhooks/whatsapp end to end on both engines: every recorded payload, duplicates, statuses out of
// order, bad signatures and tokens, junk and oversized bodies — with nothing stored when refused.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/whatsapp/webhooks');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

describe.each(ENGINES)('WhatsApp webhook (%s)', (engine) => {
  let t: ConversationsTestApp;
  beforeAll(async () => {
    t = await createConversationsApp(engine);
    await t.startWorkers();
  });
  afterAll(async () => {
    await t.dispose();
  });

  const post = (raw: string | Buffer, signature: string | null = signMetaWebhook(SETTINGS.appSecret, raw)) =>
    t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
      },
      payload: raw,
    });
  const count = async (table: 'webhook_deliveries' | 'messages' | 'message_status_events') =>
    Number(
      (
        await t.t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const settled = () =>
    eventually(
      () =>
        t.t.store.db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('processed_at', 'is', null)
          .execute(),
      (rows) => rows.length === 0,
    );

  it('answers the subscription handshake, and refuses a wrong token or mode', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${SETTINGS.verifyToken}&hub.challenge=1158201444`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('CHANNEL_VERIFY_TOKEN_INVALID');
    const mode = await t.app.inject({
      method: 'GET',
      url: `/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=${SETTINGS.verifyToken}&hub.challenge=1`,
    });
    expect(mode.json().code).toBe('CHANNEL_CHALLENGE_MODE_INVALID');
  });

  it('refuses missing, malformed and wrong signatures before storing anything', async () => {
    const raw = readFileSync(path.join(FIXTURES, 'pywa_inbound_text.json'), 'utf8');
    const before = await count('webhook_deliveries');
    expect((await post(raw, null)).json().code).toBe('CHANNEL_SIGNATURE_MISSING');
    expect((await post(raw, 'sha256=xyz')).json().code).toBe('CHANNEL_SIGNATURE_MALFORMED');
    const wrong = await post(raw, signMetaWebhook('another-secret', raw));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('CHANNEL_SIGNATURE_INVALID');
    // A body changed by one byte after signing.
    expect(
      (await post(raw.replace('Body Text', 'Body Test'), signMetaWebhook(SETTINGS.appSecret, raw)))
        .statusCode,
    ).toBe(401);
    expect(await count('webhook_deliveries')).toBe(before);
  });

  it('refuses junk and oversized bodies with a stable code, storing nothing', async () => {
    const before = await count('webhook_deliveries');
    const junk = await post('{"object": ');
    expect(junk.statusCode).toBe(400);
    expect(junk.json().code).toBe('CHANNEL_PAYLOAD_NOT_JSON');
    const shape = await post(
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [] } }] }],
      }),
    );
    expect(shape.json().code).toBe('CHANNEL_PAYLOAD_INVALID');
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const large = await post(big);
    expect(large.statusCode).toBe(413);
    expect(await count('webhook_deliveries')).toBe(before);
  });

  it('takes every recorded payload, stores each once, and applies it once', async () => {
    for (const file of fixtures) {
      const raw = readFileSync(path.join(FIXTURES, file), 'utf8');
      const first = await post(raw);
      expect(first.statusCode, file).toBe(200);
      const again = await post(raw);
      expect(again.statusCode, file).toBe(200);
      expect(again.json().stored, file).toBe(false);
    }
    await settled();
    const deliveries = await t.t.store.db.selectFrom('webhook_deliveries').select(['outcome']).execute();
    expect(deliveries.every((d) => d.outcome?.startsWith('applied:'))).toBe(true);
    // One message row per recorded inbound message id, whatever the redeliveries.
    const inbound = await t.t.store.db
      .selectFrom('messages')
      .select(['provider_message_id', 'kind'])
      .where('direction', '=', 'in')
      .execute();
    const ids = inbound.map((m) => m.provider_message_id);
    expect(new Set(ids).size).toBe(ids.length);
    // Recorded payloads reuse message ids (pywa's all say wamid.xyzxyz): one row per distinct id.
    const recorded = new Set<string>();
    for (const file of fixtures) {
      const body = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as {
        entry: { changes: { value: { messages?: { id: string }[] } }[] }[];
      };
      for (const entry of body.entry)
        for (const change of entry.changes) for (const m of change.value.messages ?? []) recorded.add(m.id);
    }
    expect(new Set(ids)).toEqual(recorded);
    const statuses = await t.t.store.db.selectFrom('message_status_events').select('dedupe_key').execute();
    expect(statuses.length).toBeGreaterThanOrEqual(5);
    // The marketing preference became consent on the supporter.
    const consents = await t.t.store.db
      .selectFrom('consents')
      .select(['source', 'status'])
      .where('source', '=', 'whatsapp_user_preferences')
      .execute();
    expect(consents.length).toBe(2);
  });

  it('deduplicates the same message id in a different body, and never moves read back to delivered', async () => {
    const phone = '393331112222';
    await t.sandbox.phoneSend({ waId: phone, name: 'Marco', text: 'Ciao' });
    const conversation = await eventually(
      () =>
        t.t.store.db
          .selectFrom('conversations')
          .innerJoin('channel_identities', 'channel_identities.id', 'conversations.identity_id')
          .select('conversations.id')
          .where('channel_identities.key', '=', phone)
          .executeTakeFirst(),
      (row) => row !== undefined,
    );
    const agent = { authorization: `Bearer ${t.keys.agent}` };
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversation!.id}/messages`,
      headers: agent,
      payload: { text: 'Risposta' },
    });
    const sent = await eventually(
      () =>
        t.t.store.db
          .selectFrom('messages')
          .select(['id', 'provider_message_id', 'status'])
          .where('conversation_id', '=', conversation!.id)
          .where('direction', '=', 'out')
          .executeTakeFirst(),
      (row) => row?.status === 'delivered',
    );
    const status = (s: string, ts: number) =>
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { phone_number_id: SETTINGS.phoneNumberId },
                  statuses: [
                    { id: sent!.provider_message_id, status: s, timestamp: String(ts), recipient_id: phone },
                  ],
                },
              },
            ],
          },
        ],
      });
    const now = Math.floor(Date.now() / 1000);
    expect((await post(status('read', now + 2))).statusCode).toBe(200);
    expect((await post(status('delivered', now + 1))).statusCode).toBe(200);
    await settled();
    const after = await t.t.store.db
      .selectFrom('messages')
      .select('status')
      .where('id', '=', sent!.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('read');
  });

  it('stops at once on a STOP word, records the revocation once and confirms', async () => {
    const phone = '4915112345678';
    await t.sandbox.phoneSend({ waId: phone, name: 'Anna', text: 'STOPP' });
    const thread = await eventually(
      async () => t.sandbox.phoneThread(phone).messages,
      (m) => m.some((x) => x.direction === 'out'),
    );
    expect(thread.find((m) => m.direction === 'out')?.text).toMatch(/WhatsApp/);
    const identity = await t.t.store.db
      .selectFrom('channel_identities')
      .select('contact_id')
      .where('key', '=', phone)
      .executeTakeFirstOrThrow();
    const consents = await t.t.store.db
      .selectFrom('consents')
      .select(['purpose', 'status'])
      .where('contact_id', '=', identity.contact_id)
      .execute();
    expect(consents.map((c) => `${c.purpose}:${c.status}`).sort()).toEqual([
      'fundraising:revoked',
      'news:revoked',
      'service:revoked',
    ]);
    const contact = await t.t.store.db
      .selectFrom('contacts')
      .select('language')
      .where('id', '=', identity.contact_id)
      .executeTakeFirstOrThrow();
    expect(contact.language).toBe('de');
  });
});
