// C2SP tlog-proof@v1: an offline-verifiable receipt that an entry is in a log, bundling the index,
// the inclusion proof, optional unauthenticated extra data and the signed checkpoint.
//
// The spec leaves step 1 (computing the leaf hash) to the application and says the extra data
// MUST NOT be trusted implicitly, so verifyTlogProof takes the leaf hash, or a function that
// derives it from the extra data plus whatever the application already knows.

import { base64Decode, base64Encode } from './bytes.js';
import { type Checkpoint, parseCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { TlogError } from './errors.js';
import { HASH_SIZE, defaultHasher, type Hash, type Hasher } from './hasher.js';
import { parseNote, type NoteVerifier, type VerifiedNote } from './note.js';
import { checkSize, verifyInclusion } from './verify.js';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque, unauthenticated application data; undefined when the proof has no extra line. */
  readonly extra?: Uint8Array;
  readonly index: number;
  /** RFC 6962 inclusion proof, leaf sibling first. */
  readonly proof: readonly Hash[];
  /** The log's signed checkpoint note, verbatim. */
  readonly checkpoint: string;
}

function malformed(why: string): TlogError {
  return new TlogError('TLOG_MALFORMED_PROOF', `malformed tlog-proof: ${why}`);
}

export function formatTlogProof(p: TlogProof): string {
  checkSize('index', p.index);
  const lines = [TLOG_PROOF_HEADER];
  if (p.extra !== undefined) lines.push(`extra ${base64Encode(p.extra)}`);
  lines.push(`index ${p.index}`);
  for (const h of p.proof) {
    if (h.length !== HASH_SIZE) throw malformed(`proof hash has ${h.length} bytes, want ${HASH_SIZE}`);
    lines.push(base64Encode(h));
  }
  return `${lines.join('\n')}\n\n${p.checkpoint}`;
}

/** Parses a proof; also checks that the embedded checkpoint is a well-formed signed checkpoint. */
export function parseTlogProof(text: string): TlogProof {
  const end = text.indexOf('\n\n');
  if (end < 0) throw malformed('no empty line before the checkpoint');
  const lines = text.slice(0, end).split('\n');
  const checkpoint = text.slice(end + 2);
  if (lines[0] !== TLOG_PROOF_HEADER) throw malformed(`first line must be ${TLOG_PROOF_HEADER}`);
  let i = 1;
  let extra: Uint8Array | undefined;
  if (lines[i]?.startsWith('extra ')) {
    extra = base64Decode(lines[i]!.slice('extra '.length));
    if (extra === undefined) throw malformed('extra data is not base64');
    i++;
  }
  const indexLine = lines[i] ?? '';
  const m = /^index (0|[1-9][0-9]*)$/.exec(indexLine);
  if (m === null) throw malformed('want an "index <n>" line (decimal, no leading zeros)');
  const index = Number(m[1]);
  if (!Number.isSafeInteger(index)) throw malformed('index is beyond 2^53');
  const proof = lines.slice(i + 1).map((l, j) => {
    const h = base64Decode(l);
    if (h === undefined || h.length !== HASH_SIZE)
      throw malformed(`proof line ${j + 1} is not a base64 SHA-256 hash`);
    return h;
  });
  try {
    parseCheckpoint(parseNote(checkpoint).text);
  } catch (err) {
    throw malformed(`bad checkpoint: ${err instanceof Error ? err.message : String(err)}`);
  }
  return extra === undefined ? { index, proof, checkpoint } : { extra, index, proof, checkpoint };
}

export interface VerifyTlogProofOptions {
  /** The log's origin line the application accepts. */
  readonly origin: string;
  /** The log's verifier(s); unknown signatures (e.g. witnesses' cosignatures) are ignored. */
  readonly verifiers: readonly NoteVerifier[];
  /** The leaf hash, or how to compute it from the (untrusted) extra data and application data. */
  readonly leafHash: Hash | ((extra: Uint8Array | undefined) => Hash | Promise<Hash>);
  readonly hasher?: Hasher;
}

export interface VerifiedTlogProof {
  readonly index: number;
  readonly extra?: Uint8Array;
  readonly checkpoint: Checkpoint;
  readonly note: VerifiedNote;
}

/**
 * Verifies a tlog-proof: the checkpoint's origin and signature, then that the leaf hash is at
 * `index` in the checkpointed tree. Throws a TlogError naming the failing step.
 */
export async function verifyTlogProof(
  proof: string | TlogProof,
  options: VerifyTlogProofOptions,
): Promise<VerifiedTlogProof> {
  const p = typeof proof === 'string' ? parseTlogProof(proof) : proof;
  const leafHash =
    typeof options.leafHash === 'function' ? await options.leafHash(p.extra) : options.leafHash;
  const { checkpoint, note } = await verifyCheckpoint(p.checkpoint, options.verifiers, {
    origin: options.origin,
  });
  verifyInclusion(
    p.index,
    checkpoint.size,
    leafHash,
    p.proof,
    checkpoint.rootHash,
    options.hasher ?? defaultHasher,
  );
  return { index: p.index, ...(p.extra === undefined ? {} : { extra: p.extra }), checkpoint, note };
}
