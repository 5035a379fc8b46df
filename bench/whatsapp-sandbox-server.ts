// The WhatsApp sandbox on its own process, for the outbound benchmark: the dispatcher under test then
// has this process's CPU to itself, as it would against Meta. Started by conversations.bench.ts with
// BENCH_NUMBERS (sender count) and BENCH_RECIPIENTS (how many people have written first, so that their
// 24-hour windows are open); prints `READY <url>` and serves the sandbox's counts at GET /bench/stats.
import Fastify from 'fastify';
import { sandboxRoutes, WhatsAppSandbox } from '../src/channels';

export const benchNumber = (i: number): string => String(100000000000100 + i);
export const benchRecipient = (i: number): string => `39333${String(i).padStart(7, '0')}`;

async function main(): Promise<void> {
  const numberCount = Number(process.env.BENCH_NUMBERS ?? 16);
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 0);
  const numbers = Array.from({ length: numberCount }, (_, i) => ({
    id: benchNumber(i),
    display: `3906${i}`,
    wabaId: '200000000000001',
  }));
  const sandbox = new WhatsAppSandbox({
    appSecret: 'a',
    accessToken: 'tok',
    webhookUrl: 'http://127.0.0.1:9/none',
    numbers,
    statusDelayMs: 60_000_000,
    fetch: async () => new Response('', { status: 200 }),
  });
  for (let i = 0; i < recipients; i++) {
    await sandbox.phoneSend({
      waId: benchRecipient(i),
      name: 'x',
      numberId: benchNumber(i % numberCount),
      text: 'Ciao',
    });
  }
  const server = Fastify();
  await server.register(sandboxRoutes(sandbox));
  server.get('/bench/stats', async () => sandbox.stats());
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${url}\n`);
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) await main();
