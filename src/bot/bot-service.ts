import type { Kysely } from 'kysely';
import { FiloError, newId } from '../core';
import type { Database } from '../store';
import { BotErrors } from './errors';
import { isBotLanguage, type BotLanguage, type Example, type Intent } from './intents';
import { examplesHash, loadTrainingExamples } from './training-data';
import {
  MODEL_VERSION,
  Understander,
  type SavedModel,
  type Understanding,
  type UnderstandOptions,
} from './understander';

// The assistant's understanding as a service: the shipped examples plus the organisation's own,
// a model trained at start (or loaded when the saved one was trained on exactly these examples),
// retrained on demand in well under a second.

export interface OrgExample {
  readonly id: string;
  readonly language: BotLanguage;
  readonly intent: Intent;
  readonly text: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

export interface TrainingReport {
  readonly examples: number;
  readonly organisationExamples: number;
  readonly hash: string;
  readonly trainedAt: string;
  readonly trainingMs: number;
  /** true when the saved model was loaded instead of training. */
  readonly loaded: boolean;
}

export class BotService {
  readonly #db: Kysely<Database>;
  readonly #shipped: readonly Example[];
  readonly #defaultCurrency: string;
  #understander: Understander | null = null;
  #report: TrainingReport | null = null;

  constructor(
    db: Kysely<Database>,
    options: { defaultCurrency?: string; shippedExamples?: readonly Example[] } = {},
  ) {
    this.#db = db;
    this.#shipped = options.shippedExamples ?? loadTrainingExamples();
    this.#defaultCurrency = options.defaultCurrency ?? 'EUR';
  }

  get report(): TrainingReport | null {
    return this.#report;
  }

  async listExamples(): Promise<OrgExample[]> {
    const rows = await this.#db
      .selectFrom('bot_examples')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.flatMap((r) =>
      isBotLanguage(r.language)
        ? [
            {
              id: r.id,
              language: r.language,
              intent: r.intent as Intent,
              text: r.text,
              createdBy: r.created_by,
              createdAt: r.created_at,
            },
          ]
        : [],
    );
  }

  async addExample(
    input: { language: BotLanguage; intent: Intent; text: string },
    createdBy: string | null,
  ): Promise<OrgExample> {
    const text = input.text.replace(/\s+/g, ' ').trim();
    if (text.length === 0 || text.length > 300 || !/\p{L}/u.test(text))
      throw new FiloError(BotErrors.BOT_EXAMPLE_INVALID);
    const existing = await this.#db
      .selectFrom('bot_examples')
      .select('id')
      .where('language', '=', input.language)
      .where('text', '=', text)
      .executeTakeFirst();
    if (existing) throw new FiloError(BotErrors.BOT_EXAMPLE_DUPLICATE);
    const row = {
      id: newId('bex'),
      language: input.language,
      intent: input.intent,
      text,
      created_by: createdBy,
      created_at: new Date().toISOString(),
    };
    try {
      await this.#db.insertInto('bot_examples').values(row).execute();
    } catch (error) {
      // A concurrent insert of the same phrase hits the unique constraint.
      throw new FiloError(BotErrors.BOT_EXAMPLE_DUPLICATE, { cause: error });
    }
    return {
      id: row.id,
      language: input.language,
      intent: input.intent,
      text,
      createdBy,
      createdAt: row.created_at,
    };
  }

  async deleteExample(id: string): Promise<void> {
    const result = await this.#db.deleteFrom('bot_examples').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new FiloError(BotErrors.BOT_EXAMPLE_NOT_FOUND);
  }

  async #allExamples(): Promise<{ all: Example[]; org: number }> {
    const org = await this.listExamples();
    return {
      all: [...this.#shipped, ...org.map((e) => ({ language: e.language, intent: e.intent, text: e.text }))],
      org: org.length,
    };
  }

  /** Loads the saved model if it was trained on the current examples, else trains and saves. */
  async start(): Promise<TrainingReport> {
    const { all, org } = await this.#allExamples();
    const hash = examplesHash(all, MODEL_VERSION);
    const saved = await this.#db
      .selectFrom('bot_models')
      .selectAll()
      .where('id', '=', 'current')
      .executeTakeFirst();
    if (saved && saved.examples_hash === hash) {
      const loaded = Understander.load(JSON.parse(saved.model) as SavedModel, all);
      if (loaded) {
        this.#understander = loaded;
        this.#report = {
          examples: all.length,
          organisationExamples: org,
          hash,
          trainedAt: saved.trained_at,
          trainingMs: saved.training_ms,
          loaded: true,
        };
        return this.#report;
      }
    }
    return this.retrain();
  }

  /**
   * Picks up a model saved by another process or thread (staff retrained it through another server)
   * since this one trained or loaded its own. Resolves true when it loaded one.
   */
  async refresh(): Promise<boolean> {
    if (!this.#report) return false;
    const saved = await this.#db
      .selectFrom('bot_models')
      .select('trained_at')
      .where('id', '=', 'current')
      .executeTakeFirst();
    if (!saved || saved.trained_at === this.#report.trainedAt) return false;
    await this.start();
    return true;
  }

  /** Trains on the shipped and organisation examples and saves the model. */
  async retrain(): Promise<TrainingReport> {
    const { all, org } = await this.#allExamples();
    const hash = examplesHash(all, MODEL_VERSION);
    const started = performance.now();
    const understander = Understander.train(all);
    const trainingMs = Math.round(performance.now() - started);
    const trainedAt = new Date().toISOString();
    const model = JSON.stringify(understander.toJSON());
    const values = {
      examples_hash: hash,
      example_count: all.length,
      model,
      trained_at: trainedAt,
      training_ms: trainingMs,
    };
    await this.#db
      .insertInto('bot_models')
      .values({ id: 'current', ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    this.#understander = understander;
    this.#report = {
      examples: all.length,
      organisationExamples: org,
      hash,
      trainedAt,
      trainingMs,
      loaded: false,
    };
    return this.#report;
  }

  understand(text: string, options: UnderstandOptions = {}): Understanding {
    if (!this.#understander) throw new FiloError(BotErrors.BOT_NOT_READY);
    return this.#understander.understand(text, { defaultCurrency: this.#defaultCurrency, ...options });
  }

  /** Trains lazily if start() has not run (tests, CLI). */
  async ready(): Promise<void> {
    if (!this.#understander) await this.start();
  }
}
