// A monitor for any C2SP tlog-tiles log: verifies the checkpoint, reads every entry bundle and
// Merkle tile, recomputes the whole tree and reports each disagreement by path and index, so an
// auditor learns *what* is wrong, not just that something is.

import { bytesEqual, hexEncode } from './bytes.js';
import { type Checkpoint, verifyCheckpoint } from './checkpoint.js';
import { TlogError, type TlogErrorCode } from './errors.js';
import { HASH_SIZE, defaultHasher, type Hash, type Hasher } from './hasher.js';
import { createNoteVerifier, type NoteVerifier } from './note.js';
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  parseEntryBundle,
  tileHashes,
  tilePath,
  tileWidthAt,
  type TileRef,
} from './tile.js';
import { TreeAppender } from './tree.js';

/** What a monitor remembers between runs: a verified tree size and root. */
export interface LogState {
  readonly size: number;
  readonly rootHash: Hash;
}

export interface AuditOptions {
  /** Fetches a path relative to the log prefix (`checkpoint`, `tile/0/000`, ...); undefined if absent. */
  readonly fetch: (path: string) => Promise<Uint8Array | undefined>;
  /** The log's vkey (or a verifier built from it). */
  readonly verifierKey: string | NoteVerifier;
  /** If given, the checkpoint's origin line must be this. */
  readonly origin?: string;
  /** The state a previous audit ended with: the log must extend it. */
  readonly previousState?: LogState;
  /** Called with every entry, in index order, as it is read (before the final root check). */
  readonly onEntry?: (index: number, entry: Uint8Array) => void | Promise<void>;
  readonly hasher?: Hasher;
  /** How many level-0 tile/bundle pairs to fetch ahead (default 8). */
  readonly concurrency?: number;
}

export interface AuditProblem {
  readonly code: TlogErrorCode;
  /** The resource at fault: `checkpoint`, a tile path or an entry-bundle path. */
  readonly path: string;
  /** The entry index concerned, when there is one. */
  readonly index?: number;
  readonly message: string;
}

export interface AuditResult {
  /** True when no problem was found. */
  readonly ok: boolean;
  /** The checkpoint, if its signature verified. */
  readonly checkpoint?: Checkpoint;
  /** The checkpoint's size and root, to pass as previousState next time (meaningful when ok). */
  readonly state?: LogState;
  /** Number of entries read from bundles. */
  readonly entries: number;
  readonly problems: readonly AuditProblem[];
}

interface Fetched {
  readonly path: string;
  readonly data?: Uint8Array;
  /** The partial bundle was missing and this is the full bundle that replaced it. */
  readonly fromFull?: boolean;
}

/** Audits a whole tiled log. Never throws for problems in the log; they are listed in the result. */
export async function auditLog(options: AuditOptions): Promise<AuditResult> {
  const hasher = options.hasher ?? defaultHasher;
  const verifier =
    typeof options.verifierKey === 'string' ? createNoteVerifier(options.verifierKey) : options.verifierKey;
  const problems: AuditProblem[] = [];
  const report = (code: TlogErrorCode, path: string, message: string, index?: number): void => {
    problems.push(index === undefined ? { code, path, message } : { code, path, index, message });
  };
  const fail = (code: TlogErrorCode, path: string, err: unknown): void =>
    report(
      err instanceof TlogError ? err.code : code,
      path,
      `${path}: ${err instanceof Error ? err.message : String(err)}`,
    );

  const get = async (path: string): Promise<Fetched> => {
    try {
      const data = await options.fetch(path);
      return data === undefined ? { path } : { path, data };
    } catch (err) {
      report(
        'TLOG_FETCH_FAILED',
        path,
        `${path}: fetch failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return { path };
    }
  };

  // Partial tiles may be deleted once the full tile exists; fall back to the full one then.
  const getTile = async (tile: TileRef): Promise<Fetched> => {
    const got = await get(tilePath(tile));
    if (got.data !== undefined || tile.width === TILE_WIDTH) return got;
    const full = await get(tilePath({ ...tile, width: TILE_WIDTH }));
    if (full.data === undefined) return got;
    if (tile.kind === 'hashes')
      return { path: full.path, data: full.data.subarray(0, tile.width * HASH_SIZE) };
    return { path: full.path, data: full.data, fromFull: true };
  };

  // ---- the checkpoint ----
  const cp = await get('checkpoint');
  if (cp.data === undefined) {
    if (!problems.some((p) => p.path === 'checkpoint'))
      report('TLOG_FETCH_FAILED', 'checkpoint', 'checkpoint: not found');
    return { ok: false, entries: 0, problems };
  }
  let checkpoint: Checkpoint;
  try {
    ({ checkpoint } = await verifyCheckpoint(
      cp.data,
      [verifier],
      options.origin === undefined ? {} : { origin: options.origin },
    ));
  } catch (err) {
    fail('TLOG_MALFORMED_CHECKPOINT', 'checkpoint', err);
    return { ok: false, entries: 0, problems };
  }
  const size = checkpoint.size;
  const state: LogState = { size, rootHash: checkpoint.rootHash };

  const prev = options.previousState;
  let prevRoot: Hash | undefined;
  if (prev !== undefined) {
    if (prev.size > size) {
      report(
        'TLOG_INCONSISTENT',
        'checkpoint',
        `checkpoint: the log shrank from ${prev.size} to ${size} entries`,
      );
    } else if (prev.size === 0) {
      // Every tree extends the empty one (the tlog-witness rule): only the old root must be right.
      prevRoot = hasher.emptyRoot;
    }
  }

  // ---- level 0: entry bundles against tiles, and the tree rebuilt from the entries ----
  const appender = new TreeAppender(0, [], hasher);
  // expected[L]: recomputed hashes of the level-L tile being filled (complete 256^L-leaf subtrees).
  const expected: Hash[][] = [];
  const tileIndexAt: number[] = [];
  let entries = 0;
  let broken = false;
  // Entry/tile disagreements at level 0, judged once the root is known: whichever side matches
  // the signed root is authentic, so the other file is named as the altered one.
  const leafMismatches: {
    index: number;
    bundlePath: string;
    tilePath: string;
    entryHash: Hash;
    tileHash: Hash;
  }[] = [];
  const tileCount = Math.ceil(size / TILE_WIDTH);
  const concurrency = Math.max(1, options.concurrency ?? 8);

  const checkUpperTile = async (level: number, final: boolean): Promise<void> => {
    const want = expected[level] ?? [];
    if (want.length === 0 || (!final && want.length < TILE_WIDTH)) return;
    const index = tileIndexAt[level] ?? 0;
    const tile: TileRef = { kind: 'hashes', level, index, width: want.length };
    expected[level] = [];
    tileIndexAt[level] = index + 1;
    const got = await getTile(tile);
    if (got.data === undefined) {
      if (!problems.some((p) => p.path === got.path))
        report('TLOG_FETCH_FAILED', got.path, `${got.path}: not found`);
      return;
    }
    let have: Hash[];
    try {
      have = tileHashes(got.data, want.length);
    } catch (err) {
      fail('TLOG_MALFORMED_TILE', got.path, err);
      return;
    }
    const span = TILE_WIDTH ** level;
    want.forEach((w, i) => {
      if (!bytesEqual(w, have[i]!)) {
        const first = (index * TILE_WIDTH + i) * span;
        report(
          'TLOG_TILE_MISMATCH',
          got.path,
          `${got.path}: hash ${i} (entries ${first}..${first + span - 1}) is ${hexEncode(have[i]!)}, recomputed ${hexEncode(w)}`,
          first,
        );
      }
    });
  };

  const fetchPair = (n: number): Promise<[Fetched, Fetched]> => {
    const width = tileWidthAt(size, 0, n);
    return Promise.all([
      getTile({ kind: 'hashes', level: 0, index: n, width }),
      getTile({ kind: 'entries', index: n, width }),
    ]);
  };
  const ahead: Promise<[Fetched, Fetched]>[] = [];
  let nextFetch = 0;

  for (let n = 0; n < tileCount; n++) {
    while (nextFetch < tileCount && ahead.length < concurrency) ahead.push(fetchPair(nextFetch++));
    const [tileGot, bundleGot] = await ahead.shift()!;
    const width = tileWidthAt(size, 0, n);
    const start = n * TILE_WIDTH;

    let tileHs: Hash[] | undefined;
    if (tileGot.data === undefined) {
      if (!problems.some((p) => p.path === tileGot.path))
        report('TLOG_FETCH_FAILED', tileGot.path, `${tileGot.path}: not found`, start);
    } else {
      try {
        tileHs = tileHashes(tileGot.data, width);
      } catch (err) {
        fail('TLOG_MALFORMED_TILE', tileGot.path, err);
      }
    }

    let bundle: Uint8Array[] | undefined;
    if (bundleGot.data === undefined) {
      if (!problems.some((p) => p.path === bundleGot.path))
        report('TLOG_FETCH_FAILED', bundleGot.path, `${bundleGot.path}: not found`, start);
    } else {
      try {
        let parsed = parseEntryBundle(bundleGot.data);
        if (bundleGot.fromFull === true) parsed = parsed.slice(0, width);
        if (parsed.length !== width) {
          report(
            'TLOG_MALFORMED_BUNDLE',
            bundleGot.path,
            `${bundleGot.path}: has ${parsed.length} entries, want ${width}`,
            start,
          );
        } else {
          bundle = parsed;
        }
      } catch (err) {
        fail('TLOG_MALFORMED_BUNDLE', bundleGot.path, err);
      }
    }

    for (let i = 0; i < width; i++) {
      const index = start + i;
      const entry = bundle?.[i];
      const entryHash = entry === undefined ? undefined : hasher.hashLeaf(entry);
      const tileHash = tileHs?.[i];
      if (entry !== undefined) {
        entries++;
        await options.onEntry?.(index, entry);
      }
      if (entryHash !== undefined && tileHash !== undefined && !bytesEqual(entryHash, tileHash)) {
        leafMismatches.push({
          index,
          bundlePath: bundleGot.path,
          tilePath: tileGot.path,
          entryHash,
          tileHash,
        });
      }
      // The tree is rebuilt from the entries themselves; tile hashes only stand in for a missing bundle.
      const leaf = entryHash ?? tileHash;
      if (broken) continue;
      if (leaf === undefined) {
        broken = true;
        report(
          'TLOG_FETCH_FAILED',
          bundleGot.path,
          `neither ${bundleGot.path} nor ${tileGot.path} is usable: cannot recompute the tree from entry ${index} on`,
          index,
        );
        continue;
      }
      const stored = appender.append(leaf);
      // stored[8L] is the hash of the 256^L-leaf subtree this leaf completes, i.e. the next hash
      // of the level-L tile.
      for (let level = 1; TILE_HEIGHT * level < stored.length; level++) {
        (expected[level] ??= []).push(stored[TILE_HEIGHT * level]!);
        await checkUpperTile(level, false);
      }
      if (prev !== undefined && appender.size === prev.size) prevRoot = appender.root();
    }
  }

  // ---- partial upper tiles, the root, and consistency with the previous state ----
  if (!broken) {
    for (let level = 1; TILE_WIDTH ** level <= size; level++) await checkUpperTile(level, true);
    const root = appender.root();
    const entriesMatchRoot = bytesEqual(root, checkpoint.rootHash);
    for (const m of leafMismatches) {
      const detail = `entry ${m.index} hashes to ${hexEncode(m.entryHash)}, but ${m.tilePath} holds ${hexEncode(m.tileHash)}`;
      if (entriesMatchRoot) {
        report(
          'TLOG_TILE_MISMATCH',
          m.tilePath,
          `${m.tilePath}: ${detail}; the entries match the signed root, so the tile is wrong`,
          m.index,
        );
      } else {
        report(
          'TLOG_ENTRY_MISMATCH',
          m.bundlePath,
          `${m.bundlePath}: ${detail}; the entries do not match the signed root`,
          m.index,
        );
      }
    }
    if (!entriesMatchRoot) {
      report(
        'TLOG_ROOT_MISMATCH',
        'checkpoint',
        `checkpoint: root hash is ${hexEncode(checkpoint.rootHash)}, but the ${size} entries hash to ${hexEncode(root)}`,
      );
    }
    if (prev !== undefined && prevRoot !== undefined && !bytesEqual(prevRoot, prev.rootHash)) {
      report(
        'TLOG_INCONSISTENT',
        'checkpoint',
        `the first ${prev.size} entries now hash to ${hexEncode(prevRoot)}, but the previous state had root ${hexEncode(prev.rootHash)}: history was rewritten`,
      );
    }
  }

  if (broken) {
    for (const m of leafMismatches) {
      report(
        'TLOG_ENTRY_MISMATCH',
        m.bundlePath,
        `${m.bundlePath}: entry ${m.index} hashes to ${hexEncode(m.entryHash)}, but ${m.tilePath} holds ${hexEncode(m.tileHash)}`,
        m.index,
      );
    }
  }

  return { ok: problems.length === 0, checkpoint, state, entries, problems };
}
