import { createRequire } from 'node:module';

// Text normalisation for retrieval, per language: lowercase, accent folding, tokens, stop words and
// a light stem (NLP.js's Snowball-derived stemmers). Loaded through createRequire because NLP.js is
// CommonJS without types; the English stemmer comes through @nlpjs/basic, which depends on it.

export const KNOWLEDGE_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
export type KnowledgeLanguage = (typeof KNOWLEDGE_LANGUAGES)[number];

export function isKnowledgeLanguage(value: string): value is KnowledgeLanguage {
  return (KNOWLEDGE_LANGUAGES as readonly string[]).includes(value);
}

interface Stemmer {
  stem(word: string): string;
}
type StemmerModule = Record<string, new () => Stemmer>;

const require = createRequire(import.meta.url);
const basicRequire = createRequire(require.resolve('@nlpjs/basic'));

function loadStemmer(language: KnowledgeLanguage): Stemmer {
  switch (language) {
    case 'it':
      return new (require('@nlpjs/lang-it') as StemmerModule).StemmerIt!();
    case 'de':
      return new (require('@nlpjs/lang-de') as StemmerModule).StemmerDe!();
    case 'es':
      return new (require('@nlpjs/lang-es') as StemmerModule).StemmerEs!();
    case 'fr':
      return new (require('@nlpjs/lang-fr') as StemmerModule).StemmerFr!();
    case 'en':
      return new (basicRequire('@nlpjs/lang-en') as StemmerModule).StemmerEn!();
  }
}

// Short lists of function words (accent-folded). Question words stay out of the index: every FAQ has
// them, so they would only add noise. Negations and numbers are kept: they change meanings.
const STOP_WORDS: Readonly<Record<KnowledgeLanguage, ReadonlySet<string>>> = {
  it: new Set(
    `a ad al allo ai agli alla alle all col coi con da dal dallo dai dagli dalla dalle dall di del dello dei degli della delle dell
    in nel nello nei negli nella nelle nell su sul sullo sui sugli sulla sulle sull per tra fra il lo la i gli le l un uno una un
    e ed o oppure ma se che chi cui come dove quando quanto quanta quanti quante quale quali perche cosa
    io tu lui lei noi voi loro mi ti ci vi si ne me te ce ve mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra
    nostri nostre vostro vostra vostri vostre questo questa questi queste quello quella quelli quelle
    e sono sei siamo siete era erano ho hai ha abbiamo avete hanno essere avere fare faccio fa posso puoi puo possiamo
    potete possono vorrei voglio vuoi vuole sto sta stato stata anche gia ancora molto poi piu allora quindi pero
    ok okay ciao salve buongiorno buonasera grazie gentilmente scusate scusa per favore prego vostro vostra`.split(
      /\s+/,
    ),
  ),
  en: new Set(
    `a an the and or but if of to in on at by for from with about as into over than then so
    i me my mine you your yours he him his she her it its we us our they them their this that these those
    is are was were be been being am do does did doing have has had having can could would should will shall may might must
    what which who whom whose where when why how there here also just very really please thanks thank hi hello hey
    any some get got im ive id dont ok okay lol pls plz`.split(/\s+/),
  ),
  de: new Set(
    `der die das den dem des ein eine einen einem einer eines und oder aber wenn ob von zu zum zur im in am an auf aus bei mit
    nach fur uber um vom als wie so ich mich mir mein meine meinen meinem du dich dir dein deine er ihn ihm sie ihr ihre es wir
    uns unser unsere euch euer ihr ist sind war waren bin bist sein seid habe hast hat haben hatte kann konnen konnte
    mochte will wollen soll sollte wird werden wurde was wer wo wann warum wieso welche welcher welches wieviel
    ok okay jo auch noch schon sehr bitte danke hallo guten tag man da dann denn doch mal ja`.split(/\s+/),
  ),
  es: new Set(
    `a al ante con de del desde en entre hacia hasta para por sin sobre tras el la los las lo un una unos unas y e o u pero si
    que quien cual cuales como donde cuando cuanto cuanta cuantos cuantas yo tu el ella nosotros vosotros ellos ellas me te se
    nos os le les mi mis tu tus su sus nuestro nuestra vuestro vuestra este esta estos estas ese esa eso es son soy eres
    somos fue era ser estar esta estoy he ha han hemos hay tengo tiene puedo puede pueden quiero quisiera
    ok vale tambien ya muy mas hola gracias favor buenos buenas dias`.split(/\s+/),
  ),
  fr: new Set(
    `a au aux avec ce ces cet cette dans de des du en et ou mais si par pour sur sous chez le la les l un une d
    je j me m moi tu te t toi il elle on nous vous ils elles se s lui leur leurs mon ma mes ton ta tes son sa ses notre nos
    votre vos est sont suis es sommes etes etait etre ai as avons avez ont avoir fait faire peux peut pouvons pouvez
    peuvent veux voudrais que qu qui quoi quel quelle quels quelles comment ou quand combien pourquoi
    ok mdr aussi deja tres plus bonjour salut merci svp plait ne pas y c ca n`.split(/\s+/),
  ),
};

const stemmers = new Map<KnowledgeLanguage, Stemmer>();
function stemmer(language: KnowledgeLanguage): Stemmer {
  let s = stemmers.get(language);
  if (!s) {
    s = loadStemmer(language);
    stemmers.set(language, s);
  }
  return s;
}

/** Lowercase, no accents (NFKD without combining marks), ß → ss, œ/æ spelt out. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** Longer runs are not words (pasted hashes, junk): dropped so that junk cannot cost time. */
export const MAX_TOKEN_LENGTH = 32;
/** Queries are cut to this many tokens; FAQ questions are far shorter. */
export const MAX_QUERY_TOKENS = 200;

/** Folded word tokens: letters and digits; an apostrophe splits (l'alluvione → l, alluvione). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of fold(text).matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = match[0];
    if (w.length <= MAX_TOKEN_LENGTH) out.push(w);
  }
  return out;
}

export interface Token {
  /** The folded surface form (for typo matching). */
  readonly surface: string;
  /** The stem the index uses. */
  readonly term: string;
}

/** Content tokens of a text: folded, stop words removed, stemmed. Digits are kept as they are. */
export function analyse(text: string, language: KnowledgeLanguage): Token[] {
  const stop = STOP_WORDS[language];
  const s = stemmer(language);
  const out: Token[] = [];
  for (const w of words(text)) {
    if (stop.has(w)) continue;
    if (w.length === 1 && !/\d/.test(w)) continue;
    const term = /^\d+$/.test(w) ? w : s.stem(w) || w;
    out.push({ surface: w, term });
  }
  return out;
}

/** Character trigrams of a word padded with spaces ("  ab", " abc" …), for typo-tolerant matching. */
export function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** Dice coefficient of two trigram sets (0 … 1). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}
