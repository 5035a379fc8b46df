import type { Bm25Options } from './bm25';
import { loadFaqSeeds, loadHeldOut, KNOWLEDGE_DATA_DIR } from './demo-data';
import { KnowledgeRetriever, type RetrievableEntry } from './retriever';
import { KNOWLEDGE_LANGUAGES, type KnowledgeLanguage } from './text';

// Measures retrieval on the held-out questions: top-1 accuracy on questions the knowledge base can
// answer (the right entry ranked first and confident enough to be given), and how often questions it
// cannot answer are correctly refused. Used by `npm run eval:knowledge` and by the regression test.

export interface LanguageReport {
  readonly language: KnowledgeLanguage;
  readonly answerable: number;
  /** The right entry is ranked first (regardless of the threshold). */
  readonly top1: number;
  /** The right entry is ranked first and confident enough to be given. */
  readonly answered: number;
  readonly unanswerable: number;
  /** Unanswerable questions correctly refused (handed off). */
  readonly refused: number;
  /** answered over answerable. */
  readonly accuracy: number;
  readonly rankAccuracy: number;
  readonly refusalRate: number;
  readonly misses: readonly {
    text: string;
    expected: string | null;
    got: string | null;
    confidence: number;
  }[];
}

export function evaluateLanguage(
  language: KnowledgeLanguage,
  options: { threshold?: number; bm25?: Bm25Options; dir?: string } = {},
): LanguageReport {
  const dir = options.dir ?? KNOWLEDGE_DATA_DIR;
  const entries: RetrievableEntry[] = loadFaqSeeds(language, dir).map((s) => ({
    id: s.sourceId,
    sourceId: s.sourceId,
    kind: 'faq',
    language,
    question: s.question,
    phrasings: s.phrasings,
    answer: s.answer,
  }));
  const retriever = new KnowledgeRetriever(language, entries, options);
  let answerable = 0;
  let top1 = 0;
  let answered = 0;
  let unanswerable = 0;
  let refused = 0;
  const misses: LanguageReport['misses'][number][] = [];
  for (const q of loadHeldOut(language, dir)) {
    const hits = retriever.search(q.text, 3);
    const best = retriever.best(hits);
    const ranked = hits[0]?.entry.sourceId ?? null;
    if (q.expected === null) {
      unanswerable++;
      if (best === null) refused++;
      else
        misses.push({ text: q.text, expected: null, got: best.entry.sourceId, confidence: best.confidence });
      continue;
    }
    answerable++;
    if (ranked === q.expected) top1++;
    if (best?.entry.sourceId === q.expected) answered++;
    else
      misses.push({ text: q.text, expected: q.expected, got: ranked, confidence: hits[0]?.confidence ?? 0 });
  }
  return {
    language,
    answerable,
    top1,
    answered,
    unanswerable,
    refused,
    accuracy: answerable === 0 ? 0 : answered / answerable,
    rankAccuracy: answerable === 0 ? 0 : top1 / answerable,
    refusalRate: unanswerable === 0 ? 1 : refused / unanswerable,
    misses,
  };
}

export function evaluateAll(
  options: { threshold?: number; bm25?: Bm25Options; dir?: string } = {},
): LanguageReport[] {
  return KNOWLEDGE_LANGUAGES.map((language) => evaluateLanguage(language, options));
}
