import { INTENTS, LANGUAGES, type BotLanguage, type Example, type Intent } from './intents';
import type { Understander } from './understander';

// Accuracy and per-intent F1 per language on a held-out set; used by `npm run eval:assistant` and by
// the test that fails the suite below the target.

export interface LanguageReport {
  readonly language: BotLanguage;
  readonly phrases: number;
  readonly accuracy: number;
  /** How often the language itself was recognised (no hint given). */
  readonly languageAccuracy: number;
  readonly f1: Readonly<Partial<Record<Intent, number>>>;
  readonly errors: readonly { readonly text: string; readonly expected: Intent; readonly got: Intent }[];
}

export interface EvaluationReport {
  readonly languages: readonly LanguageReport[];
  readonly meanMsPerMessage: number;
}

export function evaluate(
  understander: Understander,
  test: readonly Example[],
  now = new Date('2026-01-15T12:00:00Z'),
): EvaluationReport {
  const languages: LanguageReport[] = [];
  let total = 0;
  let ms = 0;
  for (const language of LANGUAGES) {
    const items = test.filter((e) => e.language === language);
    const tp = new Map<Intent, number>();
    const fp = new Map<Intent, number>();
    const fn = new Map<Intent, number>();
    const inc = (m: Map<Intent, number>, k: Intent) => m.set(k, (m.get(k) ?? 0) + 1);
    let correct = 0;
    let langOk = 0;
    const errors: { text: string; expected: Intent; got: Intent }[] = [];
    for (const e of items) {
      const t0 = performance.now();
      // No language hint: the detector is measured too.
      const r = understander.understand(e.text, { now });
      ms += performance.now() - t0;
      total += 1;
      if (r.language === language) langOk += 1;
      if (r.intent === e.intent) {
        correct += 1;
        inc(tp, e.intent);
      } else {
        inc(fp, r.intent);
        inc(fn, e.intent);
        errors.push({ text: e.text, expected: e.intent, got: r.intent });
      }
    }
    const f1: Partial<Record<Intent, number>> = {};
    for (const intent of INTENTS) {
      const t = tp.get(intent) ?? 0;
      const p = t + (fp.get(intent) ?? 0);
      const r = t + (fn.get(intent) ?? 0);
      if (r === 0 && p === 0) continue;
      const precision = p === 0 ? 0 : t / p;
      const recall = r === 0 ? 0 : t / r;
      f1[intent] = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    }
    languages.push({
      language,
      phrases: items.length,
      accuracy: items.length === 0 ? 0 : correct / items.length,
      languageAccuracy: items.length === 0 ? 0 : langOk / items.length,
      f1,
      errors,
    });
  }
  return { languages, meanMsPerMessage: total === 0 ? 0 : ms / total };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function formatReport(report: EvaluationReport, options: { errors?: boolean } = {}): string {
  const lines: string[] = [];
  for (const l of report.languages) {
    lines.push(
      `${l.language}: ${l.phrases} phrases, intent accuracy ${pct(l.accuracy)}, language recognised ${pct(l.languageAccuracy)}`,
    );
    lines.push(
      `    F1 ${INTENTS.filter((i) => l.f1[i] !== undefined)
        .map((i) => `${i} ${(l.f1[i] as number).toFixed(2)}`)
        .join(' · ')}`,
    );
    if (options.errors)
      for (const e of l.errors) lines.push(`    ✗ "${e.text}" → ${e.got} (expected ${e.expected})`);
  }
  lines.push(`mean ${report.meanMsPerMessage.toFixed(3)} ms per message`);
  return lines.join('\n');
}
