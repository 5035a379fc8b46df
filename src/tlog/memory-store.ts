// An in-memory, append-only stored-hash table in one growable byte array (32 bytes per stored
// hash). Serves tests, benchmarks, and servers that keep a hot copy of the tree in memory.

import { TlogError } from './errors.js';
import { HASH_SIZE, type Hash } from './hasher.js';
import type { HashReader } from './tree.js';

export class MemoryHashStore {
  #data: Uint8Array;
  #count = 0;

  constructor(initialCapacity = 1024) {
    this.#data = new Uint8Array(Math.max(1, initialCapacity) * HASH_SIZE);
  }

  /** Number of stored hashes; the next append goes at this stored hash index. */
  get count(): number {
    return this.#count;
  }

  /** Appends hashes at the end, in storage order (as returned by TreeAppender.append). */
  append(hashes: readonly Hash[]): void {
    const need = (this.#count + hashes.length) * HASH_SIZE;
    if (need > this.#data.length) {
      const grown = new Uint8Array(Math.max(need, this.#data.length * 2));
      grown.set(this.#data.subarray(0, this.#count * HASH_SIZE));
      this.#data = grown;
    }
    for (const h of hashes) {
      if (h.length !== HASH_SIZE)
        throw new TlogError('TLOG_INVALID_ARGUMENT', `stored hashes are ${HASH_SIZE} bytes`);
      this.#data.set(h, this.#count * HASH_SIZE);
      this.#count++;
    }
  }

  /** A synchronous reader over the store; the returned hashes are copies. */
  readonly reader: HashReader = (indexes) =>
    indexes.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= this.#count) {
        throw new TlogError('TLOG_BAD_STORE_READ', `stored hash ${i} does not exist (count ${this.#count})`);
      }
      return this.#data.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    });
}
