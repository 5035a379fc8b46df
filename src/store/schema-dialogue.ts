// Tables of the assistant's dialogue layer (src/bot/dialogue), migration 0015.

export interface DialogueStateTable {
  /** One state per conversation. */
  conversation_id: string;
  /** The contact, so that an erasure deletes the state. */
  contact_id: string;
  /** The flow step waiting for an answer (e.g. `donate.amount`), or null. */
  step: string | null;
  /** JSON: the options of the last menu (for numbered replies) and the step's data. */
  data: string;
  /** Messages in a row the assistant did not understand. */
  misunderstood: number;
  language: string;
  updated_at: string;
}

export interface DialogueTurnTable {
  /** The inbound message answered: a retried job returns the stored answer instead of acting twice. */
  message_id: string;
  conversation_id: string;
  contact_id: string;
  intent: string;
  /** JSON of the AssistantDecision. */
  decision: string;
  created_at: string;
}

export interface DialogueTables {
  dialogue_states: DialogueStateTable;
  dialogue_turns: DialogueTurnTable;
}
