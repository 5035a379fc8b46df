// Checks a donation's receipt in the browser, trusting nothing the server says about it: the C2SP
// tlog-proof's checkpoint must carry a valid Ed25519 signature by the log's key, and the RFC 6962 leaf
// hash of the entry bytes (the proof's `extra` line) must lead, through the inclusion proof, to the
// signed root. Uses the isomorphic tlog library, so Node runs exactly the code the donor's browser runs.
import {
  base64Encode,
  createNoteVerifier,
  defaultHasher,
  isTlogError,
  verifyTlogProof,
} from '../../../src/tlog/index.js';

export interface VerifiedReceipt {
  readonly status: 'verified';
  readonly index: number;
  readonly checkpointSize: number;
  /** base64, as the checkpoint writes it. */
  readonly rootHash: string;
  /** The entry's bytes as text (canonical JSON for Filo entries). */
  readonly entryText: string;
  /** The entry parsed as JSON, or null when the bytes are not JSON. */
  readonly entry: Readonly<Record<string, unknown>> | null;
}

export interface FailedReceipt {
  readonly status: 'failed';
  /** A tlog error code (TLOG_BAD_PROOF, TLOG_BAD_SIGNATURE, …) or RECEIPT_NO_ENTRY. */
  readonly code: string;
  readonly message: string;
}

export type ReceiptCheck = VerifiedReceipt | FailedReceipt;

export interface ReceiptLog {
  readonly origin: string;
  readonly verifierKey: string;
}

function parseEntry(text: string): Readonly<Record<string, unknown>> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Verifies one tlog-proof against the log's origin and verifier key; never throws. */
export async function verifyReceipt(
  proofText: string,
  log: ReceiptLog,
  expectedIndex?: number,
): Promise<ReceiptCheck> {
  try {
    const verified = await verifyTlogProof(proofText, {
      origin: log.origin,
      verifiers: [createNoteVerifier(log.verifierKey)],
      leafHash: (extra) => {
        if (extra === undefined) throw new ReceiptEntryMissing();
        return defaultHasher.hashLeaf(extra);
      },
    });
    if (expectedIndex !== undefined && verified.index !== expectedIndex) {
      return {
        status: 'failed',
        code: 'RECEIPT_WRONG_INDEX',
        message: `The proof is for entry ${verified.index}, not ${expectedIndex}`,
      };
    }
    const extra = verified.extra ?? new Uint8Array(0);
    const entryText = new TextDecoder().decode(extra);
    return {
      status: 'verified',
      index: verified.index,
      checkpointSize: verified.checkpoint.size,
      rootHash: base64Encode(verified.checkpoint.rootHash),
      entryText,
      entry: parseEntry(entryText),
    };
  } catch (error) {
    if (error instanceof ReceiptEntryMissing) {
      return { status: 'failed', code: 'RECEIPT_NO_ENTRY', message: error.message };
    }
    if (isTlogError(error)) return { status: 'failed', code: error.code, message: error.message };
    return {
      status: 'failed',
      code: 'RECEIPT_UNVERIFIABLE',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

class ReceiptEntryMissing extends Error {
  constructor() {
    super('The proof carries no entry bytes to hash');
  }
}
