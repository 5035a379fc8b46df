import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode } from './bytes.js';
import { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { defaultHasher } from './hasher.js';
import { createNoteSigner, createNoteVerifier, parseNote } from './note.js';
import { TreeAppender } from './tree.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;

interface Checkpoints {
  sumdb_production: {
    verifierKey: string;
    origin: string;
    size: number;
    rootHashB64: string;
    signedNote: string;
  };
  c2sp_spec_example: { checkpoint: string; cosignedCheckpoint: string };
  tessera_testdata: {
    verifierKey: string;
    signerKey: string;
    origin: string;
    leafData: string[];
    checkpoints: { size: number; checkpoint: string }[];
  };
}
const cps = fixture<Checkpoints>('checkpoints.json');

describe('real checkpoints', () => {
  it('the sum.golang.org checkpoint verifies with the production key', async () => {
    const s = cps.sumdb_production;
    const { checkpoint, note } = await verifyCheckpoint(s.signedNote, [createNoteVerifier(s.verifierKey)], {
      origin: s.origin,
    });
    expect(checkpoint.origin).toBe('go.sum database tree');
    expect(checkpoint.size).toBe(s.size);
    expect(base64Encode(checkpoint.rootHash)).toBe(s.rootHashB64);
    expect(note.verified[0]!.name).toBe('sum.golang.org'); // key name differs from origin: allowed
  });

  it('a wrong expected origin is TLOG_ORIGIN_MISMATCH', async () => {
    const s = cps.sumdb_production;
    await expect(
      verifyCheckpoint(s.signedNote, [createNoteVerifier(s.verifierKey)], { origin: 'sum.golang.org' }),
    ).rejects.toMatchObject({
      code: 'TLOG_ORIGIN_MISMATCH',
    });
  });

  const t = cps.tessera_testdata;
  const verifier = createNoteVerifier(t.verifierKey);
  const appender = new TreeAppender();
  const roots = [appender.root()];
  for (const leaf of t.leafData) {
    appender.append(defaultHasher.hashLeaf(new TextEncoder().encode(leaf)));
    roots.push(appender.root());
  }

  for (const c of t.checkpoints) {
    it(`tessera checkpoint ${c.size} verifies and its root is the tree of the first ${c.size} leaves`, async () => {
      const { checkpoint } = await verifyCheckpoint(c.checkpoint, [verifier], { origin: t.origin });
      expect(checkpoint.size).toBe(c.size);
      expect(checkpoint.rootHash).toEqual(roots[c.size]);
    });
  }

  it('re-signing a tessera checkpoint with the published test signer key gives the same bytes', async () => {
    const signer = await createNoteSigner(t.signerKey);
    expect(signer.verifierKey).toBe(t.verifierKey);
    for (const c of t.checkpoints) {
      const cp = parseCheckpoint(parseNote(c.checkpoint).text);
      expect(await signCheckpoint(cp, [signer])).toBe(c.checkpoint);
    }
  });

  it('tampering with size or root breaks the signature', async () => {
    const c = t.checkpoints[7]!.checkpoint;
    await expect(verifyCheckpoint(c.replace('\n7\n', '\n8\n'), [verifier])).rejects.toMatchObject({
      code: 'TLOG_BAD_SIGNATURE',
    });
  });
});

describe('format and parse', () => {
  it('the C2SP example checkpoint and its cosigned form parse (no keys are published)', () => {
    for (const text of [cps.c2sp_spec_example.checkpoint, cps.c2sp_spec_example.cosignedCheckpoint]) {
      const cp = parseCheckpoint(parseNote(text).text);
      expect(cp).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    }
    expect(parseNote(cps.c2sp_spec_example.cosignedCheckpoint).signatures).toHaveLength(2);
  });

  it('formats like sumdb FormatTree (golden)', () => {
    const misc = fixture<{
      formatTree: { N: number; golden: string };
      recordHashHelloWorld: { wantB64: string };
    }>('sumdb_tlog_misc.json');
    const text = formatCheckpoint({
      origin: 'go.sum database tree',
      size: misc.formatTree.N,
      rootHash: base64Decode(misc.recordHashHelloWorld.wantB64)!,
      extensions: [],
    });
    expect(text).toBe(misc.formatTree.golden);
  });

  it('keeps extension lines', () => {
    const cp = {
      origin: 'o',
      size: 0,
      rootHash: defaultHasher.emptyRoot,
      extensions: ['ext one', 'ext two'],
    };
    expect(parseCheckpoint(formatCheckpoint(cp))).toEqual(cp);
  });

  it.each([
    ['too few lines', 'o\n1\n'],
    ['no final newline', 'o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='],
    ['empty origin', '\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'],
    ['leading zero size', 'o\n01\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'],
    ['negative size', 'o\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'],
    ['size beyond 2^53', 'o\n9007199254740993\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'],
    ['short root', 'o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA==\n'],
    ['empty extension line', 'o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n'],
  ])('rejects %s', (_why, text) => {
    expect(() => parseCheckpoint(text)).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_CHECKPOINT' }),
    );
  });
});
