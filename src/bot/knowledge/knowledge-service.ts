import { FiloError, newId, systemClock, type Clock } from '../../core';
import type { ProjectsService } from '../../ledger';
import type { OrganisationService } from '../../organisation';
import type { Store } from '../../store';
import type { KnowledgeEntryTable } from '../../store/schema-knowledge';
import type { FaqSeed } from './demo-data';
import { KnowledgeErrors } from './errors';
import type { GenerativeAnswerer, RephraseOutcome } from './generative';
import { DEFAULT_THRESHOLD, KnowledgeRetriever, type KnowledgeHit } from './retriever';
import { isKnowledgeLanguage, type KnowledgeLanguage } from './text';

// The knowledge base of the organisation: FAQ entries per language (stored) and project pages (made
// from the projects, in the organisation's language), searched with BM25F and answered from the best
// entry, which the answer cites. The index per language is rebuilt when its entries or the projects
// change; several processes notice each other's edits through the entries' count and latest update.

export interface KnowledgeEntry {
  readonly id: string;
  readonly kind: 'faq' | 'project';
  readonly language: string;
  readonly sourceId: string;
  readonly question: string;
  readonly phrasings: string[];
  readonly answer: string;
  readonly tags: string[];
  /** The project a project page is made from. */
  readonly projectId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface KnowledgeEntryInput {
  readonly language: string;
  readonly sourceId: string;
  readonly question: string;
  readonly phrasings?: readonly string[];
  readonly answer: string;
  readonly tags?: readonly string[];
}

export interface KnowledgeEntryChange {
  readonly question: string;
  readonly phrasings?: readonly string[];
  readonly answer: string;
  readonly tags?: readonly string[];
  /** When given, the update is refused (KNOWLEDGE_CONFLICT) if the entry changed since. */
  readonly expectedUpdatedAt?: string;
}

export interface SourceRef {
  readonly id: string;
  readonly sourceId: string;
  readonly title: string;
  readonly kind: 'faq' | 'project';
}

export interface SearchHit extends SourceRef {
  readonly score: number;
  readonly confidence: number;
  readonly method: 'bm25' | 'trigram';
}

export interface KnowledgeSearch {
  readonly language: string;
  readonly supported: boolean;
  readonly threshold: number;
  readonly hits: readonly SearchHit[];
  /** The hit confident enough to answer with, if any. */
  readonly best: SearchHit | null;
}

export type NoAnswerReason = 'empty' | 'unsupported-language' | 'no-entries' | 'low-confidence';

export type KnowledgeAnswer =
  | {
      readonly kind: 'answer';
      readonly language: string;
      readonly text: string;
      /** The entry the answer comes from (cite it). */
      readonly source: SourceRef;
      readonly confidence: number;
      /** True when the generative answerer's rephrasing passed the figure check. */
      readonly generated: boolean;
      /** Why the generative answerer's reply was not used (it is on, but fell back). */
      readonly fallback: Exclude<RephraseOutcome, { ok: true }>['reason'] | null;
      readonly hits: readonly SearchHit[];
    }
  | {
      readonly kind: 'no-answer';
      readonly language: string;
      /** "I don't know": the dialogue layer hands the conversation to a person. */
      readonly reason: NoAnswerReason;
      readonly confidence: number;
      readonly hits: readonly SearchHit[];
    };

/** Text beyond this is not read (a 10,000-character message is answered from its start). */
export const MAX_QUESTION_CHARS = 10_000;

const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LIMITS = { question: 300, phrasing: 300, phrasings: 30, answer: 4000, tag: 40, tags: 20, sourceId: 80 };

interface IndexedEntry extends KnowledgeEntry {
  readonly title: string;
}

interface CachedIndex {
  readonly signature: string;
  readonly retriever: KnowledgeRetriever<IndexedEntry>;
}

function invalid(message: string): FiloError {
  return new FiloError(KnowledgeErrors.KNOWLEDGE_INVALID, { message });
}

function cleanList(
  values: readonly string[] | undefined,
  max: number,
  maxLength: number,
  what: string,
): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const v = raw.trim();
    if (v === '') continue;
    if (v.length > maxLength) throw invalid(`Each ${what} has at most ${maxLength} characters`);
    if (!out.includes(v)) out.push(v);
  }
  if (out.length > max) throw invalid(`At most ${max} ${what}s`);
  return out;
}

function cleanText(value: string, max: number, what: string): string {
  const v = value.trim();
  if (v === '') throw invalid(`The ${what} is empty`);
  if (v.length > max) throw invalid(`The ${what} has at most ${max} characters`);
  return v;
}

function toEntry(row: KnowledgeEntryTable): KnowledgeEntry {
  return {
    id: row.id,
    kind: 'faq',
    language: row.language,
    sourceId: row.source_id,
    question: row.question,
    phrasings: JSON.parse(row.phrasings) as string[],
    answer: row.answer,
    tags: JSON.parse(row.tags) as string[],
    projectId: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function ref(hit: KnowledgeHit<IndexedEntry>): SearchHit {
  return {
    id: hit.entry.id,
    sourceId: hit.entry.sourceId,
    title: hit.entry.title,
    kind: hit.entry.kind,
    score: Math.round(hit.score * 1000) / 1000,
    confidence: Math.round(hit.confidence * 1000) / 1000,
    method: hit.method,
  };
}

/** Control characters and lone surrogates out, whitespace collapsed, cut to MAX_QUESTION_CHARS. */
export function cleanQuestion(text: string): string {
  return text
    .slice(0, MAX_QUESTION_CHARS)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export class KnowledgeService {
  readonly #store: Store;
  readonly #organisation: OrganisationService;
  readonly #projects: ProjectsService;
  readonly #clock: Clock;
  readonly #llm: GenerativeAnswerer | null;
  readonly #threshold: number;
  readonly #indexes = new Map<string, CachedIndex>();
  #org: { id: string; name: string; language: string } | null = null;

  constructor(deps: {
    store: Store;
    organisation: OrganisationService;
    projects: ProjectsService;
    clock?: Clock;
    llm?: GenerativeAnswerer | null;
    threshold?: number;
  }) {
    this.#store = deps.store;
    this.#organisation = deps.organisation;
    this.#projects = deps.projects;
    this.#clock = deps.clock ?? systemClock;
    this.#llm = deps.llm ?? null;
    this.#threshold = deps.threshold ?? DEFAULT_THRESHOLD;
  }

  /** Whether answers are rephrased by a generative model (FILO_LLM_*). */
  get generative(): boolean {
    return this.#llm !== null;
  }

  async #orgInfo(): Promise<{ id: string; name: string; language: string }> {
    if (!this.#org) {
      const org = await this.#organisation.get();
      this.#org = { id: org.id, name: org.name, language: org.language };
    }
    return this.#org;
  }

  async #projectPages(language: string): Promise<KnowledgeEntry[]> {
    const org = await this.#orgInfo();
    if (language !== org.language) return [];
    return (await this.#projects.list()).map((p) => ({
      id: `kp_${p.id}`,
      kind: 'project' as const,
      language,
      sourceId: `project-page-${p.slug}`,
      question: p.name,
      phrasings: [],
      answer: p.description.trim() === '' ? p.name : p.description,
      tags: ['project'],
      projectId: p.id,
      createdAt: p.createdAt,
      updatedAt: p.createdAt,
    }));
  }

  async list(filter: { language?: string; kind?: 'faq' | 'project' } = {}): Promise<KnowledgeEntry[]> {
    const org = await this.#orgInfo();
    const out: KnowledgeEntry[] = [];
    if (filter.kind !== 'project') {
      let q = this.#store.db
        .selectFrom('knowledge_entries')
        .selectAll()
        .where('organisation_id', '=', org.id);
      if (filter.language) q = q.where('language', '=', filter.language);
      const rows = await q.orderBy('language').orderBy('source_id').execute();
      out.push(...rows.map(toEntry));
    }
    if (filter.kind !== 'faq') out.push(...(await this.#projectPages(filter.language ?? org.language)));
    return out;
  }

  async get(id: string): Promise<KnowledgeEntry> {
    if (id.startsWith('kp_')) {
      const org = await this.#orgInfo();
      const page = (await this.#projectPages(org.language)).find((p) => p.id === id);
      if (page) return page;
      throw new FiloError(KnowledgeErrors.KNOWLEDGE_NOT_FOUND);
    }
    const org = await this.#orgInfo();
    const row = await this.#store.db
      .selectFrom('knowledge_entries')
      .selectAll()
      .where('id', '=', id)
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    if (!row) throw new FiloError(KnowledgeErrors.KNOWLEDGE_NOT_FOUND);
    return toEntry(row);
  }

  async create(input: KnowledgeEntryInput, by: string | null = null): Promise<KnowledgeEntry> {
    if (!isKnowledgeLanguage(input.language)) throw invalid('The language must be it, en, de, es or fr');
    const sourceId = input.sourceId.trim();
    if (
      !SOURCE_ID.test(sourceId) ||
      sourceId.length > LIMITS.sourceId ||
      sourceId.startsWith('project-page-')
    ) {
      throw invalid(
        'The source id is lowercase words joined by - (at most 80 characters, not project-page-…)',
      );
    }
    const org = await this.#orgInfo();
    const now = this.#clock.now().toISOString();
    const row: KnowledgeEntryTable = {
      id: newId('kb'),
      organisation_id: org.id,
      language: input.language,
      source_id: sourceId,
      question: cleanText(input.question, LIMITS.question, 'question'),
      phrasings: JSON.stringify(cleanList(input.phrasings, LIMITS.phrasings, LIMITS.phrasing, 'phrasing')),
      answer: cleanText(input.answer, LIMITS.answer, 'answer'),
      tags: JSON.stringify(cleanList(input.tags, LIMITS.tags, LIMITS.tag, 'tag')),
      created_at: now,
      updated_at: now,
      updated_by: by,
    };
    const taken = await this.#store.db
      .selectFrom('knowledge_entries')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('language', '=', row.language)
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
    if (taken) throw new FiloError(KnowledgeErrors.KNOWLEDGE_SOURCE_TAKEN, { details: { id: taken.id } });
    try {
      await this.#store.db.insertInto('knowledge_entries').values(row).execute();
    } catch (cause) {
      // Two creations of the same source id raced: the unique constraint kept one.
      throw new FiloError(KnowledgeErrors.KNOWLEDGE_SOURCE_TAKEN, { cause });
    }
    this.#indexes.delete(`${org.id}:${row.language}`);
    return toEntry(row);
  }

  async update(id: string, change: KnowledgeEntryChange, by: string | null = null): Promise<KnowledgeEntry> {
    if (id.startsWith('kp_')) throw new FiloError(KnowledgeErrors.KNOWLEDGE_READ_ONLY);
    const current = await this.get(id);
    const org = await this.#orgInfo();
    const values = {
      question: cleanText(change.question, LIMITS.question, 'question'),
      phrasings: JSON.stringify(cleanList(change.phrasings, LIMITS.phrasings, LIMITS.phrasing, 'phrasing')),
      answer: cleanText(change.answer, LIMITS.answer, 'answer'),
      tags: JSON.stringify(cleanList(change.tags, LIMITS.tags, LIMITS.tag, 'tag')),
      updated_at: this.#clock.now().toISOString(),
      updated_by: by,
    };
    let q = this.#store.db
      .updateTable('knowledge_entries')
      .set(values)
      .where('id', '=', id)
      .where('organisation_id', '=', org.id);
    if (change.expectedUpdatedAt !== undefined) q = q.where('updated_at', '=', change.expectedUpdatedAt);
    const result = await q.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new FiloError(KnowledgeErrors.KNOWLEDGE_CONFLICT, { details: { updatedAt: current.updatedAt } });
    }
    this.#indexes.delete(`${org.id}:${current.language}`);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (id.startsWith('kp_')) throw new FiloError(KnowledgeErrors.KNOWLEDGE_READ_ONLY);
    const current = await this.get(id);
    const org = await this.#orgInfo();
    await this.#store.db
      .deleteFrom('knowledge_entries')
      .where('id', '=', id)
      .where('organisation_id', '=', org.id)
      .execute();
    this.#indexes.delete(`${org.id}:${current.language}`);
  }

  /** Adds the FAQ entries whose source id the language does not have yet; returns how many. */
  async importSeeds(
    language: KnowledgeLanguage,
    seeds: readonly FaqSeed[],
    by: string | null = null,
  ): Promise<number> {
    const existing = new Set((await this.list({ language, kind: 'faq' })).map((e) => e.sourceId));
    let added = 0;
    for (const seed of seeds) {
      if (existing.has(seed.sourceId)) continue;
      await this.create({ language, ...seed }, by);
      added++;
    }
    return added;
  }

  async #retriever(language: KnowledgeLanguage): Promise<KnowledgeRetriever<IndexedEntry>> {
    const org = await this.#orgInfo();
    const stats = await this.#store.db
      .selectFrom('knowledge_entries')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('latest')])
      .where('organisation_id', '=', org.id)
      .where('language', '=', language)
      .executeTakeFirst();
    const pages = await this.#projectPages(language);
    const signature = [
      Number(stats?.n ?? 0),
      stats?.latest ?? '',
      ...pages.map((p) => `${p.id}\u0001${p.question}\u0001${p.answer}`),
    ].join('\u0000');
    const key = `${org.id}:${language}`;
    const cached = this.#indexes.get(key);
    if (cached && cached.signature === signature) return cached.retriever;
    const rows = await this.#store.db
      .selectFrom('knowledge_entries')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('language', '=', language)
      .orderBy('source_id')
      .execute();
    const entries: IndexedEntry[] = [...rows.map(toEntry), ...pages].map((e) => ({
      ...e,
      title: e.question,
    }));
    const retriever = new KnowledgeRetriever(language, entries, { threshold: this.#threshold });
    this.#indexes.set(key, { signature, retriever });
    return retriever;
  }

  async search(text: string, language: string, options: { limit?: number } = {}): Promise<KnowledgeSearch> {
    const limit = Math.min(Math.max(options.limit ?? 5, 1), 20);
    if (!isKnowledgeLanguage(language)) {
      return { language, supported: false, threshold: this.#threshold, hits: [], best: null };
    }
    const question = cleanQuestion(text);
    if (!/[\p{L}\p{N}]/u.test(question)) {
      return { language, supported: true, threshold: this.#threshold, hits: [], best: null };
    }
    const retriever = await this.#retriever(language);
    const hits = retriever.search(question, limit);
    const best = retriever.best(hits);
    return {
      language,
      supported: true,
      threshold: this.#threshold,
      hits: hits.map(ref),
      best: best ? ref(best) : null,
    };
  }

  /**
   * The answer to a supporter's question from the knowledge base, citing its source, or "no answer"
   * with the reason (the dialogue layer then hands off). `facts` are figures from the ledger that a
   * generative rephrasing may also use.
   */
  async answer(input: {
    text: string;
    language: string;
    facts?: readonly string[];
  }): Promise<KnowledgeAnswer> {
    const { language } = input;
    if (!isKnowledgeLanguage(language)) {
      return { kind: 'no-answer', language, reason: 'unsupported-language', confidence: 0, hits: [] };
    }
    const question = cleanQuestion(input.text);
    if (!/[\p{L}\p{N}]/u.test(question)) {
      return { kind: 'no-answer', language, reason: 'empty', confidence: 0, hits: [] };
    }
    const retriever = await this.#retriever(language);
    if (retriever.size === 0)
      return { kind: 'no-answer', language, reason: 'no-entries', confidence: 0, hits: [] };
    const raw = retriever.search(question, 3);
    const hits = raw.map(ref);
    const best = retriever.best(raw);
    if (!best) {
      return {
        kind: 'no-answer',
        language,
        reason: 'low-confidence',
        confidence: hits[0]?.confidence ?? 0,
        hits,
      };
    }
    const source: SourceRef = {
      id: best.entry.id,
      sourceId: best.entry.sourceId,
      title: best.entry.title,
      kind: best.entry.kind,
    };
    const base = { kind: 'answer' as const, language, source, confidence: ref(best).confidence, hits };
    if (!this.#llm) return { ...base, text: best.entry.answer, generated: false, fallback: null };
    const org = await this.#orgInfo();
    const outcome = await this.#llm.rephrase({
      question: question.slice(0, 2000),
      language,
      organisation: org.name,
      sources: [{ id: best.entry.sourceId, title: best.entry.title, text: best.entry.answer }],
      facts: input.facts ?? [],
    });
    if (outcome.ok) return { ...base, text: outcome.text, generated: true, fallback: null };
    return { ...base, text: best.entry.answer, generated: false, fallback: outcome.reason };
  }
}
