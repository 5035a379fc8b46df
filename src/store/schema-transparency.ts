// Tables of the server-side transparency log (entries, stored hashes, checkpoints, signing key).
// Defined by migration 0004_transparency.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TransparencyTables {}
