// Tables of the assistant (bot module), migration 0007.

export interface BotExampleTable {
  id: string;
  language: string;
  intent: string;
  text: string;
  created_by: string | null;
  created_at: string;
}

export interface BotModelTable {
  /** 'current': one saved model per installation. */
  id: string;
  examples_hash: string;
  example_count: number;
  /** JSON of the trained model. */
  model: string;
  trained_at: string;
  training_ms: number;
}

export interface BotTables {
  bot_examples: BotExampleTable;
  bot_models: BotModelTable;
}
