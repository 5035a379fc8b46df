import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64Encode } from './bytes.js';
import { defaultHasher, type Hash } from './hasher.js';
import { MemoryHashStore } from './memory-store.js';
import { createNoteVerifier } from './note.js';
import { formatTlogProof, parseTlogProof, verifyTlogProof, type TlogProof } from './tlog-proof.js';
import { TreeAppender, proveInclusion } from './tree.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;

const t = fixture<{
  tessera_testdata: {
    verifierKey: string;
    origin: string;
    leafData: string[];
    checkpoints: { size: number; checkpoint: string }[];
  };
  sumdb_production: { verifierKey: string };
}>('checkpoints.json').tessera_testdata;
const enc = new TextEncoder();
const verifiers = [createNoteVerifier(t.verifierKey)];
const checkpoint15 = t.checkpoints[15]!.checkpoint;

const store = new MemoryHashStore();
const appender = new TreeAppender();
for (const leaf of t.leafData) store.append(appender.append(defaultHasher.hashLeaf(enc.encode(leaf))));

function receipt(index: number, withExtra = true): TlogProof {
  const proof = proveInclusion(index, 15, store.reader);
  const leaf = t.leafData[index];
  if (leaf === undefined) throw new Error(`no leaf ${index}`);
  const extra = enc.encode(leaf);
  return withExtra
    ? { extra, index, proof, checkpoint: checkpoint15 }
    : { index, proof, checkpoint: checkpoint15 };
}

// Filo's convention (an application choice the spec leaves open): extra carries the entry bytes.
const leafFromExtra = (extra: Uint8Array | undefined): Hash => {
  if (extra === undefined) throw new Error('no extra data');
  return defaultHasher.hashLeaf(extra);
};

describe('tlog-proof@v1', () => {
  it('has the exact wire format of the spec', () => {
    const p = receipt(3);
    const text = formatTlogProof(p);
    const lines = text.split('\n');
    expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
    expect(lines[1]).toBe(`extra ${base64Encode(enc.encode('four'))}`);
    expect(lines[2]).toBe('index 3');
    expect(lines.slice(3, 3 + p.proof.length)).toEqual(p.proof.map(base64Encode));
    expect(lines[3 + p.proof.length]).toBe('');
    expect(text.endsWith(`\n\n${checkpoint15}`)).toBe(true);
    expect(parseTlogProof(text)).toEqual(p);
  });

  it('omits the extra line when there is no extra data', () => {
    const text = formatTlogProof(receipt(0, false));
    expect(text.split('\n')[1]).toBe('index 0');
    expect(parseTlogProof(text).extra).toBeUndefined();
  });

  for (let i = 0; i < 15; i++) {
    it(`entry ${i} of the tessera log verifies against checkpoint 15`, async () => {
      const v = await verifyTlogProof(formatTlogProof(receipt(i)), {
        origin: t.origin,
        verifiers,
        leafHash: leafFromExtra,
      });
      expect(v.index).toBe(i);
      expect(v.checkpoint.size).toBe(15);
    });
  }

  it('accepts a leaf hash the application computed itself', async () => {
    const leafHash = defaultHasher.hashLeaf(enc.encode('seven'));
    await expect(
      verifyTlogProof(receipt(6, false), { origin: t.origin, verifiers, leafHash }),
    ).resolves.toMatchObject({ index: 6 });
  });

  it('ignores witness cosignatures it has no key for', async () => {
    const cosigned = `${checkpoint15}\u2014 witness.example/w1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`;
    const text = formatTlogProof({ ...receipt(2), checkpoint: cosigned });
    await expect(
      verifyTlogProof(text, { origin: t.origin, verifiers, leafHash: leafFromExtra }),
    ).resolves.toMatchObject({
      index: 2,
    });
  });

  it('fails, with a code, for the wrong entry, index, proof, origin or key', async () => {
    const ok = receipt(5);
    const opts = { origin: t.origin, verifiers, leafHash: leafFromExtra };
    await expect(verifyTlogProof({ ...ok, extra: enc.encode('SIX') }, opts)).rejects.toMatchObject({
      code: 'TLOG_BAD_PROOF',
    });
    await expect(verifyTlogProof({ ...ok, index: 4 }, opts)).rejects.toMatchObject({
      code: 'TLOG_BAD_PROOF',
    });
    await expect(verifyTlogProof({ ...ok, index: 15 }, opts)).rejects.toMatchObject({
      code: 'TLOG_INVALID_ARGUMENT',
    });
    const flipped = ok.proof.map((h) => h.slice());
    flipped[1]![0]! ^= 1;
    await expect(verifyTlogProof({ ...ok, proof: flipped }, opts)).rejects.toMatchObject({
      code: 'TLOG_BAD_PROOF',
    });
    await expect(verifyTlogProof(ok, { ...opts, origin: 'example.com/other' })).rejects.toMatchObject({
      code: 'TLOG_ORIGIN_MISMATCH',
    });
    const sumdbKey = fixture<{ sumdb_production: { verifierKey: string } }>('checkpoints.json')
      .sumdb_production.verifierKey;
    await expect(
      verifyTlogProof(ok, { ...opts, verifiers: [createNoteVerifier(sumdbKey)] }),
    ).rejects.toMatchObject({
      code: 'TLOG_UNVERIFIED_NOTE',
    });
  });

  it('parses the spec example proof lines (its signatures are elided, so with a real checkpoint)', () => {
    const example = [
      'c2sp.org/tlog-proof@v1',
      'extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ',
      'index 73894',
      'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=',
      'B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=',
      'EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=',
      'RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=',
      'AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=',
    ].join('\n');
    const p = parseTlogProof(`${example}\n\n${checkpoint15}`);
    expect(p.index).toBe(73894);
    expect(p.proof).toHaveLength(5);
    expect(p.extra).toHaveLength(39);
  });

  it.each([
    ['a wrong header', (s: string) => s.replace('tlog-proof@v1', 'tlog-proof@v2')],
    ['a leading-zero index', (s: string) => s.replace('index 3', 'index 03')],
    ['no index line', (s: string) => s.replace('index 3\n', '')],
    ['bad extra base64', (s: string) => s.replace(/^extra .*$/m, 'extra ###')],
    ['a short proof hash', (s: string) => s.replace(/^index 3\n[^\n]*/m, 'index 3\nAAAA')],
    ['no blank line before the checkpoint', (s: string) => s.slice(0, s.indexOf('\n\n'))],
    [
      'a checkpoint that is not a signed checkpoint',
      (s: string) => s.slice(0, s.indexOf('\n\n') + 2) + 'hello\n',
    ],
  ])('rejects a proof with %s', (_why, mangle) => {
    expect(() => parseTlogProof(mangle(formatTlogProof(receipt(3))))).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_PROOF' }),
    );
  });
});
