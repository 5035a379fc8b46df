import { TreeAppender, storedHashCount, type Hash } from '../tlog';
import { nodeHasher } from '../tlog/node';
import type { Store } from '../store';
import type { TransparencyLog } from './log';

// `filo verify`: re-derives the whole tree from the stored entries and compares it with what the
// database holds — every stored hash, every checkpoint's root and signature, the state row. Any
// edited, deleted or inserted entry, hash or checkpoint is reported by its index.

export interface IntegrityProblem {
  readonly kind: 'entry' | 'hash' | 'checkpoint' | 'state';
  readonly index: number;
  readonly message: string;
}

const PAGE = 5_000;

export async function verifyLogIntegrity(store: Store, log: TransparencyLog): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const db = store.db;
  const state = await db.selectFrom('tlog_state').selectAll().where('id', '=', 'main').executeTakeFirst();
  if (!state) return [{ kind: 'state', index: 0, message: 'the log state row is missing' }];
  const integrated = Number(state.integrated_size);
  const checkpoints = (await db.selectFrom('tlog_checkpoints').selectAll().orderBy('size').execute()).map(
    (c) => ({
      size: Number(c.size),
      root: new Uint8Array(c.root_hash),
      note: c.note,
    }),
  );
  const latest = checkpoints[checkpoints.length - 1];
  if (!latest) problems.push({ kind: 'checkpoint', index: 0, message: 'the log has no checkpoint' });
  if (latest && latest.size !== integrated) {
    problems.push({
      kind: 'state',
      index: integrated,
      message: `state says ${integrated} entries are integrated, the latest checkpoint covers ${latest.size}`,
    });
  }

  const roots = new Map<number, Hash>();
  const wanted = new Set(checkpoints.map((c) => c.size));
  const appender = new TreeAppender(0, [], nodeHasher);
  if (wanted.has(0)) roots.set(0, appender.root());
  let expectedIdx = 0;
  let hashIdx = 0;
  for (let from = 0; from < integrated; from += PAGE) {
    const to = Math.min(integrated, from + PAGE);
    const entries = await db
      .selectFrom('tlog_entries')
      .select(['idx', 'data'])
      .where('idx', '>=', from)
      .where('idx', '<', to)
      .orderBy('idx')
      .execute();
    const stored = await db
      .selectFrom('tlog_hashes')
      .select(['idx', 'hash'])
      .where('idx', '>=', storedHashCount(from))
      .where('idx', '<', storedHashCount(to))
      .orderBy('idx')
      .execute();
    const storedByIdx = new Map(stored.map((h) => [Number(h.idx), new Uint8Array(h.hash)]));
    for (const entry of entries) {
      const idx = Number(entry.idx);
      while (expectedIdx < idx) {
        problems.push({
          kind: 'entry',
          index: expectedIdx,
          message: `entry ${expectedIdx} is missing (deleted?)`,
        });
        // The tree cannot be rebuilt past a hole; keep comparing what remains against stored leaves.
        appender.append(storedByIdx.get(hashIdx) ?? nodeHasher.emptyRoot);
        hashIdx = storedHashCount(appender.size);
        expectedIdx++;
      }
      const fresh = appender.append(nodeHasher.hashLeaf(entry.data));
      fresh.forEach((h, i) => {
        const have = storedByIdx.get(hashIdx + i);
        if (!have) {
          problems.push({
            kind: 'hash',
            index: hashIdx + i,
            message: `stored hash ${hashIdx + i} (entry ${idx}) is missing`,
          });
        } else if (!bytesEqual(have, h)) {
          problems.push({
            kind: i === 0 ? 'entry' : 'hash',
            index: i === 0 ? idx : hashIdx + i,
            message:
              i === 0
                ? `entry ${idx} does not match its leaf hash in the tree (edited?)`
                : `stored hash ${hashIdx + i} does not match the entries`,
          });
        }
      });
      hashIdx += fresh.length;
      expectedIdx = idx + 1;
      if (wanted.has(appender.size)) roots.set(appender.size, appender.root());
    }
  }
  while (expectedIdx < integrated) {
    problems.push({
      kind: 'entry',
      index: expectedIdx,
      message: `entry ${expectedIdx} is missing (deleted?)`,
    });
    expectedIdx++;
  }
  const extraHashes = await db
    .selectFrom('tlog_hashes')
    .select('idx')
    .where('idx', '>=', storedHashCount(integrated))
    .limit(10)
    .execute();
  for (const h of extraHashes)
    problems.push({
      kind: 'hash',
      index: Number(h.idx),
      message: `stored hash ${Number(h.idx)} lies beyond the integrated tree`,
    });

  for (const c of checkpoints) {
    const signed = await log.verifyCheckpointNote(c.note);
    if (!signed) {
      problems.push({
        kind: 'checkpoint',
        index: c.size,
        message: `checkpoint for size ${c.size} has no valid signature of ${log.origin}`,
      });
      continue;
    }
    const root = roots.get(c.size);
    if (signed.size !== c.size || !bytesEqual(signed.rootHash, c.root)) {
      problems.push({
        kind: 'checkpoint',
        index: c.size,
        message: `checkpoint row ${c.size} does not match its own signed note`,
      });
    } else if (c.size > integrated) {
      problems.push({
        kind: 'checkpoint',
        index: c.size,
        message: `checkpoint for size ${c.size} is beyond the integrated tree`,
      });
    } else if (!root || !bytesEqual(root, c.root)) {
      problems.push({
        kind: 'checkpoint',
        index: c.size,
        message: `checkpoint for size ${c.size} does not match the entries (root differs)`,
      });
    }
  }
  return problems;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
