// Just the part of NLP.js (CommonJS, no types of its own) that the assistant uses.
declare module '@nlpjs/basic' {
  interface NlpClassification {
    readonly intent: string;
    readonly score: number;
  }
  interface NlpResult {
    readonly intent: string;
    readonly score: number;
    readonly classifications?: readonly NlpClassification[];
  }
  interface NlpInstance {
    settings: Record<string, unknown>;
    addLanguage(locales: string | readonly string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    export(minified?: boolean): string;
    import(data: string): void;
  }
  interface ContainerInstance {
    use(plugin: unknown): void;
    register(name: string, value: unknown, isSingleton?: boolean): void;
    registerConfiguration(tag: string, value: Record<string, unknown>, overwrite?: boolean): void;
    get(name: 'nlp'): NlpInstance;
  }
  interface NlpBasic {
    Container: new () => ContainerInstance;
    Nlp: unknown;
    LangEn: unknown;
    ArrToObj: unknown;
    Normalizer: unknown;
    ObjToArr: unknown;
    Stemmer: unknown;
    Stopwords: unknown;
    Tokenizer: unknown;
    Timer: unknown;
    MemoryStorage: unknown;
  }
  const basic: NlpBasic;
  export default basic;
}
declare module '@nlpjs/lang-it' {
  const lang: { LangIt: unknown };
  export default lang;
}
declare module '@nlpjs/lang-de' {
  const lang: { LangDe: unknown };
  export default lang;
}
declare module '@nlpjs/lang-es' {
  const lang: { LangEs: unknown };
  export default lang;
}
declare module '@nlpjs/lang-fr' {
  const lang: { LangFr: unknown };
  export default lang;
}
