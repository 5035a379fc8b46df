import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditLog, type AuditResult } from './audit.js';
import { signCheckpoint } from './checkpoint.js';
import { defaultHasher } from './hasher.js';
import { MemoryHashStore } from './memory-store.js';
import { createNoteSigner, generateNoteKey, parseNote } from './note.js';
import { parseCheckpoint } from './checkpoint.js';
import { directoryFetcher } from './node.js';
import { encodeEntryBundle, readTileData, tilePath, tilesForSize, TILE_WIDTH } from './tile.js';
import { TreeAppender, treeHash } from './tree.js';

const fixtureUrl = (name: string): URL => new URL(`../../test/fixtures/tlog/${name}`, import.meta.url);
const cps = JSON.parse(readFileSync(fixtureUrl('checkpoints.json'), 'utf8')) as {
  tessera_testdata: {
    verifierKey: string;
    origin: string;
    checkpoints: { size: number; checkpoint: string }[];
  };
};
const tessera = cps.tessera_testdata;
const logDir = fileURLToPath(fixtureUrl('tessera-testdata-log'));
const enc = new TextEncoder();

/** The tessera log as an in-memory map, so tests can alter copies of it. */
async function tesseraFiles(): Promise<Map<string, Uint8Array>> {
  const read = directoryFetcher(logDir);
  const files = new Map<string, Uint8Array>();
  for (const p of ['checkpoint', 'tile/0/000.p/15', 'tile/entries/000.p/15']) files.set(p, (await read(p))!);
  return files;
}
const serve =
  (files: Map<string, Uint8Array>) =>
  (p: string): Promise<Uint8Array | undefined> =>
    Promise.resolve(files.get(p));
const codes = (r: AuditResult): string[] => r.problems.map((p) => p.code);

describe('auditLog on the real tessera test log', () => {
  it('passes, reading all 15 entries from the directory', async () => {
    const seen: string[] = [];
    const r = await auditLog({
      fetch: directoryFetcher(logDir),
      verifierKey: tessera.verifierKey,
      origin: tessera.origin,
      onEntry: (i, e) => void seen.push(`${i}:${new TextDecoder().decode(e)}`),
    });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entries).toBe(15);
    expect(r.state?.size).toBe(15);
    expect(seen[0]).toBe('0:one');
    expect(seen[14]).toBe('14:fivten');
  });

  it('passes against every earlier tessera checkpoint as the previous state', async () => {
    for (const c of tessera.checkpoints) {
      const prev = parseCheckpoint(parseNote(c.checkpoint).text);
      const r = await auditLog({
        fetch: directoryFetcher(logDir),
        verifierKey: tessera.verifierKey,
        previousState: { size: prev.size, rootHash: prev.rootHash },
      });
      expect(r.problems, `previous size ${c.size}`).toEqual([]);
    }
  });

  it('names the entry when a byte of an entry bundle is flipped', async () => {
    const files = await tesseraFiles();
    const bundle = files.get('tile/entries/000.p/15')!.slice();
    bundle[2 + 3 + 2 + 1]! ^= 0x20; // "two" → "tWo": entry 1
    files.set('tile/entries/000.p/15', bundle);
    const r = await auditLog({ fetch: serve(files), verifierKey: tessera.verifierKey });
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: 'TLOG_ENTRY_MISMATCH', path: 'tile/entries/000.p/15', index: 1 }),
    );
    expect(codes(r)).toContain('TLOG_ROOT_MISMATCH');
    expect(r.problems.find((p) => p.index === 1)?.message).toMatch(
      /entry 1 hashes to [0-9a-f]{64}, but tile\/0\/000\.p\/15 holds/,
    );
  });

  it('names the bundle when a length prefix is corrupted', async () => {
    const files = await tesseraFiles();
    const bundle = files.get('tile/entries/000.p/15')!.slice();
    bundle[0] = 0x7f;
    files.set('tile/entries/000.p/15', bundle);
    const r = await auditLog({ fetch: serve(files), verifierKey: tessera.verifierKey });
    expect(r.problems[0]).toMatchObject({ code: 'TLOG_MALFORMED_BUNDLE', path: 'tile/entries/000.p/15' });
    // The tile still lets the auditor check the tree, which is intact.
    expect(codes(r)).not.toContain('TLOG_ROOT_MISMATCH');
  });

  it('names the tile and the hash when a byte of a tile is flipped', async () => {
    const files = await tesseraFiles();
    const tile = files.get('tile/0/000.p/15')!.slice();
    tile[32 * 9 + 5]! ^= 1; // hash 9
    files.set('tile/0/000.p/15', tile);
    const r = await auditLog({ fetch: serve(files), verifierKey: tessera.verifierKey });
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_TILE_MISMATCH', path: 'tile/0/000.p/15', index: 9 }),
    ]);
    expect(r.problems[0]!.message).toMatch(/the tile is wrong/);
  });

  it('names the tile when it is truncated', async () => {
    const files = await tesseraFiles();
    files.set('tile/0/000.p/15', files.get('tile/0/000.p/15')!.slice(0, 32 * 15 - 1));
    const r = await auditLog({ fetch: serve(files), verifierKey: tessera.verifierKey });
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_MALFORMED_TILE', path: 'tile/0/000.p/15' }),
    ]);
    expect(r.problems[0]!.message).toMatch(/479 bytes, want 480/);
  });

  it('fails on the checkpoint when one of its bytes is flipped', async () => {
    for (const offset of [3, 27, 40]) {
      const files = await tesseraFiles();
      const cp = files.get('checkpoint')!.slice();
      cp[offset]! ^= 1;
      files.set('checkpoint', cp);
      const r = await auditLog({ fetch: serve(files), verifierKey: tessera.verifierKey });
      expect(r.ok).toBe(false);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]!.path).toBe('checkpoint');
      expect(['TLOG_BAD_SIGNATURE', 'TLOG_MALFORMED_NOTE', 'TLOG_UNVERIFIED_NOTE']).toContain(
        r.problems[0]!.code,
      );
    }
  });

  it('reports missing files and fetch errors by path', async () => {
    const files = await tesseraFiles();
    files.delete('tile/entries/000.p/15');
    const r = await auditLog({ fetch: serve(files), verifierKey: tessera.verifierKey });
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_FETCH_FAILED', path: 'tile/entries/000.p/15' }),
    ]);
    const down = await auditLog({
      fetch: () => Promise.reject(new Error('connection refused')),
      verifierKey: tessera.verifierKey,
    });
    expect(down.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_FETCH_FAILED', path: 'checkpoint' }),
    ]);
  });

  it('detects a rewritten history and a shrunk log', async () => {
    const r = await auditLog({
      fetch: directoryFetcher(logDir),
      verifierKey: tessera.verifierKey,
      previousState: { size: 8, rootHash: defaultHasher.hashLeaf(enc.encode('not the root')) },
    });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TLOG_INCONSISTENT', path: 'checkpoint' })]);
    const shrunk = await auditLog({
      fetch: directoryFetcher(logDir),
      verifierKey: tessera.verifierKey,
      previousState: { size: 16, rootHash: defaultHasher.emptyRoot },
    });
    expect(shrunk.problems[0]).toMatchObject({ code: 'TLOG_INCONSISTENT' });
    expect(shrunk.problems[0]!.message).toMatch(/shrank from 16 to 15/);
    const fromEmpty = await auditLog({
      fetch: directoryFetcher(logDir),
      verifierKey: tessera.verifierKey,
      previousState: { size: 0, rootHash: defaultHasher.emptyRoot },
    });
    expect(fromEmpty.ok).toBe(true);
  });

  it('rejects a checkpoint signed by another key or for another origin', async () => {
    const other = await generateNoteKey('example.com/log/testdata');
    const r = await auditLog({ fetch: directoryFetcher(logDir), verifierKey: other.verifierKey });
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_UNVERIFIED_NOTE', path: 'checkpoint' }),
    ]);
    const o = await auditLog({
      fetch: directoryFetcher(logDir),
      verifierKey: tessera.verifierKey,
      origin: 'elsewhere',
    });
    expect(o.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_ORIGIN_MISMATCH', path: 'checkpoint' }),
    ]);
  });
});

describe('auditLog on a log written by this module (upper-level tiles)', async () => {
  // Entries are written for 70,400 leaves; the checkpoint is for 70,000, so tile 273 exists both
  // as the partial tile of width 112 and as a full tile.
  const size = 70_000;
  const grown = 70_400;
  const { signerKey, verifierKey } = await generateNoteKey('filo.test/log');
  const signer = await createNoteSigner(signerKey);
  const entries = Array.from({ length: grown }, (_, i) => enc.encode(`donation ${i}`));
  const store = new MemoryHashStore();
  const appender = new TreeAppender();
  for (const e of entries) store.append(appender.append(defaultHasher.hashLeaf(e)));
  const files = new Map<string, Uint8Array>();
  for (const n of [size, grown]) {
    for (const t of tilesForSize(n)) {
      files.set(tilePath(t), readTileData(t, store.reader));
      if (t.kind === 'hashes' && t.level === 0) {
        const start = t.index * TILE_WIDTH;
        files.set(
          tilePath({ kind: 'entries', index: t.index, width: t.width }),
          encodeEntryBundle(entries.slice(start, start + t.width)),
        );
      }
    }
  }
  const rootHash = treeHash(size, store.reader);
  files.set(
    'checkpoint',
    enc.encode(await signCheckpoint({ origin: 'filo.test/log', size, rootHash, extensions: [] }, [signer])),
  );

  it('passes, checking level-1 and level-2 tiles', async () => {
    const fetched: string[] = [];
    const r = await auditLog({
      fetch: (p) => {
        fetched.push(p);
        return Promise.resolve(files.get(p));
      },
      verifierKey,
    });
    expect(r.problems).toEqual([]);
    expect(r.entries).toBe(size);
    expect(fetched).toContain('tile/1/000');
    expect(fetched).toContain('tile/1/001.p/17');
    expect(fetched).toContain('tile/2/000.p/1');
  });

  it('falls back to the full tile when a partial one was deleted', async () => {
    const copy = new Map(files);
    copy.delete('tile/0/273.p/112');
    copy.delete('tile/entries/273.p/112');
    const r = await auditLog({ fetch: serve(copy), verifierKey });
    expect(r.problems).toEqual([]);
  });

  it('names a tampered level-1 tile hash and the entries it covers', async () => {
    const copy = new Map(files);
    const t = copy.get('tile/1/000')!.slice();
    t[32 * 200]! ^= 0x80;
    copy.set('tile/1/000', t);
    const r = await auditLog({ fetch: serve(copy), verifierKey });
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'TLOG_TILE_MISMATCH', path: 'tile/1/000', index: 200 * 256 }),
    ]);
    expect(r.problems[0]!.message).toMatch(/hash 200 \(entries 51200\.\.51455\)/);
  });
});
