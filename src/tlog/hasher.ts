// RFC 6962 §2.1 hashing over an injected synchronous SHA-256, so that the same tree code runs on
// the pure-TS hash in browsers and on OpenSSL in Node (see ./node.ts).

import { sha256 as pureSha256, type Sha256 } from './sha256.js';

/** A SHA-256 Merkle tree hash: always 32 bytes. */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;

export interface Hasher {
  /** SHA-256(0x00 || data): the leaf hash of a log entry. */
  hashLeaf(data: Uint8Array): Hash;
  /** SHA-256(0x01 || left || right): an interior node. */
  hashChildren(left: Uint8Array, right: Uint8Array): Hash;
  /** SHA-256(""): the root of the empty tree. */
  readonly emptyRoot: Hash;
}

export function createHasher(sha256: Sha256): Hasher {
  // One growable scratch buffer for the prefixed input: hashing is synchronous, so reusing it
  // avoids an allocation per hash on the append path.
  let scratch = new Uint8Array(1 + 2 * HASH_SIZE);
  const ensure = (n: number): Uint8Array => {
    if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
    return scratch;
  };
  return {
    hashLeaf(data) {
      const buf = ensure(1 + data.length);
      buf[0] = 0x00;
      buf.set(data, 1);
      return sha256(buf.subarray(0, 1 + data.length));
    },
    hashChildren(left, right) {
      const n = 1 + left.length + right.length;
      const buf = ensure(n);
      buf[0] = 0x01;
      buf.set(left, 1);
      buf.set(right, 1 + left.length);
      return sha256(buf.subarray(0, n));
    },
    emptyRoot: sha256(new Uint8Array(0)),
  };
}

/** The isomorphic default: RFC 6962 over the pure-TS SHA-256. */
export const defaultHasher: Hasher = createHasher(pureSha256);
