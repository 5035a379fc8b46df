// Tables of the knowledge base (src/bot/knowledge), defined by migration 0010_knowledge.
// No personal data: entries are the organisation's own answers.

export interface KnowledgeEntryTable {
  id: string;
  organisation_id: string;
  /** it, en, de, es or fr. */
  language: string;
  /** Stable slug shared by an entry's translations; what answers cite. */
  source_id: string;
  question: string;
  /** JSON array of strings. */
  phrasings: string;
  answer: string;
  /** JSON array of strings. */
  tags: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface KnowledgeTables {
  knowledge_entries: KnowledgeEntryTable;
}
