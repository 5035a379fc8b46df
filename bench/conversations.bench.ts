// Conversations: inbound WhatsApp webhooks handled per second (signature check, raw delivery stored
// once, 200) with p99, over real HTTP on SQLite, beside a bare Fastify route; and the outbound
// dispatcher against the WhatsApp sandbox across sender numbers, checking no number ever exceeds its
// rate in any one-second window (the sandbox runs in a process of its own, as Meta is remote).
import { spawn } from 'node:child_process';
import path from 'node:path';
import Fastify from 'fastify';
import {
  signMetaWebhook,
  createWhatsAppProvider,
  type ChannelProvider,
  type SandboxStats,
} from '../src/channels';
import { systemClock } from '../src/core';
import { createConversationsModule, LiveHub, OutboundDispatcher, SenderPacer } from '../src/conversations';
import { createTestStore } from '../src/store/testing';
import { createTestApp } from '../test/support/app';
import { SETTINGS } from '../test/conversations/support';
import type { BenchResult } from './run';
import { benchNumber, benchRecipient } from './whatsapp-sandbox-server';

async function load(
  url: string,
  bodies: readonly string[],
  headers: (b: string) => Record<string, string>,
  concurrency: number,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const t0 = performance.now();
        const response = await fetch(url, { method: 'POST', headers: headers(body), body });
        await response.text();
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: bodies.length / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

function inbound(i: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '200000000000001',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '390600000000', phone_number_id: SETTINGS.phoneNumberId },
              contacts: [{ profile: { name: `Bench ${i}` }, wa_id: `39333${String(i).padStart(7, '0')}` }],
              messages: [
                {
                  from: `39333${String(i).padStart(7, '0')}`,
                  id: `wamid.bench${i}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  text: { body: `Ciao ${i}` },
                  type: 'text',
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

export async function run(): Promise<BenchResult[]> {
  const N = 4000;
  const bodies = Array.from({ length: N }, (_, i) => inbound(i));
  const headers = (b: string) => ({
    'content-type': 'application/json',
    'x-hub-signature-256': signMetaWebhook(SETTINGS.appSecret, b),
  });

  const bare = Fastify();
  bare.post('/webhooks/whatsapp', async () => ({ received: true }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  const baseline = await load(`${bareUrl}/webhooks/whatsapp`, bodies, headers, 32);
  await bare.close();

  const t = await createTestApp('sqlite', {
    config: { whatsapp: SETTINGS },
    modules: [createConversationsModule()],
  });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const filo = await load(`${url}/webhooks/whatsapp`, bodies, headers, 32);
  await t.dispose();

  // Outbound: 16 numbers × 80/s against the sandbox, over HTTP, in its own process (Meta is remote).
  const M = 4800;
  const numbers = Array.from({ length: 16 }, (_, i) => ({ id: benchNumber(i) }));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'whatsapp-sandbox-server.ts')],
    {
      env: { ...process.env, BENCH_NUMBERS: String(numbers.length), BENCH_RECIPIENTS: String(M) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const sandboxUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const ready = /READY (\S+)/.exec(seen);
      if (ready?.[1] !== undefined) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${String(code)})`)));
  });
  const store = await createTestStore('sqlite');
  const senders = new Map<string, ChannelProvider>(
    numbers.map((n) => [
      n.id,
      createWhatsAppProvider({
        appSecret: 'a',
        verifyToken: 'v',
        accessToken: 'tok',
        phoneNumberId: n.id,
        graphUrl: sandboxUrl,
      }),
    ]),
  );
  const dispatcher = new OutboundDispatcher({
    store: store.store,
    queue: { enqueue: async () => 'x' },
    senders,
    pacer: new SenderPacer({ rate: 80 }),
    clock: systemClock,
    live: new LiveHub(),
    logger: { warn() {}, error() {} },
  });
  const now = new Date().toISOString();
  const rows = Array.from({ length: M }, (_, i) => ({
    id: `msg_bench${i}`,
    conversation_id: 'cnv_bench',
    contact_id: 'con_bench',
    channel: 'whatsapp',
    direction: 'out',
    kind: 'text',
    content: JSON.stringify({ message: { type: 'text', body: `Update ${i}` }, fallbackTemplate: null }),
    author: 'system',
    purpose: 'service',
    sender_id: numbers[i % numbers.length]!.id,
    recipient_key: benchRecipient(i),
    provider_message_id: null,
    dedupe_key: null,
    status: 'queued',
    status_at: now,
    error: null,
    pricing: null,
    send_attempts: 0,
    sent_at: null,
    created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await store.store.db
      .insertInto('messages')
      .values(rows.slice(i, i + 200))
      .execute();
  // Windows are open: the recipients wrote first (the sandbox process did that before READY).
  let next = 0;
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < M) {
        const outcome = await dispatcher.dispatch(rows[next++]!.id);
        if (outcome === 'sent') sent++;
      }
    }),
  );
  const outboundPerSecond = sent / ((performance.now() - started) / 1000);
  const stats = (await (await fetch(`${sandboxUrl}/bench/stats`)).json()) as SandboxStats;
  const worst = Math.max(...Object.values(stats.maxPerSecond));
  child.kill('SIGTERM');
  await store.dispose();

  return [
    {
      name: 'inbound webhooks (SQLite, stored once, 200)',
      value: filo.perSecond,
      unit: 'req/s',
      baseline: { name: 'bare Fastify route', value: baseline.perSecond, unit: 'req/s' },
      target: '≥ 2,000/s',
    },
    {
      name: 'inbound webhook p99',
      value: filo.p99,
      unit: 'ms',
      baseline: { name: 'bare Fastify p99', value: baseline.p99, unit: 'ms' },
      target: '< 50 ms',
    },
    {
      name: 'outbound dispatcher → sandbox, 16 numbers at 80/s',
      value: outboundPerSecond,
      unit: 'msg/s',
      target: '≥ 1,000 msg/s',
      note: `${sent}/${M} sent; most in any 1 s window for one number: ${worst} (limit 80); rejected ${JSON.stringify(stats.rejected)}`,
    },
  ];
}
