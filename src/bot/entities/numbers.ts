// Number words in it/en/de/es/fr, accent-free and lower case (the text is normalised first).
// Compounds written as one word ("venticinque", "einundzwanzig", "veintitres") are split into
// known parts; "quatre vingt" is 4 × 20.

const PARTS: Readonly<Record<string, number>> = {
  // it
  zero: 0,
  uno: 1,
  una: 1,
  un: 1,
  due: 2,
  tre: 3,
  quattro: 4,
  cinque: 5,
  sei: 6,
  sette: 7,
  otto: 8,
  nove: 9,
  dieci: 10,
  undici: 11,
  dodici: 12,
  tredici: 13,
  quattordici: 14,
  quindici: 15,
  sedici: 16,
  diciassette: 17,
  diciotto: 18,
  diciannove: 19,
  venti: 20,
  vent: 20,
  trenta: 30,
  trent: 30,
  quaranta: 40,
  quarant: 40,
  cinquanta: 50,
  cinquant: 50,
  sessanta: 60,
  sessant: 60,
  settanta: 70,
  settant: 70,
  ottanta: 80,
  ottant: 80,
  novanta: 90,
  novant: 90,
  cento: 100,
  mille: 1000,
  mila: 1000,
  // en
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  thousand: 1000,
  a: 1,
  // de
  null: 0,
  ein: 1,
  eins: 1,
  eine: 1,
  einen: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  funf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  elf: 11,
  zwolf: 12,
  dreizehn: 13,
  vierzehn: 14,
  funfzehn: 15,
  sechzehn: 16,
  siebzehn: 17,
  achtzehn: 18,
  neunzehn: 19,
  zwanzig: 20,
  dreissig: 30,
  vierzig: 40,
  funfzig: 50,
  sechzig: 60,
  siebzig: 70,
  achtzig: 80,
  neunzig: 90,
  hundert: 100,
  tausend: 1000,
  // es
  cero: 0,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veinti: 20,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
  cien: 100,
  ciento: 100,
  doscientos: 200,
  trescientos: 300,
  quinientos: 500,
  mil: 1000,
  // fr
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  seize: 16,
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  cent: 100,
  cents: 100,
};

/** Words that join number parts without a value of their own. */
const JOINERS = new Set(['und', 'y', 'et', 'e', 'and']);

const SORTED_PARTS = Object.keys(PARTS).sort((a, b) => b.length - a.length);

/** Splits one word into number parts, or null when it is not a number word. */
function split(word: string): number[] | null {
  if (word === '') return [];
  if (PARTS[word] !== undefined) return [PARTS[word]];
  for (const part of SORTED_PARTS) {
    if (part.length < 2 || !word.startsWith(part)) continue;
    const rest = word.slice(part.length);
    const restParts = rest.startsWith('und') ? split(rest.slice(3)) : split(rest);
    if (restParts && restParts.length > 0) return [PARTS[part] as number, ...restParts];
  }
  return null;
}

/** The value of a sequence of number parts (e.g. [20, 5] → 25, [2, 100, 5] → 205, [4, 20, 10] → 90). */
export function combine(parts: readonly number[]): number {
  let total = 0;
  let current = 0;
  let previous = -1;
  for (const v of parts) {
    if (v === 1000) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (v === 100) {
      current = (current || 1) * 100;
    } else if (v === 20 && previous === 4) {
      current = current - 4 + 80;
    } else {
      current += v;
    }
    previous = v;
  }
  return total + current;
}

/** Reads number words starting at tokens[i]; returns the value and how many tokens were used. */
export function readNumberWords(
  tokens: readonly string[],
  i: number,
): { value: number; length: number } | null {
  const parts: number[] = [];
  let j = i;
  let lastUsed = i;
  while (j < tokens.length) {
    const t = tokens[j] as string;
    if (JOINERS.has(t) && parts.length > 0) {
      j += 1;
      continue;
    }
    const p = split(t);
    if (!p || p.length === 0) break;
    parts.push(...p);
    j += 1;
    lastUsed = j;
  }
  if (parts.length === 0) return null;
  return { value: combine(parts), length: lastUsed - i };
}
