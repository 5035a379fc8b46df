import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64Decode, hexEncode } from './bytes.js';
import { parseCheckpoint } from './checkpoint.js';
import { defaultHasher, type Hash } from './hasher.js';
import { MemoryHashStore } from './memory-store.js';
import { parseNote } from './note.js';
import {
  TILE_WIDTH,
  encodeEntryBundle,
  formatTileIndex,
  hashFromTile,
  newTiles,
  newTilesWithHeight,
  parseEntryBundle,
  parseTilePath,
  readTileData,
  tileForStoredIndex,
  tileHashReader,
  tileHashes,
  tilePath,
  tileWidthAt,
  tilesForSize,
  type TileRef,
} from './tile.js';
import { TreeAppender, proveConsistency, proveInclusion, storedHashCount, treeHash } from './tree.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;

interface SumdbTile {
  readonly H: number;
  readonly L: number;
  readonly N: number;
  readonly W: number;
}
interface TilePaths {
  readonly sumdb: {
    readonly cases: readonly { path: string; tile: SumdbTile | null }[];
    readonly docExample: readonly { path: string; tile: SumdbTile }[];
    readonly newTilesCount: { readonly cases: readonly [number, number, number][] };
  };
  readonly c2sp: {
    readonly indexEncodingExample: { N: number; encoded: string };
    readonly treeSize70000: Record<string, number>;
    readonly treeSize256: Record<string, number>;
  };
}
const paths = fixture<TilePaths>('tile_paths.json');

/** sumdb paths carry the height (tile/H/L/N); C2SP fixes it at 8 and drops it (tile/L/N). */
function sumdbToC2sp(path: string): string {
  const [, , ...rest] = path.split('/');
  const level = rest[0] === 'data' ? 'entries' : rest[0];
  return ['tile', level, ...rest.slice(1)].join('/');
}

describe('tile paths', () => {
  it('encodes N in 3-digit elements as the C2SP example says', () => {
    expect(formatTileIndex(paths.c2sp.indexEncodingExample.N)).toBe(paths.c2sp.indexEncodingExample.encoded);
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(999)).toBe('999');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(formatTileIndex(1_000_000)).toBe('x001/x000/000');
  });

  for (const c of paths.sumdb.cases) {
    const c2sp = sumdbToC2sp(c.path);
    it(`sumdb ${c.path} → C2SP ${c2sp} ${c.tile === null ? 'is rejected' : 'parses'}`, () => {
      if (c.tile === null) {
        expect(() => parseTilePath(c2sp)).toThrow(
          expect.objectContaining({ code: 'TLOG_MALFORMED_TILE_PATH' }),
        );
        return;
      }
      const t = parseTilePath(c2sp);
      const fullInSumdb = c.tile.W === 2 ** c.tile.H;
      // The index and the partial width carry over; a full sumdb tile (2^H wide) is a full C2SP tile.
      expect(t.index).toBe(c.tile.N);
      expect(t.width).toBe(fullInSumdb ? TILE_WIDTH : c.tile.W);
      if (c.tile.L === -1) expect(t.kind).toBe('entries');
      else expect(t).toMatchObject({ kind: 'hashes', level: c.tile.L });
      expect(tilePath(t)).toBe(c2sp);
    });
  }

  for (const c of paths.sumdb.docExample) {
    it(`sumdb doc example ${c.path}`, () => {
      const t = parseTilePath(sumdbToC2sp(c.path));
      expect(t).toMatchObject({ kind: 'hashes', level: c.tile.L, index: c.tile.N });
    });
  }

  it('round-trips entry bundle and partial paths', () => {
    const cases: [TileRef, string][] = [
      [{ kind: 'hashes', level: 0, index: 0, width: 256 }, 'tile/0/000'],
      [{ kind: 'hashes', level: 0, index: 0, width: 15 }, 'tile/0/000.p/15'],
      [{ kind: 'hashes', level: 2, index: 1234067, width: 1 }, 'tile/2/x001/x234/067.p/1'],
      [{ kind: 'entries', index: 1234067, width: 256 }, 'tile/entries/x001/x234/067'],
      [{ kind: 'entries', index: 5, width: 255 }, 'tile/entries/005.p/255'],
    ];
    for (const [tile, p] of cases) {
      expect(tilePath(tile)).toBe(p);
      expect(parseTilePath(p)).toEqual(tile);
      expect(parseTilePath(`/${p}`)).toEqual(tile);
    }
  });

  it.each([
    'tile/00/000', // leading zero in the level
    'tile/64/000', // level out of range
    'tile/0/0000',
    'tile/0/x000/001', // non-canonical: leading zero element
    'tile/0/001/002', // non-final element without x
    'tile/0/x001', // final element with x
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/015',
    'tile/0/000.p',
    'tile/data/000',
    'tiles/0/000',
    'tile/0/',
  ])('rejects %s', (p) => {
    expect(() => parseTilePath(p)).toThrow(expect.objectContaining({ code: 'TLOG_MALFORMED_TILE_PATH' }));
  });
});

describe('which tiles exist', () => {
  const count = (tiles: readonly TileRef[], level: number, full: boolean): number =>
    tiles.filter((t) => t.kind === 'hashes' && t.level === level && (t.width === TILE_WIDTH) === full).length;
  const partialWidth = (tiles: readonly TileRef[], level: number): number | undefined =>
    tiles.find((t) => t.kind === 'hashes' && t.level === level && t.width < TILE_WIDTH)?.width;

  it('a tree of 70,000 leaves (C2SP example)', () => {
    const t = tilesForSize(70_000);
    const want = paths.c2sp.treeSize70000;
    expect(count(t, 0, true)).toBe(want.level0Full);
    expect(partialWidth(t, 0)).toBe(want.level0PartialWidth);
    expect(count(t, 1, true)).toBe(want.level1Full);
    expect(partialWidth(t, 1)).toBe(want.level1PartialWidth);
    expect(partialWidth(t, 2)).toBe(want.level2PartialWidth);
    expect(t).toHaveLength(want.level0Full! + 1 + want.level1Full! + 1 + 1);
  });

  it('a tree of 256 leaves (C2SP example)', () => {
    const t = tilesForSize(256);
    expect(count(t, 0, true)).toBe(paths.c2sp.treeSize256.level0Full);
    expect(partialWidth(t, 0)).toBeUndefined();
    expect(partialWidth(t, 1)).toBe(paths.c2sp.treeSize256.level1PartialWidth);
    expect(tileWidthAt(256, 1, 0)).toBe(1);
    expect(tileWidthAt(70_000, 0, 273)).toBe(112);
    expect(tileWidthAt(70_000, 0, 274)).toBe(0);
  });

  for (const [oldSize, newSize, want] of paths.sumdb.newTilesCount.cases) {
    it(`sumdb NewTiles(h=10, ${oldSize}, ${newSize}) has ${want} tiles`, () => {
      expect(newTilesWithHeight(10, oldSize, newSize)).toHaveLength(want);
    });
  }

  it('newTiles(old, new) at height 8 lists exactly the tiles that differ', () => {
    expect(newTiles(255, 256)).toEqual([
      { kind: 'hashes', level: 0, index: 0, width: 256 },
      { kind: 'hashes', level: 1, index: 0, width: 1 },
    ]);
    expect(newTiles(300, 300)).toEqual([]);
  });
});

describe('building tiles from stored hashes', () => {
  const n = 70_000;
  const store = new MemoryHashStore();
  const appender = new TreeAppender();
  const leaves: Hash[] = [];
  for (let i = 0; i < n; i++) {
    const lh = defaultHasher.hashLeaf(new TextEncoder().encode(`leaf ${i}`));
    leaves.push(lh);
    store.append(appender.append(lh));
  }
  const tiles = new Map(tilesForSize(n).map((t) => [tilePath(t), readTileData(t, store.reader)]));

  it('level-0 tiles hold the leaf hashes and upper tiles the full-tile roots', () => {
    const t0 = tileHashes(tiles.get('tile/0/273.p/112')!, 112);
    expect(t0[0]).toEqual(leaves[273 * 256]);
    const t1 = tileHashes(tiles.get('tile/1/000')!, 256);
    expect(t1[5]).toEqual(treeHashOf(leaves.slice(5 * 256, 6 * 256)));
    const t2 = tileHashes(tiles.get('tile/2/000.p/1')!, 1);
    expect(t2[0]).toEqual(treeHashOf(leaves.slice(0, 65_536)));
  });

  it('every stored hash of the tree can be read back out of the tiles', () => {
    const count = storedHashCount(n);
    for (let i = 0; i < count; i += 97) {
      const { tile } = tileForStoredIndex(i);
      const width = tileWidthAt(n, tile.level, tile.index);
      const have = { ...tile, width };
      expect(hashFromTile(have, tiles.get(tilePath(have))!, i)).toEqual(store.reader([i])[0]);
    }
  });

  it('a tile reader over the tiles yields proofs that verify against the root', async () => {
    let fetches = 0;
    const reader = tileHashReader(n, (p) => {
      fetches++;
      return Promise.resolve(tiles.get(p));
    });
    const root = appender.root();
    expect(await treeHash(n, reader)).toEqual(root);
    for (const i of [0, 255, 256, 65_535, 65_536, 69_999]) {
      verifyInclusion(i, n, leaves[i]!, await proveInclusion(i, n, reader), root);
    }
    const old = 12_345;
    verifyConsistency(old, n, await proveConsistency(old, n, reader), treeHash(old, store.reader), root);
    expect(fetches).toBeLessThan(20); // tiles are cached
  });

  it('async readers work for readTileData', async () => {
    const t: TileRef = { kind: 'hashes', level: 0, index: 3, width: 256 };
    expect(await readTileData(t, (ix: readonly number[]) => Promise.resolve(store.reader(ix)))).toEqual(
      tiles.get('tile/0/003'),
    );
  });

  it('rejects tiles of the wrong size with TLOG_MALFORMED_TILE', () => {
    expect(() => tileHashes(new Uint8Array(33))).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_TILE' }),
    );
    expect(() => tileHashes(new Uint8Array(64), 3)).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_TILE' }),
    );
  });
});

function treeHashOf(leaves: readonly Hash[]): Hash {
  const a = new TreeAppender();
  a.appendAll(leaves);
  return a.root();
}

describe('the tessera test log (a real C2SP tlog-tiles log)', () => {
  const files = fixture<{ filesBase64: Record<string, string> }>(
    'tlog_tiles_tessera_testdata.json',
  ).filesBase64;
  const cps = fixture<{
    tessera_testdata: { leafData: string[]; checkpoints: { size: number; checkpoint: string }[] };
  }>('checkpoints.json').tessera_testdata;
  const enc = new TextEncoder();

  it('the JSON copy matches the raw files', () => {
    for (const [p, b64] of Object.entries(files)) {
      const raw = new Uint8Array(
        readFileSync(new URL(`../../test/fixtures/tlog/tessera-testdata-log/${p}`, import.meta.url)),
      );
      expect(raw).toEqual(base64Decode(b64));
    }
  });

  for (let size = 1; size <= 15; size++) {
    it(`size ${size}: our entry bundle and level-0 tile equal tessera's byte for byte`, () => {
      const entries = cps.leafData.slice(0, size).map((s) => enc.encode(s));
      expect(hexEncode(encodeEntryBundle(entries))).toBe(
        hexEncode(base64Decode(files[`tile/entries/000.p/${size}`]!)!),
      );
      expect(parseEntryBundle(base64Decode(files[`tile/entries/000.p/${size}`]!)!)).toEqual(entries);
      const store = new MemoryHashStore();
      const a = new TreeAppender();
      for (const e of entries) store.append(a.append(defaultHasher.hashLeaf(e)));
      const tile = readTileData({ kind: 'hashes', level: 0, index: 0, width: size }, store.reader);
      expect(hexEncode(tile)).toBe(hexEncode(base64Decode(files[`tile/0/000.p/${size}`]!)!));
      const cp = parseCheckpoint(parseNote(cps.checkpoints[size]!.checkpoint).text);
      expect(cp.size).toBe(size);
      expect(a.root()).toEqual(cp.rootHash);
    });
  }
});

describe('entry bundles', () => {
  it('round-trip, including empty and maximum-size entries', () => {
    const entries = [new Uint8Array(0), new Uint8Array(0xffff).fill(9), Uint8Array.from([1, 2, 3])];
    expect(parseEntryBundle(encodeEntryBundle(entries))).toEqual(entries);
  });

  it('reject entries over 65535 bytes and truncated bundles with TLOG_MALFORMED_BUNDLE', () => {
    expect(() => encodeEntryBundle([new Uint8Array(0x10000)])).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_BUNDLE' }),
    );
    const b = encodeEntryBundle([Uint8Array.from([1, 2, 3])]);
    expect(() => parseEntryBundle(b.subarray(0, 4))).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_BUNDLE' }),
    );
    expect(() => parseEntryBundle(Uint8Array.from([0]))).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_BUNDLE' }),
    );
  });
});
