// Text normalisation and the sparse features both classifiers read. Supporters write with typos,
// without accents, with emoji: features are accent-free word forms, word pairs and character
// n-grams inside words, so "donazoine" still shares most of its n-grams with "donazione".

const EMOJI = /\p{Extended_Pictographic}/gu;
const COMBINING = /\p{M}/gu;

/** Lower case, no accents, apostrophes and punctuation as spaces, emoji kept as their own tokens. */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING, '')
    .toLowerCase()
    .replace(EMOJI, (e) => ` ${e} `)
    .replace(/[’'`´]/g, ' ')
    .replace(/€/g, ' € ')
    .replace(/[^\p{L}\p{N}€\p{Extended_Pictographic}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalise(text);
  return n === '' ? [] : n.split(' ');
}

/** Collapses a run of 3+ equal letters ("graziee", "hiii" → "grazie", "hi"), a common chat habit. */
function squeeze(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1');
}

/** Sparse binary features of a text: words, word pairs, character 3–5-grams with word boundaries. */
export function features(text: string): string[] {
  const words = tokens(text).map(squeeze);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] as string;
    const isNumber = /^\d+$/.test(w);
    const word = isNumber ? '#num' : w;
    out.add(`w:${word}`);
    if (i + 1 < words.length) {
      const next = words[i + 1] as string;
      out.add(`b:${word}_${/^\d+$/.test(next) ? '#num' : next}`);
    }
    if (isNumber) continue;
    const padded = `<${w}>`;
    for (let n = 3; n <= 5; n += 1) {
      for (let j = 0; j + n <= padded.length; j += 1) out.add(`c:${padded.slice(j, j + n)}`);
    }
  }
  return [...out];
}
