import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { FiloError, loadConfig, type Config } from '../core';
import { ROLES, isRole } from '../identity/roles';
import type { Store } from '../store';

// Commands load what they need when they run, so that `filo --help` and the small commands start fast.

// The `filo` command line. Each command reads the same environment configuration as the server.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function config(overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, overrides);
}

function fail(error: unknown): never {
  if (error instanceof FiloError) {
    console.error(`filo: ${error.code}: ${error.message}`);
  } else {
    console.error(`filo: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}

function ensureWebBuilt(): void {
  if (
    existsSync(path.join(ROOT, 'web', 'dist', 'index.html')) ||
    !existsSync(path.join(ROOT, 'web', 'vite.config.ts'))
  )
    return;
  console.log('Building the web app (first start only)…');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'build-web.js')], { stdio: 'inherit' });
  if (result.status !== 0) console.error('filo: the web app could not be built; the API still runs.');
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const cfg = config();
  const { openStore } = await import('../store');
  const store = await openStore({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, migrate: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const program = new Command();
program
  .name('filo')
  .description('Filo: conversations, small-donor giving and a verifiable public ledger for nonprofits.')
  .showHelpAfterError()
  .version('0.1.0');

program
  .command('start')
  .description('Start the HTTP server and the workers (database and queue from the environment).')
  .option('--demo', 'seed the demo organisation on first start and print how to sign in')
  .option('--no-workers', 'serve HTTP only; run the job workers in other processes')
  .addOption(
    new Option('--port <port>', 'port to listen on (default: $PORT or 3000)').argParser((v) =>
      Number.parseInt(v, 10),
    ),
  )
  .action(async (opts: { demo?: boolean; workers: boolean; port?: number }) => {
    const cfg = config({
      demo: opts.demo ?? loadConfig().demo,
      workers: opts.workers,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
    });
    ensureWebBuilt();
    const { createRuntime } = await import('../runtime');
    const { DEMO_PASSWORD, DEMO_USERS, seedDemo } = await import('../demo');
    const runtime = await createRuntime(cfg);
    if (cfg.demo) {
      const seeded = await seedDemo(runtime.store, { log: runtime.log, modules: runtime.modules });
      if (seeded.seeded) runtime.logger.info({ supporters: seeded.supporters }, 'demo organisation seeded');
    }
    const shutdown = (signal: string) => {
      runtime.logger.info({ signal }, 'shutting down');
      runtime.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    await runtime.listen();
    const base = `http://${cfg.host === '0.0.0.0' || cfg.host === '::' ? 'localhost' : cfg.host}:${cfg.port}`;
    console.log('');
    console.log(
      `  Filo is running on ${runtime.store.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} with the ${runtime.queue.kind} job queue.`,
    );
    console.log(`  Public site:  ${base}/`);
    console.log(`  Admin:        ${base}/admin`);
    console.log(`  API docs:     ${base}/docs`);
    if (cfg.demo) {
      console.log(
        `  Sign in as    ${DEMO_USERS[0]?.email}  /  ${DEMO_PASSWORD}   (demo data; other roles: ${DEMO_USERS.slice(
          1,
        )
          .map((u) => u.email)
          .join(', ')})`,
      );
    }
    console.log('');
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit.')
  .action(async () => {
    const cfg = config();
    const { openStore } = await import('../store');
    const store = await openStore({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, migrate: false });
    try {
      const result = await store.migrate();
      const applied = (result.results ?? [])
        .filter((r) => r.status === 'Success')
        .map((r) => r.migrationName);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await store.close();
    }
  });

program
  .command('seed-demo')
  .description('Seed the demo organisation (does nothing if it was seeded before).')
  .action(async () => {
    const { seedDemo } = await import('../demo');
    const { createRuntime } = await import('../runtime');
    const runtime = await createRuntime(config(), { serveWeb: false });
    let result: { seeded: boolean; supporters: number };
    try {
      result = await seedDemo(runtime.store, { log: runtime.log, modules: runtime.modules });
    } finally {
      await runtime.close();
    }
    console.log(
      result.seeded
        ? `Seeded the demo organisation with ${result.supporters} supporters.`
        : 'The demo organisation was already seeded.',
    );
  });

const user = program.command('user').description('Manage admin users.');
user
  .command('create')
  .description('Create an admin user. The password is read from $FILO_PASSWORD or --password.')
  .requiredOption('--email <email>', 'e-mail address used to sign in')
  .requiredOption('--name <name>', 'full name')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('owner'))
  .option(
    '--password <password>',
    'password (prefer $FILO_PASSWORD: command lines are visible to other users)',
  )
  .option('--language <language>', 'interface language: it, en or de', 'en')
  .action(
    async (opts: { email: string; name: string; role: string; password?: string; language: string }) => {
      const password = opts.password ?? process.env.FILO_PASSWORD;
      if (!password) fail(new Error('give the password in $FILO_PASSWORD or with --password'));
      if (!isRole(opts.role)) fail(new Error(`unknown role ${opts.role}`));
      const { IdentityService } = await import('../identity');
      const created = await withStore((store) =>
        new IdentityService(store, { sessionTtlHours: 12 }).createUser({
          email: opts.email,
          name: opts.name,
          role: opts.role as (typeof ROLES)[number],
          password,
          language: opts.language,
        }),
      );
      console.log(`Created ${created.role} ${created.email} (${created.id}).`);
    },
  );

const apikey = program.command('apikey').description('Manage API keys.');
apikey
  .command('create')
  .description('Create an API key and print it once.')
  .requiredOption('--name <name>', 'what the key is for')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('owner'))
  .action(async (opts: { name: string; role: string }) => {
    if (!isRole(opts.role)) fail(new Error(`unknown role ${opts.role}`));
    const { IdentityService } = await import('../identity');
    const created = await withStore((store) =>
      new IdentityService(store, { sessionTtlHours: 12 }).createApiKey({
        name: opts.name,
        role: opts.role as (typeof ROLES)[number],
      }),
    );
    console.log(
      `Created ${created.apiKey.role} key ${created.apiKey.id}. Store it now, it is not shown again:`,
    );
    console.log(created.key);
  });

const { registerLogCommands } = await import('./log-commands');
const { ledgerChecker } = await import('./ledger-checker');
registerLogCommands(program, ledgerChecker);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error);
}
