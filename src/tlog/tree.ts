// The server side of the Merkle tree, after Go's golang.org/x/mod/sumdb/tlog: every hash the log
// will ever need is stored once, append-only, at a "stored hash index", so a proof or a tile for
// any tree size costs O(log n) reads of immutable rows. Appending never rewrites a stored hash.
//
// Storage order: when leaf n is appended, its leaf hash is stored, followed by the hash of every
// complete subtree that leaf closes, lowest level first. Level L's n-th hash thus sits right after
// level L-1's (2n+1)-th hash, and a tree of n leaves has storedHashCount(n) = 2n - popcount(n).

import { bitLength, onesCount, shiftRight, trailingZeros, largestPowerOfTwoBelow } from './bits.js';
import { TlogError } from './errors.js';
import { HASH_SIZE, defaultHasher, type Hash, type Hasher } from './hasher.js';
import { checkSize } from './verify.js';

/** Reads stored hashes by stored hash index, synchronously (an in-memory array, better-sqlite3). */
export type HashReader = (indexes: readonly number[]) => readonly Hash[];
/** Reads stored hashes by stored hash index, asynchronously (PostgreSQL, object storage, tiles). */
export type AsyncHashReader = (indexes: readonly number[]) => Promise<readonly Hash[]>;

/** The stored hash index of the n-th hash at `level` (level 0 = leaf hashes). */
export function storedHashIndex(level: number, n: number): number {
  checkSize('level', level);
  checkSize('n', n);
  // Level L's n-th hash is written right after level 0's ((n+1)·2^L − 1)-th leaf hash, and leaf m
  // is written at m + m/2 + m/4 + ... = 2m − popcount(m).
  const m = n * 2 ** level + 2 ** level - 1;
  return 2 * m - onesCount(m) + level;
}

/** The inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  checkSize('index', index);
  // storedHashIndex(0, n) <= 2n, so the leaf that was appended last before `index` is at least
  // index/2; walk forward (at most log2(index) steps).
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    // Appending leaf n adds 1 + trailingZeros(n + 1) hashes.
    const next = indexN + 1 + trailingZeros(n + 1);
    if (next > index) break;
    n++;
    indexN = next;
  }
  const level = index - indexN;
  return { level, n: shiftRight(n, level) };
}

/** How many hashes are stored for a tree of `size` leaves; the next hash goes at this index. */
export function storedHashCount(size: number): number {
  checkSize('size', size);
  return 2 * size - onesCount(size);
}

/**
 * The stored hash indexes of the tree's "frontier": the roots of the maximal complete subtrees
 * of a tree of `size` leaves, largest (leftmost) first. These are all an appender needs, and all
 * that treeHash reads.
 */
export function frontierIndexes(size: number): number[] {
  checkSize('size', size);
  return subTreeIndexes(0, size, []);
}

// ---- reading through sync or async readers ------------------------------------------------------

function isPromise<T>(x: T | Promise<T>): x is Promise<T> {
  return typeof (x as { then?: unknown } | null)?.then === 'function';
}

function checkRead(indexes: readonly number[], hashes: readonly Hash[]): readonly Hash[] {
  if (hashes.length !== indexes.length) {
    throw new TlogError(
      'TLOG_BAD_STORE_READ',
      `asked for ${indexes.length} hashes, reader returned ${hashes.length}`,
    );
  }
  hashes.forEach((h, i) => {
    if (h.length !== HASH_SIZE) {
      throw new TlogError(
        'TLOG_BAD_STORE_READ',
        `stored hash ${indexes[i]} has ${h.length} bytes, want ${HASH_SIZE}`,
      );
    }
  });
  return hashes;
}

/**
 * Reads `indexes` and hands the hashes to `compute`: synchronously for a sync reader, as a promise
 * for an async one. Every operation is "plan the indexes, read once, compute", as in Go's tlog,
 * so one implementation serves both kinds of store.
 */
export function withHashes<T>(
  indexes: readonly number[],
  reader: HashReader | AsyncHashReader,
  compute: (hashes: readonly Hash[]) => T,
): T | Promise<T> {
  if (indexes.length === 0) return compute([]);
  const got = reader(indexes);
  if (isPromise(got)) return got.then((hashes) => compute(checkRead(indexes, hashes)));
  return compute(checkRead(indexes, got));
}

// ---- subtree planning and hashing (RFC 6962 §2.1 MTH over stored complete subtrees) -------------

/** Appends the indexes needed for the hash of leaves [lo, hi) and returns `need`. */
function subTreeIndexes(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const k = 2 ** (bitLength(hi - lo) - 1); // largest power of two <= hi - lo
    need.push(storedHashIndex(bitLength(k) - 1, lo / k));
    lo += k;
  }
  return need;
}

class Cursor {
  #pos = 0;
  constructor(readonly hashes: readonly Hash[]) {}
  next(): Hash {
    const h = this.hashes[this.#pos++];
    if (h === undefined) throw new TlogError('TLOG_BAD_STORE_READ', 'internal: hash plan and read disagree');
    return h;
  }
}

/** Consumes the hashes planned by subTreeIndexes(lo, hi) and folds them into MTH(D[lo:hi]). */
function subTreeHash(lo: number, hi: number, cur: Cursor, hasher: Hasher): Hash {
  const parts: Hash[] = [];
  while (lo < hi) {
    const k = 2 ** (bitLength(hi - lo) - 1);
    parts.push(cur.next());
    lo += k;
  }
  let h = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) h = hasher.hashChildren(parts[i]!, h);
  return h;
}

// ---- tree hash -----------------------------------------------------------------------------------

/** The RFC 6962 root of the first `size` leaves (SHA-256("") for size 0). Go: tlog.TreeHash. */
export function treeHash(size: number, reader: HashReader, hasher?: Hasher): Hash;
export function treeHash(size: number, reader: AsyncHashReader, hasher?: Hasher): Promise<Hash>;
export function treeHash(
  size: number,
  reader: HashReader | AsyncHashReader,
  hasher: Hasher = defaultHasher,
): Hash | Promise<Hash> {
  checkSize('size', size);
  if (size === 0) return hasher.emptyRoot;
  return withHashes(subTreeIndexes(0, size, []), reader, (hashes) =>
    subTreeHash(0, size, new Cursor(hashes), hasher),
  );
}

// ---- inclusion proofs ----------------------------------------------------------------------------

function leafProofIndexes(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n < lo + k) {
    leafProofIndexes(lo, lo + k, n, need);
    subTreeIndexes(lo + k, hi, need);
  } else {
    subTreeIndexes(lo, lo + k, need);
    leafProofIndexes(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, cur: Cursor, hasher: Hasher, out: Hash[]): void {
  if (lo + 1 === hi) return; // the verifier has the leaf hash itself
  const k = largestPowerOfTwoBelow(hi - lo);
  // Walk down toward n, recording the hash of the path not taken; the recursion appends the
  // deeper (leaf-side) hashes first, matching RFC 6962 PATH order.
  if (n < lo + k) {
    leafProof(lo, lo + k, n, cur, hasher, out);
    out.push(subTreeHash(lo + k, hi, cur, hasher));
  } else {
    const left = subTreeHash(lo, lo + k, cur, hasher);
    leafProof(lo + k, hi, n, cur, hasher, out);
    out.push(left);
  }
}

/**
 * The inclusion proof (RFC 6962 PATH, leaf sibling first) for leaf `index` in the tree of `size`
 * leaves, from O(log size) stored hashes. Go: tlog.ProveRecord(size, index, r).
 */
export function proveInclusion(index: number, size: number, reader: HashReader, hasher?: Hasher): Hash[];
export function proveInclusion(
  index: number,
  size: number,
  reader: AsyncHashReader,
  hasher?: Hasher,
): Promise<Hash[]>;
export function proveInclusion(
  index: number,
  size: number,
  reader: HashReader | AsyncHashReader,
  hasher: Hasher = defaultHasher,
): Hash[] | Promise<Hash[]> {
  checkSize('index', index);
  checkSize('size', size);
  if (index >= size) throw new TlogError('TLOG_INVALID_ARGUMENT', `index ${index} is beyond size ${size}`);
  return withHashes(leafProofIndexes(0, size, index, []), reader, (hashes) => {
    const out: Hash[] = [];
    leafProof(0, size, index, new Cursor(hashes), hasher, out);
    return out;
  });
}

// ---- consistency proofs --------------------------------------------------------------------------

function treeProofIndexes(lo: number, hi: number, n: number, need: number[]): number[] {
  if (n === hi) return lo === 0 ? need : subTreeIndexes(lo, hi, need);
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n <= lo + k) {
    treeProofIndexes(lo, lo + k, n, need);
    subTreeIndexes(lo + k, hi, need);
  } else {
    subTreeIndexes(lo, lo + k, need);
    treeProofIndexes(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, cur: Cursor, hasher: Hasher, out: Hash[]): void {
  if (n === hi) {
    // lo = 0 means the old tree is this whole subtree: the verifier already has its root.
    if (lo !== 0) out.push(subTreeHash(lo, hi, cur, hasher));
    return;
  }
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n <= lo + k) {
    treeProof(lo, lo + k, n, cur, hasher, out);
    out.push(subTreeHash(lo + k, hi, cur, hasher));
  } else {
    const left = subTreeHash(lo, lo + k, cur, hasher);
    treeProof(lo + k, hi, n, cur, hasher, out);
    out.push(left);
  }
}

/**
 * The consistency proof (RFC 6962 §2.1.2) that the tree of size2 extends the tree of size1.
 * Empty when size1 = size2. size1 = 0 is rejected, as verifyConsistency rejects it. Go:
 * tlog.ProveTree(size2, size1, r).
 */
export function proveConsistency(size1: number, size2: number, reader: HashReader, hasher?: Hasher): Hash[];
export function proveConsistency(
  size1: number,
  size2: number,
  reader: AsyncHashReader,
  hasher?: Hasher,
): Promise<Hash[]>;
export function proveConsistency(
  size1: number,
  size2: number,
  reader: HashReader | AsyncHashReader,
  hasher: Hasher = defaultHasher,
): Hash[] | Promise<Hash[]> {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size1 === 0)
    throw new TlogError('TLOG_INVALID_ARGUMENT', 'a consistency proof from the empty tree proves nothing');
  if (size1 > size2) throw new TlogError('TLOG_INVALID_ARGUMENT', `size1 (${size1}) > size2 (${size2})`);
  return withHashes(treeProofIndexes(0, size2, size1, []), reader, (hashes) => {
    const out: Hash[] = [];
    treeProof(0, size2, size1, new Cursor(hashes), hasher, out);
    return out;
  });
}

// ---- appending -----------------------------------------------------------------------------------

/**
 * Keeps the frontier of a growing tree in memory so that appending needs no reads at all: the
 * fast, synchronous append path of a log server. Each append returns the hashes to persist, in
 * storage order, starting at storedHashCount(size before the append).
 */
export class TreeAppender {
  #size: number;
  // Roots of the maximal complete subtrees, largest first; #stack.length === popcount(#size).
  readonly #stack: Hash[];
  readonly #hasher: Hasher;

  constructor(size = 0, frontier: readonly Hash[] = [], hasher: Hasher = defaultHasher) {
    checkSize('size', size);
    if (frontier.length !== onesCount(size)) {
      throw new TlogError(
        'TLOG_INVALID_ARGUMENT',
        `a tree of size ${size} has ${onesCount(size)} frontier hashes, got ${frontier.length}`,
      );
    }
    if (frontier.some((h) => h.length !== HASH_SIZE)) {
      throw new TlogError('TLOG_INVALID_ARGUMENT', `frontier hashes must be ${HASH_SIZE} bytes`);
    }
    this.#size = size;
    this.#stack = [...frontier];
    this.#hasher = hasher;
  }

  /** Resumes appending to a stored tree of `size` leaves (reads frontierIndexes(size)). */
  static fromStore(size: number, reader: HashReader, hasher?: Hasher): TreeAppender;
  static fromStore(size: number, reader: AsyncHashReader, hasher?: Hasher): Promise<TreeAppender>;
  static fromStore(
    size: number,
    reader: HashReader | AsyncHashReader,
    hasher: Hasher = defaultHasher,
  ): TreeAppender | Promise<TreeAppender> {
    return withHashes(frontierIndexes(size), reader, (hashes) => new TreeAppender(size, hashes, hasher));
  }

  get size(): number {
    return this.#size;
  }

  /** The frontier hashes (see frontierIndexes), e.g. to checkpoint the appender's state. */
  frontier(): readonly Hash[] {
    return [...this.#stack];
  }

  /** Appends one leaf hash; returns the new stored hashes (the leaf hash first). */
  append(leafHash: Hash): Hash[] {
    if (leafHash.length !== HASH_SIZE) {
      throw new TlogError(
        'TLOG_INVALID_ARGUMENT',
        `leaf hash has ${leafHash.length} bytes, want ${HASH_SIZE}`,
      );
    }
    const out = [leafHash];
    this.#push(leafHash, out);
    return out;
  }

  /** Appends many leaf hashes; returns all new stored hashes, in storage order. */
  appendAll(leafHashes: readonly Hash[]): Hash[] {
    const out: Hash[] = [];
    for (const leafHash of leafHashes) {
      if (leafHash.length !== HASH_SIZE) {
        throw new TlogError(
          'TLOG_INVALID_ARGUMENT',
          `leaf hash has ${leafHash.length} bytes, want ${HASH_SIZE}`,
        );
      }
      out.push(leafHash);
      this.#push(leafHash, out);
    }
    return out;
  }

  #push(leafHash: Hash, out: Hash[]): void {
    // Leaf n closes one complete subtree per trailing 1 bit of n.
    let h = leafHash;
    for (let closes = trailingZeros(this.#size + 1); closes > 0; closes--) {
      h = this.#hasher.hashChildren(this.#stack.pop()!, h);
      out.push(h);
    }
    this.#stack.push(h);
    this.#size++;
  }

  /** The RFC 6962 root of the tree as appended so far. */
  root(): Hash {
    const s = this.#stack;
    if (s.length === 0) return this.#hasher.emptyRoot;
    let h = s[s.length - 1]!;
    for (let i = s.length - 2; i >= 0; i--) h = this.#hasher.hashChildren(s[i]!, h);
    return h;
  }
}

/**
 * The hashes to store when appending leaf `index` (with `leafHash`) to a stored tree of `index`
 * leaves: the leaf hash, then the hash of every subtree it completes. Go: tlog.StoredHashes.
 */
export function storedHashes(index: number, leafHash: Hash, reader: HashReader, hasher?: Hasher): Hash[];
export function storedHashes(
  index: number,
  leafHash: Hash,
  reader: AsyncHashReader,
  hasher?: Hasher,
): Promise<Hash[]>;
export function storedHashes(
  index: number,
  leafHash: Hash,
  reader: HashReader | AsyncHashReader,
  hasher: Hasher = defaultHasher,
): Hash[] | Promise<Hash[]> {
  checkSize('index', index);
  if (leafHash.length !== HASH_SIZE) {
    throw new TlogError('TLOG_INVALID_ARGUMENT', `leaf hash has ${leafHash.length} bytes, want ${HASH_SIZE}`);
  }
  // Only the frontier subtrees that leaf `index` closes are needed, lowest level last.
  const m = trailingZeros(index + 1);
  const indexes: number[] = [];
  for (let i = m - 1; i >= 0; i--) indexes.push(storedHashIndex(i, shiftRight(index, i) - 1));
  return withHashes(indexes, reader, (old) => {
    const out = [leafHash];
    let h = leafHash;
    for (let i = 0; i < m; i++) {
      h = hasher.hashChildren(old[m - 1 - i]!, h);
      out.push(h);
    }
    return out;
  });
}

/**
 * Batch append: the hashes to store after appending `leafHashes` to a stored tree of `size`
 * leaves, in storage order from storedHashCount(size). One read of the frontier, then pure hashing.
 */
export function storedHashesForBatch(
  size: number,
  leafHashes: readonly Hash[],
  reader: HashReader,
  hasher?: Hasher,
): Hash[];
export function storedHashesForBatch(
  size: number,
  leafHashes: readonly Hash[],
  reader: AsyncHashReader,
  hasher?: Hasher,
): Promise<Hash[]>;
export function storedHashesForBatch(
  size: number,
  leafHashes: readonly Hash[],
  reader: HashReader | AsyncHashReader,
  hasher: Hasher = defaultHasher,
): Hash[] | Promise<Hash[]> {
  return withHashes(frontierIndexes(size), reader, (frontier) =>
    new TreeAppender(size, frontier, hasher).appendAll(leafHashes),
  );
}
