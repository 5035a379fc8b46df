import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexDecode, hexEncode } from './bytes.js';
import { defaultHasher, type Hash } from './hasher.js';
import { MemoryHashStore } from './memory-store.js';
import { nodeHasher } from './node.js';
import {
  TreeAppender,
  frontierIndexes,
  proveConsistency,
  proveInclusion,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashes,
  storedHashesForBatch,
  treeHash,
  type AsyncHashReader,
} from './tree.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;

const h = defaultHasher;
const leafData = (i: number): Uint8Array => new TextEncoder().encode(`entry ${i}`);

/** Builds a stored tree of n leaves with the appender; returns the store and the leaf hashes. */
function buildStore(
  n: number,
  leaf = leafData,
): { store: MemoryHashStore; leaves: Hash[]; appender: TreeAppender } {
  const store = new MemoryHashStore();
  const appender = new TreeAppender();
  const leaves: Hash[] = [];
  for (let i = 0; i < n; i++) {
    const lh = h.hashLeaf(leaf(i));
    leaves.push(lh);
    store.append(appender.append(lh));
  }
  return { store, leaves, appender };
}

// Independent, textbook RFC 6962 §2.1 definitions, to check the stored-hash algorithms against.
function mth(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return h.emptyRoot;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h.hashChildren(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: readonly Hash[]): Hash[] {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k
    ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}
function subproof(m: number, leaves: readonly Hash[], b: boolean): Hash[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [mth(leaves)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), b), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

// A small deterministic PRNG so failures reproduce.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(proof: readonly Hash[], rnd: () => number): Hash[] {
  const out = proof.map((x) => x.slice());
  const which = Math.floor(rnd() * out.length);
  out[which]![Math.floor(rnd() * 32)]! ^= 1 << Math.floor(rnd() * 8);
  return out;
}

describe('stored hash indexes (Go sumdb tlog layout)', () => {
  it('match the known layout of the first hashes', () => {
    // leaf0, leaf1, node(0..1), leaf2, leaf3, node(2..3), node(0..3), leaf4 ...
    expect([0, 1, 2, 3, 4].map((n) => storedHashIndex(0, n))).toEqual([0, 1, 3, 4, 7]);
    expect(storedHashIndex(1, 0)).toBe(2);
    expect(storedHashIndex(1, 1)).toBe(5);
    expect(storedHashIndex(2, 0)).toBe(6);
    expect([0, 1, 2, 3, 4, 5, 8, 256, 1_000_000].map(storedHashCount)).toEqual([
      0, 1, 3, 4, 7, 8, 15, 511, 1_999_993,
    ]);
  });

  it('splitStoredHashIndex inverts storedHashIndex for every index of a 5000-leaf tree', () => {
    for (let i = 0; i < storedHashCount(5000); i++) {
      const { level, n } = splitStoredHashIndex(i);
      expect(storedHashIndex(level, n)).toBe(i);
    }
  });

  it('works beyond 32 bits', () => {
    const n = 2 ** 40 + 12345;
    const i = storedHashIndex(3, n);
    expect(splitStoredHashIndex(i)).toEqual({ level: 3, n });
    expect(storedHashCount(2 ** 45)).toBe(2 ** 46 - 1);
  });
});

describe('the reference tree (transparency-dev/merkle constants.go)', () => {
  const ref = fixture<{ leafInputsHex: string[]; nodeHashesByLevel: string[][]; rootHashesBySize: string[] }>(
    'rfc6962_reference_tree.json',
  );
  const built = buildStore(ref.leafInputsHex.length, (i) => hexDecode(ref.leafInputsHex[i]!)!);

  it('stores every full-subtree node hash at its stored index', () => {
    ref.nodeHashesByLevel.forEach((hashes, level) =>
      hashes.forEach((want, n) =>
        expect(hexEncode(built.store.reader([storedHashIndex(level, n)])[0]!)).toBe(want),
      ),
    );
    expect(built.store.count).toBe(storedHashCount(8));
  });

  it('treeHash gives the root for every size 0..8', () => {
    ref.rootHashesBySize.forEach((want, size) =>
      expect(hexEncode(treeHash(size, built.store.reader))).toBe(want),
    );
  });

  it('proveInclusion and proveConsistency reproduce the reference proofs', () => {
    const inc = fixture<{ cases: { index: number; size: number; proof: string[] }[] }>(
      'rfc6962_reference_inclusion_proofs.json',
    );
    for (const c of inc.cases)
      expect(proveInclusion(c.index, c.size, built.store.reader).map(hexEncode)).toEqual(c.proof);
    const con = fixture<{ cases: { size1: number; size2: number; proof: string[] }[] }>(
      'rfc6962_reference_consistency_proofs.json',
    );
    for (const c of con.cases)
      expect(proveConsistency(c.size1, c.size2, built.store.reader).map(hexEncode)).toEqual(c.proof);
  });
});

describe('appending', () => {
  const { store, leaves, appender } = buildStore(1000);

  it('the appender root equals the textbook MTH and treeHash at every size', () => {
    const a = new TreeAppender();
    for (let n = 0; n <= 300; n++) {
      expect(a.root()).toEqual(mth(leaves.slice(0, n)));
      expect(treeHash(n, store.reader)).toEqual(a.root());
      if (n < 300) a.append(leaves[n]!);
    }
    expect(appender.root()).toEqual(mth(leaves));
  });

  it('storedHashes (Go StoredHashes, reading the store) returns what the appender persisted', () => {
    const replay = new MemoryHashStore();
    leaves.forEach((lh, i) => replay.append(storedHashes(i, lh, replay.reader)));
    expect(replay.reader([...Array(replay.count).keys()])).toEqual(
      store.reader([...Array(store.count).keys()]),
    );
  });

  it('storedHashesForBatch appends many leaves with one frontier read, sync or async', async () => {
    const batched = new MemoryHashStore();
    let reads = 0;
    const counting = (ix: readonly number[]): readonly Hash[] => {
      reads++;
      return batched.reader(ix);
    };
    const asyncReader: AsyncHashReader = (ix) => Promise.resolve(batched.reader(ix));
    for (let start = 0; start < 1000; start += 137) {
      const chunk = leaves.slice(start, start + 137);
      const sync = storedHashesForBatch(start, chunk, counting);
      expect(await storedHashesForBatch(start, chunk, asyncReader)).toEqual(sync);
      batched.append(sync);
    }
    expect(reads).toBeLessThanOrEqual(8);
    expect(batched.count).toBe(store.count);
    expect(treeHash(1000, batched.reader)).toEqual(appender.root());
  });

  it('an appender resumes from the stored frontier', async () => {
    for (const size of [0, 1, 255, 256, 257, 999]) {
      const resumed = TreeAppender.fromStore(size, store.reader);
      const fromAsync = await TreeAppender.fromStore(size, (ix: readonly number[]) =>
        Promise.resolve(store.reader(ix)),
      );
      expect(resumed.frontier()).toEqual(fromAsync.frontier());
      expect(resumed.frontier().length).toBe(frontierIndexes(size).length);
      resumed.appendAll(leaves.slice(size));
      expect(resumed.root()).toEqual(appender.root());
    }
  });

  it('the node hasher builds the same tree', () => {
    const a = new TreeAppender(0, [], nodeHasher);
    a.appendAll(leaves);
    expect(a.root()).toEqual(appender.root());
  });

  it('rejects bad inputs with codes', () => {
    expect(() => new TreeAppender(3, [leaves[0]!])).toThrow(
      expect.objectContaining({ code: 'TLOG_INVALID_ARGUMENT' }),
    );
    expect(() => appender.append(new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: 'TLOG_INVALID_ARGUMENT' }),
    );
    expect(() => treeHash(5, () => [])).toThrow(expect.objectContaining({ code: 'TLOG_BAD_STORE_READ' }));
    expect(() => proveInclusion(1000, 1000, store.reader)).toThrow(
      expect.objectContaining({ code: 'TLOG_INVALID_ARGUMENT' }),
    );
    expect(() => proveConsistency(0, 10, store.reader)).toThrow(
      expect.objectContaining({ code: 'TLOG_INVALID_ARGUMENT' }),
    );
    expect(() => proveConsistency(11, 10, store.reader)).toThrow(
      expect.objectContaining({ code: 'TLOG_INVALID_ARGUMENT' }),
    );
  });
});

describe('proof generation reads O(log n) stored hashes', () => {
  it('one read call of at most 2·log2(n) hashes per proof in a 100,000-leaf tree', () => {
    const { store } = buildStore(100_000);
    let calls = 0;
    let max = 0;
    const reader = (ix: readonly number[]): readonly Hash[] => {
      calls++;
      max = Math.max(max, ix.length);
      return store.reader(ix);
    };
    for (const i of [0, 1, 4095, 65_536, 99_999]) proveInclusion(i, 100_000, reader);
    for (const s of [1, 3, 65_536, 77_777, 99_999]) proveConsistency(s, 100_000, reader);
    expect(calls).toBe(10);
    expect(max).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100_000)));
  });
});

describe('property: every proof in random trees up to 300 leaves verifies, and mutations fail', () => {
  const seed = 20240917;
  const rnd = mulberry32(seed);
  const sizes = [
    1,
    2,
    3,
    4,
    5,
    7,
    8,
    9,
    16,
    17,
    31,
    32,
    33,
    ...Array.from({ length: 5 }, () => 34 + Math.floor(rnd() * 267)),
  ];
  const { store, leaves } = buildStore(300);

  for (const size of sizes) {
    it(`size ${size} (seed ${seed})`, () => {
      const root = treeHash(size, store.reader);
      const prefix = leaves.slice(0, size);
      for (let i = 0; i < size; i++) {
        const proof = proveInclusion(i, size, store.reader);
        if (size <= 64) expect(proof).toEqual(path(i, prefix)); // same bytes as RFC 6962 PATH
        expect(() => verifyInclusion(i, size, leaves[i]!, proof, root)).not.toThrow();
        if (proof.length > 0) {
          expect(() => verifyInclusion(i, size, leaves[i]!, mutate(proof, rnd), root)).toThrow();
          expect(() => verifyInclusion(i, size, leaves[i]!, proof.slice(1), root)).toThrow();
        }
        expect(() => verifyInclusion(i, size, leaves[(i + 1) % 300]!, proof, root)).toThrow();
      }
      // Every pair (size1, size) with size1 <= size; for the largest sizes a random half of them.
      for (let size1 = 1; size1 <= size; size1++) {
        if (size > 150 && rnd() < 0.5) continue;
        const root1 = treeHash(size1, store.reader);
        const proof = proveConsistency(size1, size, store.reader);
        if (size <= 64) expect(proof).toEqual(size1 === size ? [] : subproof(size1, prefix, true));
        expect(() => verifyConsistency(size1, size, proof, root1, root)).not.toThrow();
        if (proof.length > 0) {
          expect(() => verifyConsistency(size1, size, mutate(proof, rnd), root1, root)).toThrow();
          expect(() => verifyConsistency(size1, size, [...proof, root], root1, root)).toThrow();
        }
        if (size1 < size) expect(() => verifyConsistency(size1, size, proof, root, root1)).toThrow();
      }
    });
  }

  it('async readers give the same proofs', async () => {
    const asyncReader: AsyncHashReader = (ix) => Promise.resolve(store.reader(ix));
    expect(await proveInclusion(123, 300, asyncReader)).toEqual(proveInclusion(123, 300, store.reader));
    expect(await proveConsistency(77, 300, asyncReader)).toEqual(proveConsistency(77, 300, store.reader));
    expect(await treeHash(299, asyncReader)).toEqual(treeHash(299, store.reader));
  });
});
