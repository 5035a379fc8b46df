// Prints the knowledge base's retrieval quality on the held-out questions of every language:
// top-1 accuracy (the right entry first and confident enough to answer), rank accuracy (first,
// whatever its confidence) and how often unanswerable questions are refused. `npm run eval:knowledge`;
// `--misses` lists the questions it got wrong.
import { evaluateAll } from '../src/bot/knowledge/evaluate';

const showMisses = process.argv.includes('--misses');
const thresholdArg = process.argv.find((a) => a.startsWith('--threshold='));
const threshold = thresholdArg ? Number(thresholdArg.split('=')[1]) : undefined;
const reports = evaluateAll(threshold === undefined ? {} : { threshold });
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
const out: string[] = ['language  answerable  top-1 accuracy  ranked first  unanswerable  refused'];
for (const r of reports) {
  out.push(
    `${r.language.padEnd(8)}  ${String(r.answerable).padStart(10)}  ${pct(r.accuracy)} (${r.answered})`.padEnd(
      40,
    ) +
      `${pct(r.rankAccuracy)}  ${String(r.unanswerable).padStart(12)}  ${pct(r.refusalRate)} (${r.refused})`,
  );
  if (showMisses) {
    for (const m of r.misses) {
      out.push(
        `    miss: "${m.text}" expected ${m.expected ?? '—'} got ${m.got ?? '—'} (${m.confidence.toFixed(2)})`,
      );
    }
  }
}
const all = reports.reduce((s, r) => s + r.answered, 0) / reports.reduce((s, r) => s + r.answerable, 0);
out.push(`overall top-1 accuracy ${pct(all).trim()}`);
process.stdout.write(`${out.join('\n')}\n`);
