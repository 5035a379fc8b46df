// `npm run eval:assistant`: trains the assistant on corpus/assistant/train and measures it on the held-out
// phrases in corpus/assistant/test (never used for training), per language, beside NLP.js's own
// classifier trained on the same examples (the measured reason the project's classifier is used).
import { evaluate, formatReport, INTENTS, LANGUAGES, Understander } from '../src/bot';
import { NlpJsEngine } from '../src/bot/nlpjs-engine';
import { loadTestExamples, loadTrainingExamples } from '../src/bot/training-data';

const train = loadTrainingExamples();
const test = loadTestExamples();
const t0 = performance.now();
const understander = Understander.train(train);
const trainMs = performance.now() - t0;
console.log(
  `Filo classifier: ${train.length} training phrases, trained in ${trainMs.toFixed(0)} ms; ${test.length} held-out phrases\n`,
);
const report = evaluate(understander, test);
console.log(formatReport(report, { errors: process.argv.includes('--errors') }));

const t1 = performance.now();
const nlp = await NlpJsEngine.train(train);
console.log(
  `\nNLP.js neural classifier (same training phrases, language given), trained in ${(performance.now() - t1).toFixed(0)} ms:`,
);
for (const language of LANGUAGES) {
  const items = test.filter((e) => e.language === language);
  let ok = 0;
  for (const e of items) {
    const scores = await nlp.classify(language, e.text);
    let best: string = 'none';
    let bestScore = -1;
    for (const intent of INTENTS) {
      const s = scores.get(intent) ?? 0;
      if (s > bestScore) [best, bestScore] = [intent, s];
    }
    if (best === e.intent) ok += 1;
  }
  console.log(`${language}: intent accuracy ${((ok / items.length) * 100).toFixed(1)} %`);
}
const below = report.languages.filter((l) => l.accuracy < 0.9);
if (below.length > 0) {
  console.log(`\nBelow the 90 % target: ${below.map((l) => l.language).join(', ')}`);
  process.exitCode = 1;
}
