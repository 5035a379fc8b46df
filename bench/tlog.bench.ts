// Benchmark of the tlog module's server paths on a 1,000,000-leaf tree held in memory: the
// stored-hash append path (hash the entry, append, persist the new stored hashes) and inclusion
// proof generation + verification, each beside merkletreejs (the popular JS Merkle library, with
// its default options and the same OpenSSL SHA-256; it is not RFC 6962 and keeps every level in
// memory). Run with `npm run bench tlog` or standalone: `node --import tsx bench/tlog.bench.ts`.

import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { MerkleTree } from 'merkletreejs';
import { MemoryHashStore, TreeAppender, proveInclusion, storedHashCount, verifyInclusion } from '../src/tlog';
import { nodeHasher } from '../src/tlog/node';

type BenchResult = {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  note?: string;
};

const LEAVES = 1_000_000;
const PROOF_SAMPLES = 20_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** Deterministic pseudo-random indexes, so both libraries prove the same leaves. */
function sampleIndexes(n: number, count: number): number[] {
  let x = 0x2545f491;
  return Array.from({ length: count }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  });
}

/** Lets the event loop and GC catch up between phases, so one phase's garbage is not billed to the next. */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Times `op` once per index; returns per-call durations in µs, sorted. */
function timeEach(indexes: readonly number[], op: (i: number) => void): number[] {
  for (const i of indexes.slice(0, 500)) op(i); // warm-up
  const out = indexes.map((i) => {
    const t = performance.now();
    op(i);
    return (performance.now() - t) * 1000;
  });
  return out.sort((a, b) => a - b);
}

export async function run(): Promise<BenchResult[]> {
  const enc = new TextEncoder();
  // Entries the size of a small ledger event; generated up front so both sides hash the same bytes.
  const entries = Array.from({ length: LEAVES }, (_, i) =>
    enc.encode(`{"type":"donation","id":${i},"amount":500,"currency":"EUR"}`),
  );
  const indexes = sampleIndexes(LEAVES, PROOF_SAMPLES);

  // ---- ours: TreeAppender + an in-memory stored-hash table ----
  const store = new MemoryHashStore(storedHashCount(LEAVES));
  const appender = new TreeAppender(0, [], nodeHasher);
  let t = performance.now();
  for (const e of entries) store.append(appender.append(nodeHasher.hashLeaf(e)));
  const root = appender.root();
  const buildMs = performance.now() - t;
  await settle();

  const ours = timeEach(indexes, (i) => {
    const proof = proveInclusion(i, LEAVES, store.reader, nodeHasher);
    verifyInclusion(i, LEAVES, nodeHasher.hashLeaf(entries[i]!), proof, root, nodeHasher);
  });

  await settle();

  // ---- peer: merkletreejs, default options, leaves hashed with the same SHA-256 ----
  const sha256 = (data: Buffer | Uint8Array): Buffer => createHash('sha256').update(data).digest();
  t = performance.now();
  const peerLeaves = entries.map((e) => sha256(e));
  const tree = new MerkleTree(peerLeaves, sha256);
  const peerRoot = tree.getRoot();
  const peerBuildMs = performance.now() - t;
  await settle();

  const peer = timeEach(indexes, (i) => {
    const leaf = sha256(entries[i]!);
    const proof = tree.getProof(leaf, i);
    if (!tree.verify(proof, leaf, peerRoot)) throw new Error('merkletreejs proof did not verify');
  });

  const ourRate = LEAVES / (buildMs / 1000);
  const peerRate = LEAVES / (peerBuildMs / 1000);
  return [
    {
      name: 'tlog append 1M leaves (hash entry, TreeAppender, store hashes)',
      value: ourRate,
      unit: 'leaves/s',
      baseline: { name: 'merkletreejs build', value: peerRate, unit: 'leaves/s' },
      note: `${(buildMs / 1000).toFixed(2)} s vs ${(peerBuildMs / 1000).toFixed(2)} s; ${storedHashCount(LEAVES).toLocaleString('en')} stored hashes (${Math.round((storedHashCount(LEAVES) * 32) / 2 ** 20)} MiB)`,
    },
    {
      name: 'tlog inclusion proof + verify on 1M, median',
      value: percentile(ours, 0.5),
      unit: 'µs',
      baseline: { name: 'merkletreejs getProof+verify median', value: percentile(peer, 0.5), unit: 'µs' },
      note: `${PROOF_SAMPLES.toLocaleString('en')} random leaves; proof read from stored hashes (${Math.ceil(Math.log2(LEAVES))} reads)`,
    },
    {
      name: 'tlog inclusion proof + verify on 1M, p99',
      value: percentile(ours, 0.99),
      unit: 'µs',
      baseline: { name: 'merkletreejs getProof+verify p99', value: percentile(peer, 0.99), unit: 'µs' },
    },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) {
    const base = r.baseline
      ? `  | ${r.baseline.name}: ${r.baseline.value.toFixed(1)} ${r.baseline.unit}`
      : '';
    process.stdout.write(
      `${r.name}: ${r.value.toFixed(1)} ${r.unit}${base}${r.note ? `  — ${r.note}` : ''}\n`,
    );
  }
}
