import basic from '@nlpjs/basic';
import langDe from '@nlpjs/lang-de';
import langEs from '@nlpjs/lang-es';
import langFr from '@nlpjs/lang-fr';
import langIt from '@nlpjs/lang-it';
import { LANGUAGES, type BotLanguage, type Example } from './intents';

// NLP.js's neural intent classifier, one per language, with its stemmers and tokenisers. The container
// is put together here rather than with containerBootstrap(), which would read a .env and a conf.json
// from the working directory and create a pino logger; its log is replaced by a silent one and its
// training-loss lines are switched off.

const SILENT = Object.freeze({
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
});

function createNlp(): ReturnType<InstanceType<typeof basic.Container>['get']> {
  const container = new basic.Container();
  for (const plugin of [
    basic.ArrToObj,
    basic.Normalizer,
    basic.ObjToArr,
    basic.Stemmer,
    basic.Stopwords,
    basic.Tokenizer,
    basic.Timer,
    basic.MemoryStorage,
  ]) {
    container.use(plugin);
  }
  container.register('logger', SILENT);
  container.registerConfiguration('nlu-??', { log: false }, true);
  container.use(basic.Nlp);
  container.use(basic.LangEn);
  container.use(langIt.LangIt);
  container.use(langDe.LangDe);
  container.use(langEs.LangEs);
  container.use(langFr.LangFr);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.settings.log = false;
  nlp.settings.calculateSentiment = false;
  nlp.addLanguage([...LANGUAGES]);
  return nlp;
}

export class NlpJsEngine {
  readonly #nlp: ReturnType<typeof createNlp>;

  private constructor(nlp: ReturnType<typeof createNlp>) {
    this.#nlp = nlp;
  }

  static async train(examples: readonly Example[]): Promise<NlpJsEngine> {
    const nlp = createNlp();
    for (const e of examples) nlp.addDocument(e.language, e.text, e.intent);
    await nlp.train();
    return new NlpJsEngine(nlp);
  }

  static fromJSON(json: string): NlpJsEngine {
    const nlp = createNlp();
    nlp.import(json);
    return new NlpJsEngine(nlp);
  }

  toJSON(): string {
    return this.#nlp.export(true);
  }

  /** Scores per intent (NLP.js's own normalised classifications). */
  async classify(language: BotLanguage, text: string): Promise<Map<string, number>> {
    const result = await this.#nlp.process(language, text);
    const out = new Map<string, number>();
    for (const c of result.classifications ?? []) out.set(c.intent, c.score);
    if (out.size === 0) out.set(result.intent, result.score);
    return out;
  }
}
