// `npm run bench`: runs every benchmark module in this folder (or those named on the command line)
// and prints each figure beside the baseline measured in the same run. These machines are shared and
// noisy: read the ratios and medians, not the absolute numbers.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number; readonly unit: string };
  readonly target?: string;
  readonly note?: string;
}

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en');
  return n.toPrecision(3);
}

let failed = false;
for (const file of files) {
  console.log(`\n## ${file}`);
  try {
    const mod = (await import(path.join(dir, file))) as { run: () => Promise<BenchResult[]> };
    for (const r of await mod.run()) {
      let line = `  ${r.name}: ${fmt(r.value)} ${r.unit}`;
      if (r.baseline) {
        const ratio = r.value / r.baseline.value;
        line += `   | baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}  (ratio ${ratio.toFixed(2)})`;
      }
      if (r.target) line += `   | target ${r.target}`;
      if (r.note) line += `   — ${r.note}`;
      console.log(line);
    }
  } catch (error) {
    failed = true;
    console.log(`  FAILED: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
