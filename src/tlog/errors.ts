// The tlog module's error catalogue. Codes are stable: a retired code is never reused, so callers
// (HTTP handlers, the CLI, the donor's browser) may branch on them. statusCode is the HTTP status
// a boundary should answer with when the error reaches it unhandled.

export const TLOG_ERRORS = {
  /** A size, index or option is out of range (negative, unsafe integer, index >= size, ...). */
  TLOG_INVALID_ARGUMENT: 400,
  /** An inclusion or consistency proof does not verify. */
  TLOG_BAD_PROOF: 422,
  /** Text is not a well-formed signed note (signed-note spec). */
  TLOG_MALFORMED_NOTE: 400,
  /** A signature by a known key failed to verify. */
  TLOG_BAD_SIGNATURE: 422,
  /** No signature on the note is by a known key. */
  TLOG_UNVERIFIED_NOTE: 422,
  /** A verifier key (vkey) or signer key is malformed, of an unknown type or has a wrong key ID. */
  TLOG_MALFORMED_KEY: 400,
  /** A checkpoint body is malformed (tlog-checkpoint spec). */
  TLOG_MALFORMED_CHECKPOINT: 400,
  /** The checkpoint's origin line is not the one expected. */
  TLOG_ORIGIN_MISMATCH: 422,
  /** A tlog-proof text is malformed (tlog-proof spec). */
  TLOG_MALFORMED_PROOF: 400,
  /** A tile or entry-bundle path is malformed (tlog-tiles spec). */
  TLOG_MALFORMED_TILE_PATH: 400,
  /** Tile bytes have the wrong length or do not belong to the tile asked for. */
  TLOG_MALFORMED_TILE: 422,
  /** An entry bundle is truncated, has trailing bytes, or an entry is too long to bundle. */
  TLOG_MALFORMED_BUNDLE: 422,
  /** A hash reader returned the wrong number of hashes, or hashes of the wrong length. */
  TLOG_BAD_STORE_READ: 500,
  /** Web Crypto Ed25519 is not available in this runtime. */
  TLOG_CRYPTO_UNAVAILABLE: 500,
  /** Audit: a resource could not be fetched. */
  TLOG_FETCH_FAILED: 502,
  /** Audit: an entry's leaf hash differs from the level-0 tile. */
  TLOG_ENTRY_MISMATCH: 422,
  /** Audit: a tile hash differs from the hash recomputed from the level below. */
  TLOG_TILE_MISMATCH: 422,
  /** Audit: the recomputed root differs from the checkpoint's root. */
  TLOG_ROOT_MISMATCH: 422,
  /** Audit: the log is not consistent with a previously seen state (rewritten or shrunk history). */
  TLOG_INCONSISTENT: 422,
} as const satisfies Record<string, number>;

export type TlogErrorCode = keyof typeof TLOG_ERRORS;

export class TlogError extends Error {
  override readonly name = 'TlogError';
  readonly code: TlogErrorCode;
  readonly statusCode: number;

  constructor(code: TlogErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.statusCode = TLOG_ERRORS[code];
  }
}

/** True when `err` is a TlogError, optionally with the given code. */
export function isTlogError(err: unknown, code?: TlogErrorCode): err is TlogError {
  return err instanceof TlogError && (code === undefined || err.code === code);
}
