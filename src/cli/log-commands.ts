import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../core';
import type { Store } from '../store';
import type { TransparencyLog } from '../transparency';
import {
  auditLog,
  base64Decode,
  base64Encode,
  createNoteVerifier,
  parseTlogProof,
  verifyTlogProof,
  type LogState,
} from '../tlog';
import { directoryFetcher, nodeHasher } from '../tlog/node';

// Commands that check a log: this server's own (`verify`), anyone's (`audit`), and one receipt
// offline (`verify-receipt`). Each exits non-zero when something does not verify.

/** Optional hook: checks application-level invariants over a log's entries (the ledger's rules). */
export interface EntryChecker {
  /** True when the entries are of the kind this checker understands. */
  recognises(entry: Uint8Array): boolean;
  check(entries: readonly Uint8Array[]): readonly { index: number; message: string }[];
  /** Compares the application's own rows with the log (for `filo verify` on this server). */
  crossCheck(store: Store, log: TransparencyLog): Promise<readonly { index: number; message: string }[]>;
}

function httpFetcher(base: string): (path: string) => Promise<Uint8Array | undefined> {
  const root = base.replace(/\/+$/, '');
  return async (path) => {
    const res = await fetch(`${root}/${path}`, { headers: { 'accept-encoding': 'gzip' } });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

function readKey(value: string): string {
  // --key takes the vkey itself or a file holding it.
  if (existsSync(value) && statSync(value).isFile()) return readFileSync(value, 'utf8').trim();
  return value.trim();
}

export function registerLogCommands(program: Command, checker?: EntryChecker): void {
  program
    .command('verify')
    .description("Check this server's database against its own log: every entry, stored hash and checkpoint.")
    .action(async () => {
      const cfg = loadConfig();
      const { openStore } = await import('../store');
      const { TransparencyLog, verifyLogIntegrity } = await import('../transparency');
      const store = await openStore({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, migrate: true });
      try {
        const log = await TransparencyLog.open(store, {
          publicUrl: cfg.publicUrl,
          origin: cfg.logOrigin,
          signerKey: cfg.logSignerKey,
        });
        const problems = [...(await verifyLogIntegrity(store, log))];
        if (checker) {
          const rows = await store.db
            .selectFrom('tlog_entries')
            .select(['idx', 'data'])
            .orderBy('idx')
            .execute();
          for (const p of checker.check(rows.map((r) => new Uint8Array(r.data))))
            problems.push({ kind: 'entry', index: p.index, message: p.message });
          for (const p of await checker.crossCheck(store, log))
            problems.push({ kind: 'entry', index: p.index, message: p.message });
        }
        const size = await log.size();
        if (problems.length === 0) {
          console.log(`OK: ${size} entries, every stored hash and checkpoint matches (${log.origin}).`);
          return;
        }
        for (const p of problems) console.log(`${p.kind} ${p.index}: ${p.message}`);
        console.error(`FAILED: ${problems.length} problem(s) in the log of ${log.origin}.`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  program
    .command('audit')
    .description(
      'Audit any C2SP tlog-tiles log (a URL or a folder): signature, every tile and entry, consistency with a saved state.',
    )
    .argument('<url-or-folder>', 'the log prefix, e.g. https://example.org/log or ./mirror')
    .requiredOption('--key <vkey>', "the log's verifier key (or a file holding it)")
    .option('--origin <origin>', 'the origin line to expect (default: the key name)')
    .option(
      '--state <file>',
      'a JSON file with the last audited size and root: the log must extend it; updated on success',
    )
    .option('--no-ledger', "do not re-check Filo's ledger rules on the entries")
    .action(
      async (target: string, opts: { key: string; origin?: string; state?: string; ledger: boolean }) => {
        const vkey = readKey(opts.key);
        const verifier = createNoteVerifier(vkey);
        let previousState: LogState | undefined;
        if (opts.state && existsSync(opts.state)) {
          const saved = JSON.parse(readFileSync(opts.state, 'utf8')) as { size: number; rootHash: string };
          const rootHash = base64Decode(saved.rootHash);
          if (!rootHash) throw new Error(`${opts.state}: rootHash is not base64`);
          previousState = { size: saved.size, rootHash };
        }
        const fetcher = /^https?:\/\//.test(target) ? httpFetcher(target) : directoryFetcher(target);
        const entries: Uint8Array[] = [];
        const result = await auditLog({
          fetch: fetcher,
          verifierKey: verifier,
          origin: opts.origin ?? verifier.name,
          hasher: nodeHasher,
          ...(previousState ? { previousState } : {}),
          onEntry: (_i, entry) => {
            entries.push(entry);
          },
        });
        const problems = result.problems.map(
          (p) => `${p.path}${p.index !== undefined ? ` (entry ${p.index})` : ''}: ${p.code}: ${p.message}`,
        );
        let ledgerChecked = false;
        if (opts.ledger && checker && entries.length > 0 && entries.every((e) => checker.recognises(e))) {
          ledgerChecked = true;
          for (const p of checker.check(entries))
            problems.push(`entry ${p.index}: LEDGER_INVARIANT: ${p.message}`);
        }
        if (problems.length > 0) {
          for (const p of problems) console.log(p);
          console.error(`FAILED: ${problems.length} problem(s).`);
          process.exitCode = 1;
          return;
        }
        console.log(
          `OK: ${result.checkpoint?.origin} size ${result.checkpoint?.size}: signature, ${result.entries} entries and every tile verify` +
            (previousState ? `; consistent with the saved state (size ${previousState.size})` : '') +
            (ledgerChecked ? '; ledger invariants hold' : '') +
            '.',
        );
        if (opts.state && result.state) {
          writeFileSync(
            opts.state,
            `${JSON.stringify({ origin: result.checkpoint?.origin, size: result.state.size, rootHash: base64Encode(result.state.rootHash) }, null, 2)}\n`,
          );
        }
      },
    );

  program
    .command('verify-receipt')
    .description(
      'Verify a .tlog-proof receipt offline: the checkpoint signature and the inclusion of its entry.',
    )
    .argument('<file>', 'the receipt (c2sp.org/tlog-proof@v1)')
    .requiredOption('--key <vkey>', "the log's verifier key (or a file holding it)")
    .option('--origin <origin>', 'the origin line to expect (default: the key name)')
    .action(async (file: string, opts: { key: string; origin?: string }) => {
      const verifier = createNoteVerifier(readKey(opts.key));
      const text = readFileSync(file, 'utf8');
      try {
        const proof = parseTlogProof(text);
        if (!proof.extra)
          throw new Error('the receipt carries no entry (no extra line): nothing to check the leaf against');
        const verified = await verifyTlogProof(proof, {
          origin: opts.origin ?? verifier.name,
          verifiers: [verifier],
          leafHash: (extra) => nodeHasher.hashLeaf(extra ?? new Uint8Array()),
          hasher: nodeHasher,
        });
        console.log(
          `OK: entry ${verified.index} is in ${verified.checkpoint.origin} at size ${verified.checkpoint.size}.`,
        );
        console.log(new TextDecoder().decode(proof.extra));
      } catch (error) {
        console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      }
    });
}
