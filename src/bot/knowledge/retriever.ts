import { Bm25Index, DEFAULT_BM25, type Bm25Options } from './bm25';
import type { KnowledgeLanguage } from './text';

// Ranks knowledge entries for a question and decides whether the best one is good enough to answer
// with. Below the confidence threshold the honest answer is "I don't know" and the conversation goes
// to a person. The threshold was set from the held-out questions in corpus/knowledge/heldout (see
// docs/assistant-knowledge.md and `npm run eval:knowledge`).

export interface RetrievableEntry {
  readonly id: string;
  readonly sourceId: string;
  readonly kind: 'faq' | 'project';
  readonly language: string;
  readonly question: string;
  readonly phrasings: readonly string[];
  readonly answer: string;
}

export interface KnowledgeHit<E extends RetrievableEntry = RetrievableEntry> {
  readonly entry: E;
  readonly score: number;
  readonly confidence: number;
  readonly method: 'bm25' | 'trigram';
}

/** Best hit's confidence needed to answer (BM25F score over the query's ceiling). */
export const DEFAULT_THRESHOLD = 0.15;
/** A whole-question trigram match (no word matched) must be this close to count. */
export const TRIGRAM_THRESHOLD = 0.6;

export class KnowledgeRetriever<E extends RetrievableEntry = RetrievableEntry> {
  readonly language: KnowledgeLanguage;
  readonly threshold: number;
  readonly #index: Bm25Index;
  readonly #entries: ReadonlyMap<string, E>;

  constructor(
    language: KnowledgeLanguage,
    entries: readonly E[],
    options: { threshold?: number; bm25?: Bm25Options } = {},
  ) {
    this.language = language;
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.#entries = new Map(entries.map((e) => [e.id, e]));
    this.#index = new Bm25Index(language, entries, options.bm25 ?? DEFAULT_BM25);
  }

  get size(): number {
    return this.#entries.size;
  }

  search(text: string, limit = 5): KnowledgeHit<E>[] {
    return this.#index.search(text, limit).flatMap((hit) => {
      const entry = this.#entries.get(hit.id);
      return entry ? [{ entry, score: hit.score, confidence: hit.confidence, method: hit.method }] : [];
    });
  }

  /** The hit to answer with, or null when none is confident enough. */
  best(hits: readonly KnowledgeHit<E>[]): KnowledgeHit<E> | null {
    const top = hits[0];
    if (!top) return null;
    const needed = top.method === 'trigram' ? TRIGRAM_THRESHOLD : this.threshold;
    return top.confidence >= needed ? top : null;
  }
}
