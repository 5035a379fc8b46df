// The assistant's understanding: messages per second and p99 per message (target under 5 ms), beside
// a trivial keyword-regex classifier measured in the same run on the same held-out phrases.
import { Understander } from '../src/bot';
import { loadTestExamples, loadTrainingExamples } from '../src/bot/training-data';
import type { BenchResult } from './run';

const REGEX: readonly [RegExp, string][] = [
  [/don|spend|give|dar|aport/i, 'donate'],
  [/grazie|thank|danke|gracias|merci/i, 'thanks'],
  [/ciao|hello|hallo|hola|bonjour/i, 'greeting'],
];

function regexClassify(text: string): string {
  for (const [re, intent] of REGEX) if (re.test(text)) return intent;
  return 'none';
}

function measure(
  fn: (text: string) => unknown,
  texts: readonly string[],
  rounds: number,
): { perSecond: number; p99: number } {
  const times: number[] = [];
  const start = performance.now();
  for (let r = 0; r < rounds; r += 1) {
    for (const t of texts) {
      const t0 = performance.now();
      fn(t);
      times.push(performance.now() - t0);
    }
  }
  const elapsed = performance.now() - start;
  times.sort((a, b) => a - b);
  return { perSecond: (times.length / elapsed) * 1000, p99: times[Math.floor(times.length * 0.99)] ?? 0 };
}

export async function run(): Promise<BenchResult[]> {
  const understander = Understander.train(loadTrainingExamples());
  const texts = loadTestExamples().map((e) => e.text);
  measure((t) => understander.understand(t), texts, 3); // warm-up
  const ours = measure((t) => understander.understand(t), texts, 20);
  const base = measure(regexClassify, texts, 20);
  return [
    {
      name: 'messages understood (language, intent, entities)',
      value: ours.perSecond,
      unit: 'msg/s',
      baseline: { name: 'keyword regex', value: base.perSecond, unit: 'msg/s' },
    },
    {
      name: 'p99 per message',
      value: ours.p99,
      unit: 'ms',
      baseline: { name: 'keyword regex p99', value: base.p99, unit: 'ms' },
      target: '< 5 ms',
    },
  ];
}
