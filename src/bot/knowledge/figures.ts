import { fold } from './text';

// The figures in a text — amounts, percentages, counts, years, dates — as the set of values they can
// mean, so that a rephrased answer can be checked against its sources: "1.250" and "1,250" may each be
// 1250 or 1.25 depending on the language, "5 €", "5,00 €" and "€5" are all 5, and a month named in
// words counts as its number. Number words (dieci, zwanzig, twelve …) are figures too.

const MONTHS: Readonly<Record<string, number>> = (() => {
  const names: string[][] = [
    ['gennaio', 'january', 'januar', 'janner', 'enero', 'janvier', 'jan'],
    ['febbraio', 'february', 'februar', 'febrero', 'fevrier', 'feb'],
    ['marzo', 'march', 'marz', 'mars', 'mar'],
    ['aprile', 'april', 'abril', 'avril', 'apr'],
    ['maggio', 'may', 'mai', 'mayo'],
    ['giugno', 'june', 'juni', 'junio', 'juin', 'jun'],
    ['luglio', 'july', 'juli', 'julio', 'juillet', 'jul'],
    ['agosto', 'august', 'aout', 'aug'],
    ['settembre', 'september', 'septiembre', 'septembre', 'sep', 'sept'],
    ['ottobre', 'october', 'oktober', 'octubre', 'octobre', 'oct', 'okt'],
    ['novembre', 'november', 'noviembre', 'nov'],
    ['dicembre', 'december', 'dezember', 'diciembre', 'decembre', 'dec', 'dez'],
  ];
  const out: Record<string, number> = {};
  names.forEach((list, i) => {
    for (const n of list) out[n] = i + 1;
  });
  return out;
})();

// Cardinal words 2 … 20, tens, hundred, thousand in it/en/de/es/fr (folded). "One" is left out on
// purpose: un/uno/una/ein/eine/une are also articles.
const NUMBER_WORDS: Readonly<Record<string, number>> = (() => {
  const table: [number, string[]][] = [
    [2, ['due', 'two', 'zwei', 'dos', 'deux']],
    [3, ['tre', 'three', 'drei', 'tres', 'trois']],
    [4, ['quattro', 'four', 'vier', 'cuatro', 'quatre']],
    [5, ['cinque', 'five', 'funf', 'cinco', 'cinq']],
    [6, ['sei', 'six', 'sechs', 'seis']],
    [7, ['sette', 'seven', 'sieben', 'siete', 'sept']],
    [8, ['otto', 'eight', 'acht', 'ocho', 'huit']],
    [9, ['nove', 'nine', 'neun', 'nueve', 'neuf']],
    [10, ['dieci', 'ten', 'zehn', 'diez', 'dix']],
    [11, ['undici', 'eleven', 'elf', 'once', 'onze']],
    [12, ['dodici', 'twelve', 'zwolf', 'doce', 'douze']],
    [15, ['quindici', 'fifteen', 'funfzehn', 'quince', 'quinze']],
    [20, ['venti', 'twenty', 'zwanzig', 'veinte', 'vingt']],
    [30, ['trenta', 'thirty', 'dreissig', 'treinta', 'trente']],
    [40, ['quaranta', 'forty', 'vierzig', 'cuarenta', 'quarante']],
    [50, ['cinquanta', 'fifty', 'funfzig', 'cincuenta', 'cinquante']],
    [100, ['cento', 'hundred', 'hundert', 'cien', 'ciento', 'cent']],
    [1000, ['mille', 'thousand', 'tausend', 'mil']],
    [1_000_000, ['milione', 'million', 'millionen', 'millon', 'milioni']],
  ];
  const out: Record<string, number> = {};
  for (const [value, words] of table) for (const w of words) out[w] = value;
  return out;
})();

export interface Figure {
  /** As written. */
  readonly text: string;
  /** Every value it can mean. */
  readonly values: readonly number[];
}

function numberValues(raw: string): number[] {
  const values = new Set<number>();
  const plain = raw.replace(/[\s\u00a0\u202f']/g, '');
  const separators = plain.match(/[.,]/g) ?? [];
  if (separators.length === 0) {
    values.add(Number(plain));
  } else {
    const last = Math.max(plain.lastIndexOf('.'), plain.lastIndexOf(','));
    const digitsAfter = plain.length - last - 1;
    // The last separator as a decimal point, all others as thousands separators …
    values.add(Number(`${plain.slice(0, last).replace(/[.,]/g, '')}.${plain.slice(last + 1)}`));
    // … or, with groups of three, every separator as a thousands separator.
    if (digitsAfter === 3) values.add(Number(plain.replace(/[.,]/g, '')));
  }
  return [...values].filter((v) => Number.isFinite(v));
}

/** Every figure in a text. */
export function extractFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  const folded = fold(text);
  // Digits, with thousands or decimal separators ("1.250", "30.000", "10,50", "1 250").
  for (const m of folded.matchAll(/\d+(?:[.,\u00a0\u202f']\d{3})*(?:[.,]\d+)?/g)) {
    const raw = m[0].trim();
    // A date written with / - : falls apart into its numbers here, each checked on its own.
    figures.push({ text: raw, values: numberValues(raw) });
  }
  for (const m of folded.matchAll(/\p{L}+/gu)) {
    const word = m[0];
    const month = MONTHS[word];
    if (month !== undefined && word.length > 3) figures.push({ text: word, values: [month] });
    const n = NUMBER_WORDS[word];
    if (n !== undefined) figures.push({ text: word, values: [n] });
  }
  return figures;
}

/** The values the sources allow: every figure in them. */
export function allowedValues(sources: readonly string[]): Set<number> {
  const allowed = new Set<number>();
  for (const source of sources)
    for (const f of extractFigures(source)) for (const v of f.values) allowed.add(v);
  return allowed;
}

/** Figures in the reply that no source contains (empty: the reply invents no figure). */
export function unsupportedFigures(reply: string, sources: readonly string[]): Figure[] {
  const allowed = allowedValues(sources);
  return extractFigures(reply).filter((f) => !f.values.some((v) => allowed.has(v)));
}
