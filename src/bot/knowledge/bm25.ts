import { MAX_QUERY_TOKENS, analyse, dice, fold, trigrams, type KnowledgeLanguage, type Token } from './text';

// Okapi BM25 over an entry's question and alternative phrasings (one field) and its answer (another),
// combined as BM25F: term frequencies and lengths are weighted per field before saturation, so a word
// in the question counts more than the same word deep in a long answer. Query words the index does not
// know are matched to the closest indexed word by character trigrams (typos: "ricevtua" → "ricevuta");
// when no word matches at all, whole-question trigram similarity is the fallback.

export interface IndexedDocument {
  readonly id: string;
  readonly question: string;
  readonly phrasings: readonly string[];
  readonly answer: string;
}

export interface Bm25Options {
  readonly k1: number;
  readonly b: number;
  /** Weight of the question and phrasings field. */
  readonly questionWeight: number;
  /** Weight of the answer field. */
  readonly answerWeight: number;
  /** Smallest trigram Dice similarity for a typo to stand for an indexed word. */
  readonly typoSimilarity: number;
  /**
   * How much a query word that no entry knows lowers confidence, as a share of the largest idf. 1 would
   * make "hi pls" weigh as much as "receipt"; 0 would let one shared word answer an off-topic question.
   */
  readonly unknownWeight: number;
}

export const DEFAULT_BM25: Bm25Options = Object.freeze({
  k1: 1.2,
  b: 0.75,
  questionWeight: 2,
  answerWeight: 0.5,
  typoSimilarity: 0.5,
  unknownWeight: 0.5,
});

export interface RankedHit {
  readonly id: string;
  /** Raw BM25F score (or trigram similarity for a fallback hit). */
  readonly score: number;
  /** The score over the best any entry could reach for this query (0 … 1). */
  readonly confidence: number;
  readonly method: 'bm25' | 'trigram';
  /** Query words that matched this entry (after typo correction), as indexed stems. */
  readonly matched: readonly string[];
}

interface Posting {
  readonly doc: number;
  /** Field-weighted term frequency. */
  readonly tf: number;
}

export class Bm25Index {
  readonly language: KnowledgeLanguage;
  readonly #options: Bm25Options;
  readonly #ids: string[] = [];
  readonly #lengths: number[] = [];
  readonly #postings = new Map<string, Posting[]>();
  /** Folded surface word → its stem, for typo correction. */
  readonly #surfaces = new Map<string, string>();
  readonly #trigramToSurfaces = new Map<string, string[]>();
  readonly #questionGrams: Set<string>[][] = [];
  #avgLength = 0;

  constructor(
    language: KnowledgeLanguage,
    documents: readonly IndexedDocument[],
    options: Bm25Options = DEFAULT_BM25,
  ) {
    this.language = language;
    this.#options = options;
    let total = 0;
    for (const document of documents) {
      const doc = this.#ids.length;
      this.#ids.push(document.id);
      const tf = new Map<string, number>();
      const questionText = [document.question, ...document.phrasings];
      const add = (tokens: readonly Token[], weight: number) => {
        for (const token of tokens) {
          tf.set(token.term, (tf.get(token.term) ?? 0) + weight);
          if (!this.#surfaces.has(token.surface)) this.#surfaces.set(token.surface, token.term);
        }
        return tokens.length * weight;
      };
      let length = 0;
      for (const text of questionText) length += add(analyse(text, language), options.questionWeight);
      length += add(analyse(document.answer, language), options.answerWeight);
      this.#lengths.push(length);
      total += length;
      for (const [term, f] of tf) {
        let list = this.#postings.get(term);
        if (!list) this.#postings.set(term, (list = []));
        list.push({ doc, tf: f });
      }
      this.#questionGrams.push(questionText.map((t) => trigrams(fold(t).replace(/\s+/g, ' ').trim())));
    }
    this.#avgLength = documents.length === 0 ? 1 : total / documents.length;
    for (const surface of this.#surfaces.keys()) {
      if (surface.length < 4 || /^\d+$/.test(surface)) continue;
      for (const g of trigrams(surface)) {
        let list = this.#trigramToSurfaces.get(g);
        if (!list) this.#trigramToSurfaces.set(g, (list = []));
        list.push(surface);
      }
    }
  }

  get size(): number {
    return this.#ids.length;
  }

  #idf(term: string): number {
    const n = this.#ids.length;
    const df = this.#postings.get(term)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The indexed word closest to an unknown one, with its similarity; null below the threshold. */
  #correct(surface: string): { term: string; similarity: number } | null {
    if (surface.length < 4 || /^\d+$/.test(surface)) return null;
    const grams = trigrams(surface);
    const seen = new Set<string>();
    let best: { term: string; similarity: number } | null = null;
    for (const g of grams) {
      for (const candidate of this.#trigramToSurfaces.get(g) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const similarity = dice(grams, trigrams(candidate));
        if (similarity >= this.#options.typoSimilarity && (best === null || similarity > best.similarity)) {
          best = { term: this.#surfaces.get(candidate)!, similarity };
        }
      }
    }
    return best;
  }

  search(query: string, limit = 5): RankedHit[] {
    if (this.#ids.length === 0) return [];
    const { k1, b } = this.#options;
    const tokens = analyse(query, this.language).slice(0, MAX_QUERY_TOKENS);
    // Each distinct query term once, with a weight: 1 when indexed, the similarity when corrected.
    const weights = new Map<string, number>();
    let ceiling = 0;
    const unknownIdf = this.#options.unknownWeight * Math.log(1 + (this.#ids.length + 0.5) / 0.5);
    const seenSurfaces = new Set<string>();
    for (const token of tokens) {
      if (seenSurfaces.has(token.surface)) continue;
      seenSurfaces.add(token.surface);
      if (this.#postings.has(token.term)) {
        if (!weights.has(token.term)) {
          weights.set(token.term, 1);
          ceiling += this.#idf(token.term) * (k1 + 1);
        }
        continue;
      }
      const corrected = this.#correct(token.surface);
      if (corrected && !weights.has(corrected.term)) {
        weights.set(corrected.term, corrected.similarity);
        ceiling += this.#idf(corrected.term) * (k1 + 1);
      } else if (!corrected) {
        // A word no entry knows makes every entry a worse match for the question.
        ceiling += unknownIdf * (k1 + 1);
      }
    }
    const scores = new Map<number, { score: number; matched: string[] }>();
    for (const [term, weight] of weights) {
      const idf = this.#idf(term);
      for (const { doc, tf } of this.#postings.get(term) ?? []) {
        const norm = k1 * (1 - b + (b * this.#lengths[doc]!) / this.#avgLength);
        const add = weight * idf * ((tf * (k1 + 1)) / (tf + norm));
        const entry = scores.get(doc) ?? { score: 0, matched: [] };
        entry.score += add;
        entry.matched.push(term);
        scores.set(doc, entry);
      }
    }
    if (scores.size > 0) {
      return [...scores.entries()]
        .sort((x, y) => y[1].score - x[1].score || x[0] - y[0])
        .slice(0, limit)
        .map(([doc, { score, matched }]) => ({
          id: this.#ids[doc]!,
          score,
          confidence: ceiling > 0 ? Math.min(1, score / ceiling) : 0,
          method: 'bm25' as const,
          matched,
        }));
    }
    return this.#trigramFallback(query, limit);
  }

  /** No word matched: the closest question or phrasing by character trigrams of the whole text. */
  #trigramFallback(query: string, limit: number): RankedHit[] {
    const folded = fold(query)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (folded.length < 4 || folded.length > 300) return [];
    const grams = trigrams(folded);
    const hits: RankedHit[] = [];
    this.#questionGrams.forEach((list, doc) => {
      let best = 0;
      for (const g of list) best = Math.max(best, dice(grams, g));
      if (best > 0)
        hits.push({ id: this.#ids[doc]!, score: best, confidence: best, method: 'trigram', matched: [] });
    });
    return hits.sort((x, y) => y.score - x.score).slice(0, limit);
  }
}
