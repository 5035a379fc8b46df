import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core';
import { createRuntime, type Runtime } from '../../src/runtime';

// `filo verify` on the demo's books: clean after seeding; any edited or deleted ledger row is named by
// its log index with a non-zero exit. And `filo audit` of the running server's /log/ re-checks the
// ledger's rules from the entries alone, as an outside auditor would.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

async function filo(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/filo.js'), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        FILO_DATA_DIR: dataDir,
        DATABASE_URL: '',
        REDIS_URL: '',
        FILO_PUBLIC_URL: 'http://verify.filo.local',
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('filo verify and filo audit on the demo books', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'filo-verify-'));
    const seeded = await filo(dir, 'seed-demo');
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('audits the running server’s log over HTTP, ledger rules included', async () => {
    let runtime: Runtime | undefined;
    try {
      runtime = await createRuntime(
        loadConfig(
          { FILO_DATA_DIR: dir, LOG_LEVEL: 'silent', FILO_PUBLIC_URL: 'http://verify.filo.local' },
          { port: 0, host: '127.0.0.1', workers: false },
        ),
        {
          serveWeb: false,
        },
      );
      const address = await runtime.listen();
      const key = runtime.log.verifierKey;
      const audit = await filo(dir, 'audit', `${address}/log`, '--key', key);
      expect(audit.stdout).toMatch(/^OK: .*ledger invariants hold/);
      expect(audit.code).toBe(0);
    } finally {
      await runtime?.close();
    }
  }, 60_000);

  it('passes on the seeded books and names the index of an edited or deleted row', async () => {
    const clean = await filo(dir, 'verify');
    expect(clean.stdout).toMatch(/^OK: \d+ entries/);
    expect(clean.code).toBe(0);

    const db = new Database(path.join(dir, 'filo.db'));
    const donation = db.prepare('select id, log_index from donations order by log_index limit 1').get() as {
      id: string;
      log_index: number;
    };
    db.prepare(
      'update donations set gross_minor = gross_minor + 10000, net_minor = net_minor + 10000 where id = ?',
    ).run(donation.id);
    const allocation = db
      .prepare("select id, log_index from allocations where kind = 'expense' order by log_index desc limit 1")
      .get() as { id: string; log_index: number };
    db.prepare('delete from allocations where id = ?').run(allocation.id);
    db.close();

    const dirty = await filo(dir, 'verify');
    expect(dirty.code).not.toBe(0);
    expect(dirty.stdout).toContain(`entry ${donation.log_index}: donation ${donation.id}: gross is`);
    expect(dirty.stdout).toContain(
      `entry ${allocation.log_index}: donation.allocated ${allocation.id}: in the log but its row is missing`,
    );
    expect(dirty.stderr).toMatch(/FAILED/);
  }, 60_000);
});
