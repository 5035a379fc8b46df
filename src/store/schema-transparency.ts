// Tables of the server-side transparency log (see src/transparency). Defined by migration
// 0004_transparency. Entries and stored hashes are append-only; checkpoints are all kept.

export interface TlogEntryTable {
  idx: number;
  data: Uint8Array;
  created_at: string;
}

export interface TlogHashTable {
  /** Stored hash index, as in Go's sumdb tlog (level 0 leaves interleaved with interior nodes). */
  idx: number;
  hash: Uint8Array;
}

export interface TlogCheckpointTable {
  size: number;
  root_hash: Uint8Array;
  note: string;
  created_at: string;
}

export interface TlogStateTable {
  id: string;
  /** The index the next appended entry gets. */
  next_index: number;
  /** How many entries are hashed into the tree and covered by the latest checkpoint. */
  integrated_size: number;
}

export interface TransparencyTables {
  tlog_entries: TlogEntryTable;
  tlog_hashes: TlogHashTable;
  tlog_checkpoints: TlogCheckpointTable;
  tlog_state: TlogStateTable;
}
