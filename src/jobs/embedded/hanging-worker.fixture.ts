// A worker process for the crash test: it claims one job, says so on stdout, and hangs inside the
// handler (renewing its lease) until the test kills it with SIGKILL. Run with `node --import tsx`.
import { openStore } from '../../store';
import { createJobQueue } from '..';

interface Args {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly pgSchema?: string;
  readonly prefix: string;
  readonly name: string;
  readonly leaseMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const store = await openStore({
  dataDir: args.dataDir,
  databaseUrl: args.databaseUrl,
  pgSchema: args.pgSchema,
  migrate: false,
});
const queue = await createJobQueue({ store, prefix: args.prefix, leaseMs: args.leaseMs, pollMs: 20 });
queue.register(args.name, async (job) => {
  process.stdout.write(`claimed ${job.id} ${job.attempt}\n`);
  await new Promise<never>(() => undefined);
});
await queue.start();
process.stdout.write('ready\n');
