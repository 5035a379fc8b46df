import type { Kysely } from 'kysely';

// Transparency-log tables: see src/transparency.
export async function up(_db: Kysely<unknown>): Promise<void> {}
