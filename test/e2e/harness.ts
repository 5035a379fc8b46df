// Browser-test harness: starts the real Filo server (`filo start --demo`) as a child process on a
// free port with a fresh data folder, and launches Debian's chromium through playwright-core.
// Nothing is downloaded: `npx playwright install` cannot work offline, so chromium comes from apt.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The demo organisation's admin, as `filo start --demo` prints them. */
export const DEMO_ADMIN = Object.freeze({ email: 'admin@demo.filo.ngo', password: 'filo-demo-2026' });

export const CHROMIUM_PATH = process.env.FILO_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Where tests leave screenshots for people to look at. */
export const SCREENSHOT_DIR = process.env.FILO_E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'filo-e2e');

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

/** A port that was free a moment ago: listen on port 0, read the port the OS chose, close. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not read the port the OS assigned'));
      });
    });
  });
}

/** Keeps the last `limit` characters of a stream, enough for an error report. */
class Tail {
  #text = '';
  constructor(readonly limit: number) {}
  push(chunk: Buffer | string): void {
    this.#text = (this.#text + chunk.toString()).slice(-this.limit);
  }
  toString(): string {
    return this.#text;
  }
}

export interface RunningFilo {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly dataDir: string;
  /** The server's stdout and stderr so far (the tail of each). */
  readonly output: () => { readonly stdout: string; readonly stderr: string };
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its data folder. */
  readonly stop: () => Promise<void>;
}

export interface StartFiloOptions {
  /** Extra environment for the server, on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Signals the child's whole process group (it was spawned detached), so workers it forks go too. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || exited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** Starts `node bin/filo.js start --demo` and resolves once GET /healthz answers 200. */
export async function startFilo(options: StartFiloOptions = {}): Promise<RunningFilo> {
  const timeoutMs = options.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const [port, dataDir] = await Promise.all([
    findFreePort(),
    mkdtemp(path.join(os.tmpdir(), 'filo-e2e-data-')),
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stdout = new Tail(OUTPUT_LIMIT);
  const stderr = new Tail(OUTPUT_LIMIT);

  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'filo.js'), 'start', '--demo'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1', FILO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  let spawnError: Error | null = null;
  child.once('error', (error) => {
    spawnError = error;
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    signalGroup(child, 'SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      signalGroup(child, 'SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const fail = async (reason: string): Promise<never> => {
    await stop();
    throw new Error(
      `${reason}\n--- filo stderr ---\n${stderr.toString() || '(empty)'}\n--- filo stdout (tail) ---\n${stdout
        .toString()
        .slice(-4000)}`,
    );
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) return fail(`Could not start filo: ${String(spawnError)}`);
    if (exited(child))
      return fail(`filo exited before it was healthy (code ${child.exitCode}, ${child.signalCode})`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      return fail(`filo did not answer GET /healthz with 200 within ${timeoutMs} ms`);
    await sleep(200);
  }

  return {
    url,
    dataDir,
    output: () => ({ stdout: stdout.toString(), stderr: stderr.toString() }),
    stop,
  };
}

/**
 * Launches headless chromium. Playwright gives every launch a fresh temporary profile (it passes its
 * own --user-data-dir and refuses one in `args`), so each browser starts clean.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}. Install Debian's (apt-get install -y chromium) or set FILO_CHROMIUM; ` +
        '`npx playwright install` cannot work offline.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

export interface WatchOptions {
  /**
   * HTTP statuses the test expects some requests to get (a signed-out visitor's 401 from
   * /api/v1/auth/me, say). Chromium logs every failed request as a console error; these are not bugs.
   */
  readonly expectedStatuses?: readonly number[];
}

/** Collects uncaught page errors and console errors, so a test can assert the page ran cleanly. */
export function watchForErrors(page: Page, { expectedStatuses = [] }: WatchOptions = {}): string[] {
  const errors: string[] = [];
  const expected = expectedStatuses.map((status) => `the server responded with a status of ${status} `);
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (expected.some((fragment) => text.includes(fragment))) return;
    errors.push(`console: ${text} (${message.location().url})`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// --- Keeping web/dist in step with web/src ---------------------------------------------------------

const WEB_DIR = path.join(REPO_ROOT, 'web');
const WEB_BUILT_MARKER = path.join(WEB_DIR, 'dist', 'admin', 'index.html');
const execFileAsync = promisify(execFile);
const BUILD_LOCK = path.join(
  os.tmpdir(),
  `filo-web-build-${Buffer.from(REPO_ROOT).toString('hex').slice(-16)}.lock`,
);
const STALE_LOCK_MS = 120_000;

function newestSourceTime(): number {
  let newest = 0;
  const visit = (target: string): void => {
    const stats = statSync(target);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(target)) visit(path.join(target, entry));
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  };
  for (const entry of ['src', 'index.html', 'admin/index.html', 'vite.config.ts']) {
    const target = path.join(WEB_DIR, entry);
    if (existsSync(target)) visit(target);
  }
  return newest;
}

function webBuildIsStale(): boolean {
  if (!existsSync(path.join(WEB_DIR, 'dist', 'index.html')) || !existsSync(WEB_BUILT_MARKER)) return true;
  return statSync(WEB_BUILT_MARKER).mtimeMs < newestSourceTime();
}

/**
 * The server serves web/dist and builds it only when it is missing; during development it can be
 * older than web/src. Rebuild it then, one test file at a time (a lock directory), so browser tests
 * never test yesterday's pages.
 */
export async function buildWebIfStale(): Promise<void> {
  if (!webBuildIsStale()) return;
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (existsSync(BUILD_LOCK) ? statSync(BUILD_LOCK).mtimeMs : Date.now());
      if (age > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another web build (${BUILD_LOCK})`);
      await sleep(250);
    }
  }
  try {
    if (!webBuildIsStale()) return; // another test file built it while we waited
    // In a child process, the way `npm ci` and `filo start` build it, apart from Vitest's own Vite.
    await execFileAsync(process.execPath, [path.join(REPO_ROOT, 'bin', 'build-web.js')], { cwd: REPO_ROOT });
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}
