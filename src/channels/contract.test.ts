import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ChannelErrors,
  createEmailProvider,
  createWebchatProvider,
  createWhatsAppProvider,
  signEmailWebhook,
  signMetaWebhook,
  signWebchatEnvelope,
} from '.';
import type { ChannelCapabilities, ChannelKind, ChannelProvider, InboundHeaders, OutboundMessage } from '.';
import { createFakeGraphApi } from './whatsapp/fake-graph-api';

// The ChannelProvider contract: the same behaviour from every adapter of the port. Today WhatsApp;
// web chat and e-mail join by adding a ContractAdapter to ADAPTERS below. Codes come from the one
// catalogue (ChannelErrors), so the webhook route and the outbound worker never branch on a channel.

type TransportBehaviour = 'ok' | 'server_error' | 'network_error';

interface ContractAdapter {
  readonly label: string;
  readonly kind: ChannelKind;
  /** A fresh provider whose outbound transport answers as asked; `attempts` counts what reached it. */
  create(transport: TransportBehaviour): {
    readonly provider: ChannelProvider;
    readonly attempts: () => number;
  };
  /** Headers that authenticate this raw body on this channel. */
  sign(rawBody: Buffer): InboundHeaders;
  /** A well-formed signature made with another secret. */
  signWithOtherSecret(rawBody: Buffer): InboundHeaders;
  /** A signature header that is present but not of the channel's format. */
  readonly malformedSignature: InboundHeaders;
  /** Recorded inbound bodies (at least one), in the channel's own wire format. */
  readonly samples: readonly Buffer[];
  /** An address this channel can send to. */
  readonly recipient: string;
  /** How the fuzzer mutates samples: inside the JSON (default) or as bytes (MIME). */
  readonly mutation?: 'json' | 'bytes';
}

function whatsappAdapter(): ContractAdapter {
  const secret = 'contract-app-secret';
  const dir = new URL('../../test/fixtures/whatsapp/webhooks/', import.meta.url);
  return {
    label: 'WhatsApp Cloud API',
    kind: 'whatsapp',
    create(transport) {
      const graph = createFakeGraphApi();
      const answer =
        transport === 'ok'
          ? null
          : transport === 'server_error'
            ? { status: 503, text: 'unavailable' }
            : { networkError: true as const };
      if (answer !== null) graph.reply(...Array.from({ length: 50 }, () => answer));
      const provider = createWhatsAppProvider({
        appSecret: secret,
        verifyToken: 'contract-verify-token',
        accessToken: 'contract-access-token',
        phoneNumberId: '106540352242922',
        fetch: graph.fetch,
      });
      return { provider, attempts: () => graph.requests.length };
    },
    sign: (rawBody) => ({ 'x-hub-signature-256': signMetaWebhook(secret, rawBody) }),
    signWithOtherSecret: (rawBody) => ({ 'x-hub-signature-256': signMetaWebhook('another-secret', rawBody) }),
    malformedSignature: { 'x-hub-signature-256': 'md5=abc' },
    samples: readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => readFileSync(new URL(name, dir))),
    recipient: '393331112222',
  };
}

/** A transport double: counts attempts and answers as the contract asks. */
function failing(transport: TransportBehaviour, serverError: () => Error): () => void {
  return () => {
    if (transport === 'server_error') throw serverError();
    if (transport === 'network_error')
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });
  };
}

function webchatAdapter(): ContractAdapter {
  const secret = 'contract-webchat-secret';
  const session = 'wcs_0192a7c3d1e2f3a4b5c6';
  const envelope = (value: object) => Buffer.from(JSON.stringify({ v: 1, session, ...value }));
  return {
    label: 'Web chat',
    kind: 'webchat',
    create(transport) {
      let attempts = 0;
      const fail = failing(transport, () => new Error('database is locked'));
      const provider = createWebchatProvider({
        secret,
        transport: {
          async deliver() {
            attempts++;
            fail();
            return { ok: true, id: `wco_${attempts}` };
          },
          async markRead() {
            attempts++;
            fail();
            return true;
          },
        },
      });
      return { provider, attempts: () => attempts };
    },
    sign: (rawBody) => ({ 'x-filo-webchat-signature': signWebchatEnvelope(secret, rawBody) }),
    signWithOtherSecret: (rawBody) => ({
      'x-filo-webchat-signature': signWebchatEnvelope('another-secret', rawBody),
    }),
    malformedSignature: { 'x-filo-webchat-signature': 'sha1=abc' },
    samples: [
      envelope({
        kind: 'message',
        id: 'wcm_1',
        clientId: 'c-1',
        receivedAt: '2025-11-28T10:00:00.000Z',
        text: 'Ciao! Come posso donare?',
        choice: null,
        replyTo: null,
      }),
      envelope({
        kind: 'message',
        id: 'wcm_2',
        clientId: 'c-2',
        receivedAt: '2025-11-28T10:00:05.000Z',
        text: null,
        choice: { kind: 'button', id: 'give-5', title: '€5' },
        replyTo: 'wco_7',
      }),
      envelope({
        kind: 'receipt',
        receivedAt: '2025-11-28T10:00:06.000Z',
        status: 'read',
        ids: ['wco_7', 'wco_8'],
      }),
    ],
    recipient: session,
  };
}

function emailAdapter(): ContractAdapter {
  const secret = 'contract-email-webhook-secret';
  const dir = new URL('../../test/channels-email/fixtures/', import.meta.url);
  return {
    label: 'E-mail (SMTP)',
    kind: 'email',
    create(transport) {
      let attempts = 0;
      const fail = failing(transport, () =>
        Object.assign(new Error('421 4.3.2 Service not available'), { responseCode: 421, code: 'EENVELOPE' }),
      );
      const provider = createEmailProvider({
        from: 'Filo ETS <hello@filo.example.org>',
        webhookSecret: secret,
        unsubscribe: {
          secret: 'contract-unsubscribe-secret',
          url: 'https://filo.example.org/unsubscribe/email',
          mailto: 'unsubscribe@filo.example.org',
        },
        defaultSubject: 'Filo ETS',
        transport: {
          async sendRaw() {
            attempts++;
            fail();
          },
        },
      });
      return { provider, attempts: () => attempts };
    },
    sign: (rawBody) => ({ 'x-filo-email-signature': signEmailWebhook(secret, rawBody) }),
    signWithOtherSecret: (rawBody) => ({
      'x-filo-email-signature': signEmailWebhook('another-secret', rawBody),
    }),
    malformedSignature: { 'x-filo-email-signature': 'sha256=xyz' },
    samples: readdirSync(dir)
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => readFileSync(new URL(name, dir))),
    recipient: 'anna.rossi@example.it',
    mutation: 'bytes',
  };
}

const ADAPTERS: readonly ContractAdapter[] = [whatsappAdapter(), webchatAdapter(), emailAdapter()];

const PARSE_CODES = ['CHANNEL_PAYLOAD_NOT_JSON', 'CHANNEL_PAYLOAD_INVALID'];

/** A small seeded generator (mulberry32), so that a fuzz failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ODD_VALUES: readonly Json[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  '',
  ' ',
  'x',
  '\u0000',
  '9'.repeat(40),
  true,
  false,
  [],
  {},
  [[[]]],
  { a: { b: {} } },
];

/** Every object or array inside a JSON value, with a key or index of it. */
function places(value: Json, out: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = []) {
  if (Array.isArray(value)) {
    value.forEach((child, i) => {
      out.push({ parent: value, key: i });
      places(child, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      out.push({ parent: value, key });
      places(child, out);
    }
  }
  return out;
}

function mutate(sample: Buffer, next: () => number, mode: 'json' | 'bytes' = 'json'): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const text = sample.toString('utf8');
  const roll = mode === 'bytes' ? next() * 0.25 : next();
  if (roll < 0.15) return Buffer.from(text.slice(0, Math.floor(next() * text.length)));
  if (roll < 0.25) {
    const bytes = Buffer.from(sample);
    bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    return bytes;
  }
  const json = JSON.parse(text) as Json;
  const targets = places(json);
  for (let n = 1 + Math.floor(next() * 3); n > 0 && targets.length > 0; n--) {
    const { parent, key } = pick(targets);
    const action = next();
    if (Array.isArray(parent) && typeof key === 'number') {
      if (action < 0.3) parent.splice(key, 1);
      else parent[key] = pick(ODD_VALUES);
    } else if (!Array.isArray(parent) && typeof key === 'string') {
      if (action < 0.3) delete parent[key];
      else parent[key] = pick(ODD_VALUES);
    }
  }
  return Buffer.from(JSON.stringify(json));
}

describe.each(ADAPTERS)('ChannelProvider contract: $label', (adapter) => {
  const sample = adapter.samples[0] ?? Buffer.alloc(0);

  it('has a literal kind and frozen capabilities', () => {
    const { provider } = adapter.create('ok');
    expect(provider.kind).toBe(adapter.kind);
    expect(['whatsapp', 'webchat', 'email']).toContain(provider.kind);
    expect(Object.isFrozen(provider.capabilities)).toBe(true);
    expect(provider.capabilities.text.maxLength).toBeGreaterThan(0);
  });

  describe('verifySignature', () => {
    it('accepts every recorded body with its signature', () => {
      const { provider } = adapter.create('ok');
      expect(adapter.samples.length).toBeGreaterThan(0);
      for (const body of adapter.samples)
        expect(provider.verifySignature(body, adapter.sign(body))).toEqual({ ok: true });
    });

    it('rejects a tampered body with CHANNEL_SIGNATURE_INVALID', () => {
      const { provider } = adapter.create('ok');
      const headers = adapter.sign(sample);
      const next = random(7);
      const tampered = [Buffer.concat([sample, Buffer.from(' ')]), sample.subarray(0, sample.length - 1)];
      for (let i = 0; i < 20; i++) {
        const copy = Buffer.from(sample);
        const at = Math.floor(next() * copy.length);
        copy[at] = (copy[at] ?? 0) ^ (1 + Math.floor(next() * 255));
        tampered.push(copy);
      }
      for (const body of tampered) {
        expect(provider.verifySignature(body, headers)).toMatchObject({
          ok: false,
          error: { code: 'CHANNEL_SIGNATURE_INVALID', statusCode: 401 },
        });
      }
    });

    it('rejects a missing, malformed or foreign signature with its own code', () => {
      const { provider } = adapter.create('ok');
      expect(provider.verifySignature(sample, {})).toMatchObject({
        ok: false,
        error: { code: 'CHANNEL_SIGNATURE_MISSING' },
      });
      expect(provider.verifySignature(sample, adapter.malformedSignature)).toMatchObject({
        ok: false,
        error: { code: 'CHANNEL_SIGNATURE_MALFORMED' },
      });
      expect(provider.verifySignature(sample, adapter.signWithOtherSecret(sample))).toMatchObject({
        ok: false,
        error: { code: 'CHANNEL_SIGNATURE_INVALID' },
      });
    });
  });

  describe('parseInbound', () => {
    it('turns every recorded body into events of its kind, each with a dedupe key, the same each time', () => {
      const { provider } = adapter.create('ok');
      for (const body of adapter.samples) {
        const first = provider.parseInbound(body);
        expect(first.ok).toBe(true);
        if (!first.ok) continue;
        expect(first.events.length).toBeGreaterThan(0);
        for (const event of first.events) {
          expect(event.channel).toBe(adapter.kind);
          expect(event.dedupeKey).toMatch(/\S/);
        }
        // A redelivered webhook must dedupe to the same keys.
        const again = provider.parseInbound(Buffer.from(body));
        expect(again.ok && again.events.map((e) => e.dedupeKey)).toEqual(
          first.events.map((e) => e.dedupeKey),
        );
      }
    });

    it('never throws on junk: it answers with a stable code', () => {
      const { provider } = adapter.create('ok');
      const next = random(42);
      const junk = [
        Buffer.alloc(0),
        Buffer.from('null'),
        Buffer.from('[]'),
        Buffer.from('{}'),
        Buffer.from('"text"'),
        Buffer.from('12'),
        Buffer.from('{"__proto__":{"polluted":true}}'),
        Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
        Buffer.from(`{"a":"${'x'.repeat(1_000_000)}"}`),
        Buffer.from(Array.from({ length: 512 }, () => Math.floor(next() * 256))),
      ];
      for (const body of junk) {
        const result = provider.parseInbound(body);
        if (result.ok) expect(result.events).toEqual([]);
        else expect(PARSE_CODES).toContain(result.error.code);
      }
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });

    it('never throws on 600 mutations of the recorded bodies', () => {
      const { provider } = adapter.create('ok');
      const next = random(20251128);
      let refused = 0;
      for (let i = 0; i < 600; i++) {
        const body = mutate(adapter.samples[i % adapter.samples.length] ?? sample, next, adapter.mutation);
        const result = provider.parseInbound(body);
        if (!result.ok) {
          refused += 1;
          expect(PARSE_CODES).toContain(result.error.code);
          expect(result.error.statusCode).toBe(
            ChannelErrors[result.error.code as keyof typeof ChannelErrors].statusCode,
          );
          continue;
        }
        for (const event of result.events) {
          expect(event.channel).toBe(adapter.kind);
          expect(typeof event.dedupeKey).toBe('string');
          expect(JSON.parse(JSON.stringify(event))).toEqual(event);
        }
      }
      // The fuzzer must actually reach both answers, or it proves nothing.
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThan(600);
    });
  });

  describe('send', () => {
    it('sends a text and returns the provider id', async () => {
      const { provider, attempts } = adapter.create('ok');
      const result = await provider.send({
        type: 'text',
        to: adapter.recipient,
        body: 'Grazie per il tuo dono!',
      });
      expect(result).toMatchObject({ ok: true, providerMessageId: expect.any(String) });
      expect(attempts()).toBe(1);
    });

    it('refuses one button more than its capabilities allow, with CHANNEL_TOO_MANY_BUTTONS, sending nothing', async () => {
      const { provider, attempts } = adapter.create('ok');
      const limits = provider.capabilities.buttons;
      const count = limits === false ? 1 : limits.max + 1;
      const result = await provider.send({
        type: 'buttons',
        to: adapter.recipient,
        body: 'Quanto vuoi donare?',
        buttons: Array.from({ length: count }, (_, i) => ({ id: `give-${i}`, title: `€${i + 1}` })),
      });
      const code = limits === false ? 'CHANNEL_MESSAGE_UNSUPPORTED' : 'CHANNEL_TOO_MANY_BUTTONS';
      expect(result).toMatchObject({ ok: false, failure: { kind: 'invalid_message', retry: false, code } });
      expect(attempts()).toBe(0);
    });

    it('refuses one list row more than its capabilities allow, with CHANNEL_TOO_MANY_LIST_ROWS', async () => {
      const { provider, attempts } = adapter.create('ok');
      const limits = provider.capabilities.lists;
      const count = limits === false ? 1 : limits.maxRows + 1;
      const result = await provider.send({
        type: 'list',
        to: adapter.recipient,
        body: 'Scegli un progetto',
        buttonText: 'Progetti',
        sections: [
          { rows: Array.from({ length: count }, (_, i) => ({ id: `p${i}`, title: `Progetto ${i}` })) },
        ],
      });
      const code = limits === false ? 'CHANNEL_MESSAGE_UNSUPPORTED' : 'CHANNEL_TOO_MANY_LIST_ROWS';
      expect(result).toMatchObject({ ok: false, failure: { kind: 'invalid_message', code } });
      expect(attempts()).toBe(0);
    });

    it('sends a text of exactly the maximum length and refuses one character more', async () => {
      const { provider, attempts } = adapter.create('ok');
      const max = provider.capabilities.text.maxLength;
      expect(
        await provider.send({ type: 'text', to: adapter.recipient, body: 'é'.repeat(max) }),
      ).toMatchObject({ ok: true });
      expect(
        await provider.send({ type: 'text', to: adapter.recipient, body: 'é'.repeat(max + 1) }),
      ).toMatchObject({
        ok: false,
        failure: { code: 'CHANNEL_FIELD_TOO_LONG', details: { field: 'body', limit: max, length: max + 1 } },
      });
      expect(attempts()).toBe(1);
    });

    it('refuses exactly what its capabilities lack, with CHANNEL_MESSAGE_UNSUPPORTED', async () => {
      const to = adapter.recipient;
      const needs: [string, (c: ChannelCapabilities) => boolean, OutboundMessage][] = [
        ['templates', (c) => c.templates, { type: 'template', to, name: 'hello_world', language: 'en' }],
        ['read receipts', (c) => c.readReceipts, { type: 'mark_read', messageId: 'msg-1' }],
        [
          'typing',
          (c) => c.readReceipts && c.typingIndicator,
          { type: 'mark_read', messageId: 'msg-1', typing: true },
        ],
        [
          'lists',
          (c) => c.lists !== false,
          {
            type: 'list',
            to,
            body: 'b',
            buttonText: 'Apri',
            sections: [{ rows: [{ id: 'a', title: 'A' }] }],
          },
        ],
        [
          'buttons',
          (c) => c.buttons !== false,
          { type: 'buttons', to, body: 'b', buttons: [{ id: 'a', title: 'A' }] },
        ],
        ...(['image', 'document', 'audio', 'video'] as const).map(
          (kind): [string, (c: ChannelCapabilities) => boolean, OutboundMessage] => [
            kind,
            (c) => c.media !== false && c.media.kinds.includes(kind),
            { type: 'media', to, kind, source: { link: `https://filo.example/file-${kind}` } },
          ],
        ),
      ];
      for (const [label, granted, message] of needs) {
        const { provider } = adapter.create('ok');
        const result = await provider.send(message);
        if (granted(provider.capabilities)) expect(result, label).toMatchObject({ ok: true });
        else
          expect(result, label).toMatchObject({
            ok: false,
            failure: { code: 'CHANNEL_MESSAGE_UNSUPPORTED' },
          });
      }
    });

    it('refuses a message of an unknown type instead of throwing', async () => {
      const { provider, attempts } = adapter.create('ok');
      const result = await provider.send({
        type: 'carrier-pigeon',
        to: adapter.recipient,
      } as unknown as OutboundMessage);
      expect(result).toMatchObject({
        ok: false,
        failure: { kind: 'invalid_message', code: 'CHANNEL_MESSAGE_UNSUPPORTED' },
      });
      expect(attempts()).toBe(0);
    });

    it.each(['server_error', 'network_error'] as const)(
      'reports a %s as a transient, retryable failure',
      async (transport) => {
        const { provider, attempts } = adapter.create(transport);
        const result = await provider.send({ type: 'text', to: adapter.recipient, body: 'Ciao' });
        expect(result).toMatchObject({
          ok: false,
          failure: { kind: 'transient', retry: true, retryAfterMs: expect.any(Number) },
        });
        expect(attempts()).toBe(1);
      },
    );
  });
});
