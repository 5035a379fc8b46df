import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KNOWLEDGE_LANGUAGES, type KnowledgeLanguage } from './text';

// The demo organisation's FAQ (corpus/knowledge/<language>.json) and the held-out questions that measure
// retrieval (corpus/knowledge/heldout/<language>.json), written separately from the entries.

export const KNOWLEDGE_DATA_DIR = path.resolve(import.meta.dirname, '../../../corpus/knowledge');

export interface FaqSeed {
  readonly sourceId: string;
  readonly question: string;
  readonly phrasings: readonly string[];
  readonly answer: string;
  readonly tags: readonly string[];
}

export interface HeldOutQuestion {
  readonly text: string;
  /** The entry's sourceId, or null when the right answer is "I don't know". */
  readonly expected: string | null;
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`${where}: expected strings`);
  return value;
}

export function loadFaqSeeds(language: KnowledgeLanguage, dir = KNOWLEDGE_DATA_DIR): FaqSeed[] {
  const file = path.join(dir, `${language}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { language?: unknown; entries?: unknown };
  if (data.language !== language || !Array.isArray(data.entries))
    throw new Error(`${file}: not a ${language} FAQ`);
  return data.entries.map((raw: Record<string, unknown>, i) => {
    const where = `${file} entry ${i}`;
    for (const key of ['sourceId', 'question', 'answer']) {
      if (typeof raw[key] !== 'string' || raw[key] === '') throw new Error(`${where}: ${key} missing`);
    }
    return {
      sourceId: raw.sourceId as string,
      question: raw.question as string,
      answer: raw.answer as string,
      phrasings: strings(raw.phrasings ?? [], where),
      tags: strings(raw.tags ?? [], where),
    };
  });
}

export function loadHeldOut(language: KnowledgeLanguage, dir = KNOWLEDGE_DATA_DIR): HeldOutQuestion[] {
  const file = path.join(dir, 'heldout', `${language}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { questions?: unknown };
  if (!Array.isArray(data.questions)) throw new Error(`${file}: no questions`);
  return data.questions.map((q: { text?: unknown; expected?: unknown }) => {
    if (typeof q.text !== 'string' || !(typeof q.expected === 'string' || q.expected === null)) {
      throw new Error(`${file}: bad question ${JSON.stringify(q)}`);
    }
    return { text: q.text, expected: q.expected };
  });
}

export { KNOWLEDGE_LANGUAGES };
