// The store owns the one query layer (Kysely) over SQLite and PostgreSQL and the one ordered list of
// migrations. Modules read and write through `store.db`; engine differences are capabilities.
export {
  openStore,
  type Store,
  type StoreOptions,
  type StoreHealth,
  type StoreCapabilities,
  type Engine,
} from './store';
export { StoreErrors } from './errors';
export { WriteGate } from './write-gate';
export { insertMany } from './bulk-insert';
export { sameDatabasePeers } from './peers';
export type * from './schema';
export { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
