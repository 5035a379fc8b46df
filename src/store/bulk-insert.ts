import { CompiledQuery, PostgresAdapter, type Insertable, type Kysely } from 'kysely';
import type { Database } from './schema';

// Multi-row inserts on hot paths (a batch of gifts writes hundreds of rows into a handful of tables)
// without the query builder: building and compiling a statement of a few hundred bound values through
// Kysely's operation tree costs more than SQLite takes to run it, inside the one write transaction
// every other writer waits for. The SQL is the same Kysely would write; values are bound, never
// inlined; identifiers come from the caller's typed table and row keys only.

/** Bound values per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_VALUES = 8_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain identifier: ${name}`);
  return `"${name}"`;
}

/**
 * Inserts rows (all with the same columns, in the same key order) in as few statements as the bound
 * value limits allow. `onConflictDoNothing` names the unique columns whose repeats are skipped.
 * Resolves with the number of rows inserted.
 */
export async function insertMany<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
  options: { readonly onConflictDoNothing?: readonly string[] } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i]))
      throw new Error(`insertMany(${table}): every row must have the same columns in the same order`);
  }
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const head = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values `;
  const tail = options.onConflictDoNothing
    ? ` on conflict (${options.onConflictDoNothing.map(quoted).join(', ')}) do nothing`
    : '';
  const perStatement = Math.max(1, Math.floor(MAX_VALUES / columns.length));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const marks: string[] = [];
      for (const column of columns) {
        const value = (row as Record<string, unknown>)[column];
        if (value === undefined) throw new Error(`insertMany(${table}): ${column} is undefined (use null)`);
        params.push(value);
        marks.push(postgres ? `$${params.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    const result = await db.executeQuery(CompiledQuery.raw(head + tuples.join(', ') + tail, params));
    inserted += Number(result.numAffectedRows ?? 0);
  }
  return inserted;
}
