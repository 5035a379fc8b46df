// tlog owns Filo's transparency log: the RFC 6962 tree over stored hashes, proofs, C2SP tiles, signed
// notes, checkpoints, tlog-proof receipts and a log auditor. Isomorphic (no node:* imports); Node
// servers may also import the separate, node-only door './node.js' (OpenSSL SHA-256, file fetcher).

export { TlogError, TLOG_ERRORS, isTlogError, type TlogErrorCode } from './errors.js';

export { sha256, type Sha256 } from './sha256.js';
export { HASH_SIZE, createHasher, defaultHasher, type Hash, type Hasher } from './hasher.js';
export { base64Decode, base64Encode, hexDecode, hexEncode } from './bytes.js';

export { verifyInclusion, verifyConsistency, rootFromInclusionProof } from './verify.js';
export {
  storedHashIndex,
  splitStoredHashIndex,
  storedHashCount,
  frontierIndexes,
  storedHashes,
  storedHashesForBatch,
  treeHash,
  proveInclusion,
  proveConsistency,
  TreeAppender,
  type HashReader,
  type AsyncHashReader,
} from './tree.js';
export { MemoryHashStore } from './memory-store.js';

export {
  TILE_HEIGHT,
  TILE_WIDTH,
  MAX_ENTRY_SIZE,
  formatTileIndex,
  tilePath,
  parseTilePath,
  newTiles,
  tilesForSize,
  tileWidthAt,
  readTileData,
  tileHashes,
  hashFromTile,
  tileHashReader,
  encodeEntryBundle,
  parseEntryBundle,
  type TileRef,
} from './tile.js';

export {
  parseNote,
  formatNote,
  signNote,
  verifyNote,
  createNoteVerifier,
  createNoteSigner,
  generateNoteKey,
  computeKeyId,
  type Note,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type VerifiedNote,
} from './note.js';
export {
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from './checkpoint.js';
export {
  formatTlogProof,
  parseTlogProof,
  verifyTlogProof,
  type TlogProof,
  type VerifyTlogProofOptions,
  type VerifiedTlogProof,
} from './tlog-proof.js';
export { auditLog, type AuditOptions, type AuditProblem, type AuditResult, type LogState } from './audit.js';
