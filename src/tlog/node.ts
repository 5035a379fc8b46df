// Node-only door of the tlog module: an OpenSSL-backed SHA-256 and a tiled-log fetcher over a
// local directory. Kept out of ./index.ts because it imports node:* and would break browser
// bundles. Signatures need nothing here: Node 20 implements Ed25519 in Web Crypto.

import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { createHasher, type Hasher } from './hasher.js';
import { sha256 as pureSha256, type Sha256 } from './sha256.js';

// Measured on Node 20 (two cores): for inputs up to two SHA-256 blocks, which is every interior
// node (65 bytes) and most leaf hashes, the JIT-compiled pure-TS hash beats the per-call cost of
// the native binding (~0.7 M/s vs ~0.6 M/s at 65 bytes); beyond that OpenSSL wins by far.
const NATIVE_FROM_BYTES = 120;

/** SHA-256 for Node servers: pure TS for short inputs, OpenSSL (crypto.hash) for longer ones. */
export const nodeSha256: Sha256 = (data) => {
  if (data.length < NATIVE_FROM_BYTES) return pureSha256(data);
  const b = hash('sha256', data, 'buffer');
  // A plain Uint8Array view, so results compare equal to the pure-TS ones (Buffer is a subclass).
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

/** The RFC 6962 hasher to pass to tree, tile and audit functions on a Node server. */
export const nodeHasher: Hasher = createHasher(nodeSha256);

/**
 * A fetch function for auditLog / tileHashReader over a tiled log stored as files under `root`
 * (paths like `checkpoint`, `tile/0/000.p/5`). Missing files give undefined; paths that would
 * leave `root` are refused.
 */
export function directoryFetcher(root: string): (path: string) => Promise<Uint8Array | undefined> {
  const base = resolve(root);
  return async (path) => {
    const file = resolve(base, path);
    if (!file.startsWith(base + sep))
      throw new Error(`path ${JSON.stringify(path)} leaves the log directory`);
    try {
      return new Uint8Array(await readFile(file));
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === 'ENOENT' ||
        (err as NodeJS.ErrnoException).code === 'EISDIR'
      )
        return undefined;
      throw err;
    }
  };
}
