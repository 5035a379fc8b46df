// C2SP tlog-checkpoint: the body of a signed tree head (origin, size, root, extension lines) and
// its signing and verification as a signed note.

import { base64Decode, base64Encode } from './bytes.js';
import { TlogError } from './errors.js';
import { HASH_SIZE, type Hash } from './hasher.js';
import { signNote, verifyNote, type NoteSigner, type NoteVerifier, type VerifiedNote } from './note.js';
import { checkSize } from './verify.js';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Hash;
  /** Opaque extension lines (not recommended by the spec; never empty strings). */
  readonly extensions: readonly string[];
}

function malformed(why: string): TlogError {
  return new TlogError('TLOG_MALFORMED_CHECKPOINT', `malformed checkpoint: ${why}`);
}

/** The checkpoint's note text: origin, size and base64 root lines, then any extension lines. */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin === '' || cp.origin.includes('\n')) throw malformed('origin must be one non-empty line');
  checkSize('size', cp.size);
  if (cp.rootHash.length !== HASH_SIZE)
    throw malformed(`root hash has ${cp.rootHash.length} bytes, want ${HASH_SIZE}`);
  for (const e of cp.extensions)
    if (e === '' || e.includes('\n')) throw malformed('extension lines must be non-empty single lines');
  return [cp.origin, String(cp.size), base64Encode(cp.rootHash), ...cp.extensions]
    .map((l) => `${l}\n`)
    .join('');
}

/** Parses a checkpoint's note text (not the signed note: see verifyCheckpoint). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('want at least origin, size and root hash lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw malformed('empty origin line');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw malformed('tree size must be decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed('tree size is beyond 2^53');
  const rootHash = base64Decode(rootText);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE)
    throw malformed('root hash must be base64 of 32 bytes');
  if (extensions.some((e) => e === '')) throw malformed('extension lines must be non-empty');
  return { origin, size, rootHash, extensions };
}

/** Formats and signs a checkpoint; returns the signed note to serve at `<prefix>/checkpoint`. */
export async function signCheckpoint(cp: Checkpoint, signers: readonly NoteSigner[]): Promise<string> {
  return signNote(formatCheckpoint(cp), signers);
}

/**
 * Verifies a signed checkpoint with the log's verifier(s) and parses it. If `origin` is given the
 * origin line must equal it (the key name need not: sum.golang.org signs "go.sum database tree").
 */
export async function verifyCheckpoint(
  signedNote: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: { readonly origin?: string } = {},
): Promise<{ readonly checkpoint: Checkpoint; readonly note: VerifiedNote }> {
  const note = await verifyNote(signedNote, verifiers);
  const checkpoint = parseCheckpoint(note.text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new TlogError(
      'TLOG_ORIGIN_MISMATCH',
      `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(options.origin)}`,
    );
  }
  return { checkpoint, note };
}
