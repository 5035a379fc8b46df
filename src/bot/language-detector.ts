import { LANGUAGES, type BotLanguage } from './intents';
import { tokens } from './text';

// Which of the five languages a message is in: a naive Bayes model over character 1–4-grams and
// whole words, trained on the same phrases as the intents plus a list of very common words per
// language. Messages too short to tell ("ok", "👍") fall back to the supporter's known language.

const COMMON: Readonly<Record<BotLanguage, string>> = {
  it: 'il lo la i gli le un una di da in con su per tra fra che chi non è sono ho hai ha abbiamo avete hanno mi ti ci vi si come dove quando perché questo quello anche ma più molto grazie ciao buongiorno sì no vorrei voglio posso siete avete della delle degli al alla allo nel nella sul sulla mio mia miei mie',
  en: 'the a an of to in on for with at by from and or but not is are was were be been have has had do does did i you he she we they my your our their me us this that what where when why how can could would should will want please thanks hello yes no it just',
  de: 'der die das ein eine einen dem den des und oder aber nicht ist sind war waren bin bist hat haben habe ich du er sie wir ihr mein meine dein euer eure mich mir dich uns was wo wann warum wie kann können möchte will bitte danke hallo ja nein auch noch schon mit von zu für auf bei nach aus',
  es: 'el la los las un una unos unas de del al en con por para y o pero no es son era fue he has ha hemos habéis han yo tú él ella nosotros vosotros mi mis tu tus me te se nos os qué dónde cuándo por qué cómo puedo quiero gracias hola sí muy también ya está están',
  fr: 'le la les un une des de du au aux en dans avec pour par et ou mais ne pas est sont était été ai as a avons avez ont je tu il elle nous vous ils elles mon ma mes ton ta tes me te se quoi où quand pourquoi comment puis veux merci bonjour oui non très aussi déjà c est',
};

function grams(text: string): string[] {
  const out: string[] = [];
  for (const word of tokens(text)) {
    if (/^[\d€]+$/u.test(word)) continue;
    out.push(`w:${word}`);
    const padded = ` ${word} `;
    for (let n = 1; n <= 4; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) out.push(padded.slice(i, i + n));
    }
  }
  return out;
}

export interface LanguageGuess {
  readonly language: BotLanguage;
  /** Posterior probability of the best language (0–1). */
  readonly confidence: number;
  /** How much text the guess rests on (number of known features). */
  readonly evidence: number;
}

export class LanguageDetector {
  readonly #counts = new Map<string, Float64Array>();
  readonly #totals = new Float64Array(LANGUAGES.length);
  readonly #vocabulary: number;

  constructor(samples: readonly { readonly language: BotLanguage; readonly text: string }[]) {
    const all = [
      ...samples,
      ...LANGUAGES.flatMap((language) => COMMON[language].split(' ').map((text) => ({ language, text }))),
    ];
    for (const { language, text } of all) {
      const li = LANGUAGES.indexOf(language);
      for (const g of grams(text)) {
        let c = this.#counts.get(g);
        if (!c) {
          c = new Float64Array(LANGUAGES.length);
          this.#counts.set(g, c);
        }
        c[li] = (c[li] as number) + 1;
        this.#totals[li] = (this.#totals[li] as number) + 1;
      }
    }
    this.#vocabulary = this.#counts.size;
    // Log-probabilities once, so detection is additions only.
    for (const c of this.#counts.values()) {
      for (let l = 0; l < LANGUAGES.length; l += 1) {
        c[l] = Math.log(((c[l] as number) + 0.1) / ((this.#totals[l] as number) + 0.1 * this.#vocabulary));
      }
    }
  }

  detect(text: string): LanguageGuess | null {
    const gs = grams(text);
    const logp = new Float64Array(LANGUAGES.length);
    let evidence = 0;
    for (const g of gs) {
      const c = this.#counts.get(g);
      if (!c) continue;
      evidence += 1;
      for (let l = 0; l < LANGUAGES.length; l += 1) {
        logp[l] = (logp[l] as number) + (c[l] as number);
      }
    }
    if (evidence === 0) return null;
    let best = 0;
    for (let l = 1; l < LANGUAGES.length; l += 1) if ((logp[l] as number) > (logp[best] as number)) best = l;
    let sum = 0;
    for (let l = 0; l < LANGUAGES.length; l += 1)
      sum += Math.exp((logp[l] as number) - (logp[best] as number));
    return { language: LANGUAGES[best] as BotLanguage, confidence: 1 / sum, evidence };
  }
}
