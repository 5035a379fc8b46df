import { extractEntities, type Entity } from './entities/extract';
import { INTENTS, LANGUAGES, isBotLanguage, type BotLanguage, type Example, type Intent } from './intents';
import { LanguageDetector } from './language-detector';
import { LinearModel, type LinearModelJson } from './linear-model';
import { features, tokens } from './text';

// Language, intent and entities of one message. The intent classifier is the project's own
// multinomial logistic regression over character n-grams and words, trained on all five languages at
// once (supporters mix languages); it was chosen over NLP.js's neural classifier by measurement
// (`npm run eval:assistant` prints both). Anything it cannot read — empty, emoji only, junk, a
// language it does not know, low confidence — becomes `none` with a reason, so the caller can answer
// politely or hand over to a person.

/** Bumped when features or training change, so a saved model from an older version is not reused. */
export const MODEL_VERSION = 'filo-intent-1';

/** Below this probability the best intent is not trusted and the answer is `none` (low_confidence). */
export const MIN_CONFIDENCE = 0.3;
/** Only the start of a very long message is read. */
export const MAX_CHARS = 1000;

export type NoneReason = 'empty' | 'no_words' | 'unreadable' | 'unsupported_language' | 'low_confidence';

export interface Understanding {
  /** it/en/de/es/fr, or "und" when the language could not be told or is not supported. */
  readonly language: BotLanguage | 'und';
  readonly intent: Intent;
  /** Probability of the intent (0–1); 0 when nothing could be read. */
  readonly confidence: number;
  readonly entities: readonly Entity[];
  /** Why the intent is `none` when the classifier did not say so itself. */
  readonly reason?: NoneReason;
  /** The classifier's best intent when it was not trusted (low confidence). */
  readonly guess?: Intent;
}

export interface UnderstandOptions {
  /** The supporter's language if known: used when the text is too short to tell. */
  readonly language?: string;
  readonly defaultCurrency?: string;
  readonly now?: Date;
}

export interface SavedModel {
  readonly version: string;
  readonly intent: LinearModelJson;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

export class Understander {
  readonly #model: LinearModel;
  readonly #detector: LanguageDetector;
  readonly #vocabulary: ReadonlySet<string>;

  private constructor(model: LinearModel, examples: readonly Example[]) {
    this.#model = model;
    this.#detector = new LanguageDetector(examples);
    this.#vocabulary = new Set(examples.flatMap((e) => tokens(e.text)));
  }

  static train(examples: readonly Example[]): Understander {
    const model = LinearModel.train(
      examples.map((e) => ({ features: features(e.text), label: e.intent })),
      INTENTS,
    );
    return new Understander(model, examples);
  }

  /** Rebuilds from a saved model; the examples give the language detector and vocabulary (cheap). */
  static load(saved: SavedModel, examples: readonly Example[]): Understander | null {
    if (saved.version !== MODEL_VERSION) return null;
    if (saved.intent.labels.join(',') !== INTENTS.join(',')) return null;
    return new Understander(LinearModel.fromJSON(saved.intent), examples);
  }

  toJSON(): SavedModel {
    return { version: MODEL_VERSION, intent: this.#model.toJSON() };
  }

  understand(rawText: string, options: UnderstandOptions = {}): Understanding {
    const hint =
      options.language !== undefined && isBotLanguage(options.language) ? options.language : undefined;
    const fallbackLanguage = hint ?? 'und';
    const text = rawText.slice(0, MAX_CHARS);
    const none = (reason: NoneReason, language: BotLanguage | 'und' = fallbackLanguage): Understanding => ({
      language,
      intent: 'none',
      confidence: 0,
      entities: [],
      reason,
    });
    if (text.trim() === '') return none('empty');
    const junk = text.match(CONTROL)?.length ?? 0;
    if (junk > 0 && junk / text.length > 0.1) return none('unreadable');
    const clean = text.replace(CONTROL, ' ');
    const words = tokens(clean);
    const letterWords = words.filter((w) => /\p{L}/u.test(w));
    if (letterWords.length === 0) {
      // Emoji, digits or punctuation only: entities may still be there ("10€").
      const entities = extractEntities(clean, {
        defaultCurrency: options.defaultCurrency ?? 'EUR',
        now: options.now ?? new Date(),
      });
      return { ...none('no_words'), entities };
    }
    // Letters outside the Latin script (Cyrillic, Arabic, CJK …) mean a language we do not read.
    const latin = letterWords.filter((w) => /^[\p{Script=Latin}\d€]+$/u.test(w)).length;
    if (latin / letterWords.length < 0.5) return none('unsupported_language');

    const guess = this.#detector.detect(clean);
    let language: BotLanguage | 'und' = fallbackLanguage;
    if (guess && (hint === undefined || (guess.confidence > 0.9 && letterWords.length >= 3)))
      language = guess.language;
    if (language === 'und' && guess) language = guess.language;

    // A text whose words are mostly unknown, in several words, is in a language we were not taught.
    const known = letterWords.filter(
      (w) => this.#vocabulary.has(w) || this.#vocabulary.has(w.replace(/(\p{L})\1+/gu, '$1')),
    ).length;
    if (letterWords.length >= 4 && known / letterWords.length < 0.35) return none('unsupported_language');

    const entities = extractEntities(clean, {
      defaultCurrency: options.defaultCurrency ?? 'EUR',
      now: options.now ?? new Date(),
    });
    const probabilities = this.#model.predict(features(clean));
    let best = 0;
    for (let i = 1; i < probabilities.length; i += 1)
      if ((probabilities[i] as number) > (probabilities[best] as number)) best = i;
    const intent = INTENTS[best] as Intent;
    const confidence = Math.round((probabilities[best] as number) * 1000) / 1000;
    if (confidence < MIN_CONFIDENCE && intent !== 'none') {
      return { language, intent: 'none', confidence, entities, reason: 'low_confidence', guess: intent };
    }
    return { language, intent, confidence, entities };
  }
}

export { LANGUAGES };
