// C2SP tlog-tiles: the static, cacheable encoding of the tree. A tile at level L holds up to 256
// consecutive hashes of tree level 8·L; an entry bundle holds the entries of one level-0 tile.
// Tiles are built from stored hashes on the server and read back by auditors and browsers.

import { bitLength, shiftRight } from './bits.js';
import { TlogError } from './errors.js';
import { HASH_SIZE, defaultHasher, type Hash, type Hasher } from './hasher.js';
import {
  splitStoredHashIndex,
  storedHashIndex,
  withHashes,
  type AsyncHashReader,
  type HashReader,
} from './tree.js';
import { checkSize } from './verify.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256; // 2^TILE_HEIGHT hashes in a full tile
const MAX_LEVEL = 63;
const PATH_BASE = 1000;

/** A Merkle tile or an entry bundle. width is 256 for a full tile, 1..255 for a partial one. */
export type TileRef =
  | { readonly kind: 'hashes'; readonly level: number; readonly index: number; readonly width: number }
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

// ---- paths ---------------------------------------------------------------------------------------

/** Encodes a tile index as zero-padded 3-digit path elements, all but the last prefixed by `x`. */
export function formatTileIndex(n: number): string {
  checkSize('tile index', n);
  let s = String(n % PATH_BASE).padStart(3, '0');
  for (let rest = Math.floor(n / PATH_BASE); rest > 0; rest = Math.floor(rest / PATH_BASE)) {
    s = `x${String(rest % PATH_BASE).padStart(3, '0')}/${s}`;
  }
  return s;
}

/** `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`, relative to the log prefix. */
export function tilePath(tile: TileRef): string {
  checkTile(tile);
  const head = tile.kind === 'entries' ? 'tile/entries' : `tile/${tile.level}`;
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  return `${head}/${formatTileIndex(tile.index)}${partial}`;
}

function checkTile(tile: TileRef): void {
  checkSize('tile index', tile.index);
  if (!Number.isInteger(tile.width) || tile.width < 1 || tile.width > TILE_WIDTH) {
    throw new TlogError('TLOG_INVALID_ARGUMENT', `tile width must be 1..${TILE_WIDTH}, got ${tile.width}`);
  }
  if (tile.kind === 'hashes' && (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_LEVEL)) {
    throw new TlogError('TLOG_INVALID_ARGUMENT', `tile level must be 0..${MAX_LEVEL}, got ${tile.level}`);
  }
}

/**
 * Parses a tile or entry-bundle path (with or without a leading `/`, relative to the log prefix).
 * Only the canonical encoding is accepted, so every tile has exactly one path.
 */
export function parseTilePath(path: string): TileRef {
  const bad = (why: string): TlogError =>
    new TlogError('TLOG_MALFORMED_TILE_PATH', `bad tile path ${JSON.stringify(path)}: ${why}`);
  const f = path.replace(/^\//, '').split('/');
  if (f.length < 3 || f[0] !== 'tile') throw bad('want tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]');
  const levelText = f[1]!;
  let width = TILE_WIDTH;
  let elems = f.slice(2);
  const beforeLast = elems[elems.length - 2];
  if (beforeLast !== undefined && beforeLast.endsWith('.p')) {
    const w = elems[elems.length - 1]!;
    if (!/^[1-9][0-9]{0,2}$/.test(w) || Number(w) >= TILE_WIDTH) throw bad('partial width must be 1..255');
    width = Number(w);
    elems = [...elems.slice(0, -2), beforeLast.slice(0, -2)];
  }
  let index = 0;
  for (const e of elems) {
    if (!/^x?[0-9]{3}$/.test(e)) throw bad('index elements are 3 digits');
    index = index * PATH_BASE + Number(e.replace('x', ''));
  }
  if (!Number.isSafeInteger(index)) throw bad('index too large');
  let tile: TileRef;
  if (levelText === 'entries') {
    tile = { kind: 'entries', index, width };
  } else {
    if (!/^(0|[1-9][0-9]?)$/.test(levelText) || Number(levelText) > MAX_LEVEL)
      throw bad('level must be 0..63');
    tile = { kind: 'hashes', level: Number(levelText), index, width };
  }
  // Re-encoding rejects non-canonical forms: a missing or extra `x`, leading zero elements, ...
  if (tilePath(tile) !== path.replace(/^\//, '')) throw bad('not in canonical form');
  return tile;
}

// ---- which tiles exist ---------------------------------------------------------------------------

interface TileCoord {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** Go's tlog.NewTiles for any tile height: the tiles that change when a tree grows. */
export function newTilesWithHeight(height: number, oldSize: number, newSize: number): TileCoord[] {
  checkSize('oldSize', oldSize);
  checkSize('newSize', newSize);
  const full = 2 ** height;
  const out: TileCoord[] = [];
  for (let level = 0; shiftRight(newSize, height * level) > 0; level++) {
    const oldN = shiftRight(oldSize, height * level);
    const newN = shiftRight(newSize, height * level);
    if (oldN === newN) continue;
    for (let n = shiftRight(oldN, height); n < shiftRight(newN, height); n++)
      out.push({ level, index: n, width: full });
    const n = shiftRight(newN, height);
    const w = newN - n * full;
    if (w > 0) out.push({ level, index: n, width: w });
  }
  return out;
}

/**
 * The Merkle tiles a server must write (full ones once, partial ones for this size) when the tree
 * grows from oldSize to newSize, lowest level first. Each level-0 tile has a matching entry bundle.
 */
export function newTiles(oldSize: number, newSize: number): TileRef[] {
  return newTilesWithHeight(TILE_HEIGHT, oldSize, newSize).map((t) => ({ kind: 'hashes', ...t }));
}

/** Every Merkle tile of a tree of `size` leaves (full and partial), lowest level first. */
export function tilesForSize(size: number): TileRef[] {
  return newTiles(0, size);
}

/** How many hashes of level-`level` tile `index` exist in a tree of `size` leaves (0..256). */
export function tileWidthAt(size: number, level: number, index: number): number {
  const available = shiftRight(size, TILE_HEIGHT * level) - index * TILE_WIDTH;
  return Math.max(0, Math.min(TILE_WIDTH, available));
}

// ---- building and reading tiles ------------------------------------------------------------------

function tileIndexes(tile: TileRef & { kind: 'hashes' }): number[] {
  const start = tile.index * TILE_WIDTH;
  const out: number[] = [];
  for (let i = 0; i < tile.width; i++) out.push(storedHashIndex(TILE_HEIGHT * tile.level, start + i));
  return out;
}

function joinHashes(hashes: readonly Hash[]): Uint8Array {
  const data = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => data.set(h, i * HASH_SIZE));
  return data;
}

/** The bytes of a Merkle tile, read from stored hashes. Go: tlog.ReadTileData. */
export function readTileData(tile: TileRef, reader: HashReader): Uint8Array;
export function readTileData(tile: TileRef, reader: AsyncHashReader): Promise<Uint8Array>;
export function readTileData(
  tile: TileRef,
  reader: HashReader | AsyncHashReader,
): Uint8Array | Promise<Uint8Array> {
  checkTile(tile);
  if (tile.kind !== 'hashes')
    throw new TlogError('TLOG_INVALID_ARGUMENT', 'entry bundles are built from entries, not hashes');
  return withHashes(tileIndexes(tile), reader, joinHashes);
}

/** Splits tile bytes into hashes; throws TLOG_MALFORMED_TILE if the length is not `width` hashes. */
export function tileHashes(data: Uint8Array, width?: number): Hash[] {
  if (width !== undefined && data.length !== width * HASH_SIZE) {
    throw new TlogError(
      'TLOG_MALFORMED_TILE',
      `tile has ${data.length} bytes, want ${width * HASH_SIZE} (${width} hashes)`,
    );
  }
  if (data.length % HASH_SIZE !== 0 || data.length === 0 || data.length > TILE_WIDTH * HASH_SIZE) {
    throw new TlogError(
      'TLOG_MALFORMED_TILE',
      `tile has ${data.length} bytes, not 1..256 hashes of ${HASH_SIZE} bytes`,
    );
  }
  const out: Hash[] = [];
  for (let o = 0; o < data.length; o += HASH_SIZE) out.push(data.slice(o, o + HASH_SIZE));
  return out;
}

/** RFC 6962 MTH over hashes that are already leaves of the subtree (e.g. a full tile's 256). */
export function merkleRootOfHashes(hashes: readonly Hash[], hasher: Hasher = defaultHasher): Hash {
  if (hashes.length === 0) return hasher.emptyRoot;
  if (hashes.length === 1) return hashes[0]!;
  const k = 2 ** (bitLength(hashes.length - 1) - 1); // largest power of two < length
  return hasher.hashChildren(
    merkleRootOfHashes(hashes.slice(0, k), hasher),
    merkleRootOfHashes(hashes.slice(k), hasher),
  );
}

/**
 * Where a stored hash lives: the tile (with the smallest width that contains it) and the range of
 * that tile's hashes whose subtree root it is. Hashes at levels that are not multiples of 8 are
 * computed from 2^(level mod 8) tile hashes.
 */
export function tileForStoredIndex(storedIndex: number): {
  tile: TileRef & { kind: 'hashes' };
  start: number;
  end: number;
} {
  const { level, n } = splitStoredHashIndex(storedIndex);
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const within = level - tileLevel * TILE_HEIGHT; // level inside the tile
  const span = 2 ** within; // tile hashes under this node
  const first = n * span; // index of the first covered hash at the tile's base level
  const index = Math.floor(first / TILE_WIDTH);
  const start = first - index * TILE_WIDTH;
  return { tile: { kind: 'hashes', level: tileLevel, index, width: start + span }, start, end: start + span };
}

/** Reads a stored hash out of tile bytes. Go: tlog.HashFromTile. */
export function hashFromTile(
  tile: TileRef,
  data: Uint8Array,
  storedIndex: number,
  hasher: Hasher = defaultHasher,
): Hash {
  checkTile(tile);
  const where = tileForStoredIndex(storedIndex);
  if (
    tile.kind !== 'hashes' ||
    tile.level !== where.tile.level ||
    tile.index !== where.tile.index ||
    tile.width < where.tile.width
  ) {
    throw new TlogError(
      'TLOG_MALFORMED_TILE',
      `stored hash ${storedIndex} is in ${tilePath(where.tile)}, not ${tilePath(tile)}`,
    );
  }
  if (data.length < tile.width * HASH_SIZE) {
    throw new TlogError(
      'TLOG_MALFORMED_TILE',
      `${tilePath(tile)} has ${data.length} bytes, want ${tile.width * HASH_SIZE}`,
    );
  }
  const hashes = tileHashes(data.subarray(where.start * HASH_SIZE, where.end * HASH_SIZE));
  return merkleRootOfHashes(hashes, hasher);
}

/**
 * An async HashReader over a remote tiled log of `size` leaves: fetches (once each) the tiles
 * that hold the asked-for hashes. Tiles are not authenticated here; a proof built from them is
 * checked against a signed checkpoint's root, which any tampered tile would fail to match.
 */
export function tileHashReader(
  size: number,
  fetchTile: (path: string) => Promise<Uint8Array | undefined>,
  hasher: Hasher = defaultHasher,
): AsyncHashReader {
  checkSize('size', size);
  const cache = new Map<string, Promise<Uint8Array>>();
  const load = (tile: TileRef): Promise<Uint8Array> => {
    const path = tilePath(tile);
    let p = cache.get(path);
    if (p === undefined) {
      p = fetchTile(path).then((data) => {
        if (data === undefined) throw new TlogError('TLOG_FETCH_FAILED', `${path} not found`);
        tileHashes(data, tile.width);
        return data;
      });
      cache.set(path, p);
    }
    return p;
  };
  return async (indexes) =>
    Promise.all(
      indexes.map(async (storedIndex) => {
        const { tile } = tileForStoredIndex(storedIndex);
        const width = tileWidthAt(size, tile.level, tile.index);
        if (width < tile.width) {
          throw new TlogError(
            'TLOG_INVALID_ARGUMENT',
            `stored hash ${storedIndex} is not part of a tree of size ${size}`,
          );
        }
        const have: TileRef = { ...tile, width };
        return hashFromTile(have, await load(have), storedIndex, hasher);
      }),
    );
}

// ---- entry bundles -------------------------------------------------------------------------------

export const MAX_ENTRY_SIZE = 0xffff;

/** Encodes entries as a bundle: each a big-endian uint16 length followed by its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) {
    throw new TlogError(
      'TLOG_MALFORMED_BUNDLE',
      `a bundle holds at most ${TILE_WIDTH} entries, got ${entries.length}`,
    );
  }
  let n = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_ENTRY_SIZE) {
      throw new TlogError(
        'TLOG_MALFORMED_BUNDLE',
        `entry ${i} has ${e.length} bytes; bundles allow at most ${MAX_ENTRY_SIZE}`,
      );
    }
    n += 2 + e.length;
  });
  const out = new Uint8Array(n);
  let o = 0;
  for (const e of entries) {
    out[o] = e.length >>> 8;
    out[o + 1] = e.length & 0xff;
    out.set(e, o + 2);
    o += 2 + e.length;
  }
  return out;
}

/** Decodes a bundle; throws TLOG_MALFORMED_BUNDLE if it is truncated or has more than 256 entries. */
export function parseEntryBundle(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  while (o < data.length) {
    if (o + 2 > data.length) {
      throw new TlogError('TLOG_MALFORMED_BUNDLE', `entry ${out.length}: length prefix cut off at byte ${o}`);
    }
    const len = (data[o]! << 8) | data[o + 1]!;
    if (o + 2 + len > data.length) {
      throw new TlogError(
        'TLOG_MALFORMED_BUNDLE',
        `entry ${out.length}: declares ${len} bytes at byte ${o}, only ${data.length - o - 2} remain`,
      );
    }
    out.push(data.slice(o + 2, o + 2 + len));
    o += 2 + len;
    if (out.length > TILE_WIDTH)
      throw new TlogError('TLOG_MALFORMED_BUNDLE', `bundle has more than ${TILE_WIDTH} entries`);
  }
  return out;
}
