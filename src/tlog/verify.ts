// Verification of RFC 6962 / RFC 9162 §2.1.3–2.1.4 inclusion and consistency proofs, with the
// exact accept/reject behaviour of transparency-dev/merkle's proof package (its 196 probe files
// are our tests). This is the part the donor's browser runs, so it needs nothing but a Hasher.

import { bitAt, bitLength, onesCount, shiftRight, trailingZeros, xor } from './bits.js';
import { bytesEqual, hexEncode } from './bytes.js';
import { TlogError } from './errors.js';
import { HASH_SIZE, defaultHasher, type Hash, type Hasher } from './hasher.js';

export function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new TlogError('TLOG_INVALID_ARGUMENT', `${name} must be a non-negative safe integer, got ${n}`);
  }
}

function checkProofHashes(proof: readonly Uint8Array[]): void {
  proof.forEach((h, i) => {
    if (h.length !== HASH_SIZE) {
      throw new TlogError('TLOG_BAD_PROOF', `proof hash ${i} has ${h.length} bytes, want ${HASH_SIZE}`);
    }
  });
}

function verifyMatch(calculated: Uint8Array, expected: Uint8Array, what: string): void {
  if (!bytesEqual(calculated, expected)) {
    throw new TlogError(
      'TLOG_BAD_PROOF',
      `${what} mismatch: proof gives ${hexEncode(calculated)}, expected ${hexEncode(expected)}`,
    );
  }
}

/** Splits an inclusion proof for `index` in a tree of `size` into its inner and border parts. */
function decompose(index: number, size: number): { inner: number; border: number } {
  const inner = bitLength(xor(index, size - 1));
  const border = onesCount(shiftRight(index, inner));
  return { inner, border };
}

function chainInner(h: Hasher, seed: Hash, proof: readonly Hash[], index: number): Hash {
  let acc = seed;
  proof.forEach((p, i) => {
    acc = bitAt(index, i) === 0 ? h.hashChildren(acc, p) : h.hashChildren(p, acc);
  });
  return acc;
}

function chainInnerRight(h: Hasher, seed: Hash, proof: readonly Hash[], index: number): Hash {
  let acc = seed;
  proof.forEach((p, i) => {
    if (bitAt(index, i) === 1) acc = h.hashChildren(p, acc);
  });
  return acc;
}

function chainBorderRight(h: Hasher, seed: Hash, proof: readonly Hash[]): Hash {
  let acc = seed;
  for (const p of proof) acc = h.hashChildren(p, acc);
  return acc;
}

/**
 * The root implied by an inclusion proof for the leaf at `index` in a tree of `size` leaves.
 * Throws TLOG_INVALID_ARGUMENT if index >= size, TLOG_BAD_PROOF for a proof of the wrong shape.
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Hash,
  proof: readonly Hash[],
  hasher: Hasher = defaultHasher,
): Hash {
  checkSize('index', index);
  checkSize('size', size);
  if (index >= size) throw new TlogError('TLOG_INVALID_ARGUMENT', `index ${index} is beyond size ${size}`);
  if (leafHash.length !== HASH_SIZE) {
    throw new TlogError('TLOG_BAD_PROOF', `leaf hash has ${leafHash.length} bytes, want ${HASH_SIZE}`);
  }
  checkProofHashes(proof);
  const { inner, border } = decompose(index, size);
  if (proof.length !== inner + border) {
    throw new TlogError(
      'TLOG_BAD_PROOF',
      `inclusion proof has ${proof.length} hashes, want ${inner + border}`,
    );
  }
  const res = chainInner(hasher, leafHash, proof.slice(0, inner), index);
  return chainBorderRight(hasher, res, proof.slice(inner));
}

/** Verifies that `leafHash` is the leaf at `index` of the tree of `size` leaves with `root`. */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Hash,
  proof: readonly Hash[],
  root: Hash,
  hasher: Hasher = defaultHasher,
): void {
  verifyMatch(rootFromInclusionProof(index, size, leafHash, proof, hasher), root, 'root');
}

/**
 * Verifies that the tree of size2 with root2 extends the tree of size1 with root1.
 *
 * size1 = 0 is always rejected (TLOG_INVALID_ARGUMENT), even 0 → 0, as transparency-dev/merkle
 * and its test vectors do: every tree extends the empty tree, so such a proof proves nothing and
 * accepting it would let a caller believe it checked something. Code that follows a log from its
 * start (a witness, `auditLog`) treats an old size of 0 as trivially consistent before calling
 * this, which is the tlog-witness behaviour.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
  hasher: Hasher = defaultHasher,
): void {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size2 < size1) throw new TlogError('TLOG_INVALID_ARGUMENT', `size2 (${size2}) < size1 (${size1})`);
  if (size1 === 0) {
    throw new TlogError('TLOG_INVALID_ARGUMENT', 'a consistency proof from the empty tree proves nothing');
  }
  if (size1 === size2) {
    if (proof.length > 0) throw new TlogError('TLOG_BAD_PROOF', 'size1 = size2, but the proof is not empty');
    verifyMatch(root1, root2, 'root');
    return;
  }
  if (proof.length === 0) throw new TlogError('TLOG_BAD_PROOF', 'empty consistency proof');
  checkProofHashes(proof);

  const { inner: fullInner, border } = decompose(size1 - 1, size2);
  const shift = trailingZeros(size1);
  const inner = fullInner - shift; // shift < fullInner whenever size1 < size2

  // The proof starts with the hash of the subtree of size 2^shift, unless size1 is exactly that,
  // in which case root1 is that hash.
  let seed = proof[0]!;
  let start = 1;
  if (size1 === 2 ** shift) {
    seed = root1;
    start = 0;
  }
  if (proof.length !== start + inner + border) {
    throw new TlogError(
      'TLOG_BAD_PROOF',
      `consistency proof has ${proof.length} hashes, want ${start + inner + border}`,
    );
  }
  const rest = proof.slice(start);
  const mask = shiftRight(size1 - 1, shift);

  let hash1 = chainInnerRight(hasher, seed, rest.slice(0, inner), mask);
  hash1 = chainBorderRight(hasher, hash1, rest.slice(inner));
  verifyMatch(hash1, root1, 'root1');

  let hash2 = chainInner(hasher, seed, rest.slice(0, inner), mask);
  hash2 = chainBorderRight(hasher, hash2, rest.slice(inner));
  verifyMatch(hash2, root2, 'root2');
}
