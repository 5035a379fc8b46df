// The assistant's knowledge base: FAQ entries per organisation and language plus project pages,
// retrieved with BM25F (typo-tolerant through character trigrams), answers that cite their source,
// and an optional generative answerer that may only rephrase them. See docs/assistant-knowledge.md.
export { createKnowledgeModule, knowledgeModule } from './knowledge-module';
export {
  KnowledgeService,
  MAX_QUESTION_CHARS,
  type KnowledgeAnswer,
  type KnowledgeEntry,
  type KnowledgeEntryInput,
  type KnowledgeEntryChange,
  type KnowledgeSearch,
  type NoAnswerReason,
  type SearchHit,
  type SourceRef,
} from './knowledge-service';
export { GenerativeAnswerer, type RephraseOutcome, type LlmSettings } from './generative';
export { KnowledgeRetriever, DEFAULT_THRESHOLD } from './retriever';
export { Bm25Index, DEFAULT_BM25, type Bm25Options } from './bm25';
export { extractFigures, unsupportedFigures } from './figures';
export { KNOWLEDGE_LANGUAGES, isKnowledgeLanguage, type KnowledgeLanguage } from './text';
export { loadFaqSeeds, loadHeldOut } from './demo-data';
export { evaluateAll, evaluateLanguage, type LanguageReport } from './evaluate';
export { KnowledgeErrors } from './errors';
