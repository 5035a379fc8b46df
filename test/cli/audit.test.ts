import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// `filo audit` against a real C2SP tile log written by another implementation (Tessera's test log):
// it passes on the original and fails, naming the problem, on altered copies.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const LOG = path.join(ROOT, 'test/fixtures/tlog/tessera-testdata-log');
const VKEY = (
  JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/tlog/checkpoints.json'), 'utf8')) as {
    tessera_testdata: { verifierKey: string };
  }
).tessera_testdata.verifierKey;

async function filo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/filo.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('filo audit on a real tlog-tiles log', () => {
  const dirs: string[] = [];
  const copy = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'filo-audit-'));
    cpSync(LOG, dir, { recursive: true });
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('passes on the original log and saves a state that the next audit extends', async () => {
    const state = path.join(copy(), 'state.json');
    const first = await filo('audit', LOG, '--key', VKEY, '--state', state);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^OK: .* size \d+/);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { size: number };
    expect(saved.size).toBeGreaterThan(0);
    const second = await filo('audit', LOG, '--key', VKEY, '--state', state);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('consistent with the saved state');
  });

  it('fails on a flipped byte in an entry bundle, naming the bundle', async () => {
    const dir = copy();
    const file = path.join(dir, 'tile/entries/000.p/15');
    const data = readFileSync(file);
    data[data.length - 1] = data[data.length - 1]! ^ 0x01;
    writeFileSync(file, data);
    const res = await filo('audit', dir, '--key', VKEY);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('tile/entries/000.p/15');
  });

  it('fails on a flipped byte in a Merkle tile', async () => {
    const dir = copy();
    const file = path.join(dir, 'tile/0/000.p/15');
    const data = readFileSync(file);
    data[0] = data[0]! ^ 0x80;
    writeFileSync(file, data);
    const res = await filo('audit', dir, '--key', VKEY);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('tile/0/000.p/15');
  });

  it('fails on an edited checkpoint and on the wrong key', async () => {
    const dir = copy();
    const file = path.join(dir, 'checkpoint');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`),
    );
    const edited = await filo('audit', dir, '--key', VKEY);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('checkpoint');
    const wrongKey = await filo(
      'audit',
      LOG,
      '--key',
      'example.com/other+00000000+AeNbWYX8mPeXYsgz6vsdrOt0UwjMzGbDTg6YswQw3WmD',
    );
    expect(wrongKey.code).toBe(1);
  });

  it('fails when the log was rewritten behind a saved state', async () => {
    const dir = copy();
    const state = path.join(dir, 'state.json');
    writeFileSync(state, JSON.stringify({ size: 3, rootHash: Buffer.alloc(32, 7).toString('base64') }));
    const res = await filo('audit', LOG, '--key', VKEY, '--state', state);
    expect(res.code).toBe(1);
  });
});
