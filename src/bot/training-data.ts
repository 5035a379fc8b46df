import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INTENTS, LANGUAGES, isIntent, type BotLanguage, type Example } from './intents';

// The training phrases ship as one JSON file per language in corpus/assistant/train/ (intent → phrases);
// the held-out test set lives in corpus/assistant/test/ (a list of { text, intent }) and is written
// separately: it is never read for training.

export const DATA_DIR = path.resolve(import.meta.dirname, '../../corpus/assistant');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

export function loadTrainingExamples(dir: string = path.join(DATA_DIR, 'train')): Example[] {
  const out: Example[] = [];
  for (const language of LANGUAGES) {
    const data = readJson(path.join(dir, `${language}.json`));
    if (typeof data !== 'object' || data === null)
      throw new Error(`${language}.json: an object of intents expected`);
    for (const [intent, phrases] of Object.entries(data)) {
      if (!isIntent(intent)) throw new Error(`${language}.json: unknown intent ${intent}`);
      if (!Array.isArray(phrases)) throw new Error(`${language}.json: ${intent} must be a list`);
      for (const text of phrases) {
        if (typeof text !== 'string') throw new Error(`${language}.json: ${intent} has a non-text phrase`);
        out.push({ language, text, intent });
      }
    }
  }
  return out;
}

export function loadTestExamples(dir: string = path.join(DATA_DIR, 'test')): Example[] {
  const out: Example[] = [];
  for (const language of LANGUAGES) {
    const data = readJson(path.join(dir, `${language}.json`));
    if (!Array.isArray(data)) throw new Error(`test/${language}.json: a list expected`);
    for (const item of data as unknown[]) {
      const { text, intent } = (item ?? {}) as { text?: unknown; intent?: unknown };
      if (typeof text !== 'string' || typeof intent !== 'string' || !isIntent(intent)) {
        throw new Error(`test/${language}.json: bad item ${JSON.stringify(item)}`);
      }
      out.push({ language, text, intent });
    }
  }
  return out;
}

/** A stable hash of a set of examples (order-independent): the saved model is reused only when it matches. */
export function examplesHash(examples: readonly Example[], version: string): string {
  const lines = examples.map((e) => `${e.language}\t${e.intent}\t${e.text}`).sort();
  return createHash('sha256')
    .update(`${version}\n${INTENTS.join(',')}\n${lines.join('\n')}`)
    .digest('hex');
}

export function countByLanguage(examples: readonly Example[]): Record<BotLanguage, number> {
  const out = { it: 0, en: 0, de: 0, es: 0, fr: 0 };
  for (const e of examples) out[e.language] += 1;
  return out;
}
