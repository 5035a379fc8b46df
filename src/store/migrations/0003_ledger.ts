import type { Kysely } from 'kysely';

// Ledger tables: see src/ledger.
export async function up(_db: Kysely<unknown>): Promise<void> {}
