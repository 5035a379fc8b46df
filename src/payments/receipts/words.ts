// Amounts in words, as receipts print them ("importo in lettere", "Betrag in Buchstaben"). Written
// here rather than taken from a library: the rules are small, and a receipt must not depend on a
// package's idea of Italian or German orthography.

const IT_UNITS = [
  'zero',
  'uno',
  'due',
  'tre',
  'quattro',
  'cinque',
  'sei',
  'sette',
  'otto',
  'nove',
  'dieci',
  'undici',
  'dodici',
  'tredici',
  'quattordici',
  'quindici',
  'sedici',
  'diciassette',
  'diciotto',
  'diciannove',
] as const;
const IT_TENS = [
  '',
  '',
  'venti',
  'trenta',
  'quaranta',
  'cinquanta',
  'sessanta',
  'settanta',
  'ottanta',
  'novanta',
] as const;

/** 0 ≤ n < 1000, without the accent on a final "tre" (added once, for the whole number). */
function italianBelowThousand(n: number): string {
  if (n === 0) return '';
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  let out = hundreds === 0 ? '' : hundreds === 1 ? 'cento' : `${IT_UNITS[hundreds]}cento`;
  let tail = '';
  if (rest > 0 && rest < 20) tail = IT_UNITS[rest]!;
  else if (rest >= 20) {
    const tens = IT_TENS[Math.floor(rest / 10)]!;
    const unit = rest % 10;
    // venti + uno → ventuno, trenta + otto → trentotto: the tens lose their vowel before uno and otto.
    tail =
      unit === 0
        ? tens
        : unit === 1 || unit === 8
          ? tens.slice(0, -1) + IT_UNITS[unit]
          : tens + IT_UNITS[unit]!;
  }
  // cento + otto → centotto, cento + ottanta → centottanta.
  if (out && tail.startsWith('ott')) out = out.slice(0, -1);
  return out + tail;
}

/** A non-negative integer in Italian words: 21 → "ventuno", 1001 → "milleuno", 10⁶ → "un milione". */
export function italianNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  if (value === 0) return 'zero';
  const parts: string[] = [];
  let n = value;
  const scales: Array<[number, string, string]> = [
    [1e9, 'un miliardo', 'miliardi'],
    [1e6, 'un milione', 'milioni'],
  ];
  for (const [size, one, many] of scales) {
    const count = Math.floor(n / size);
    n %= size;
    if (count === 0) continue;
    parts.push(count === 1 ? one : `${dropUno(italianNumber(count))} ${many}`);
  }
  let small = '';
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 1) small = 'mille';
  else if (thousands > 1) small = `${dropUno(italianBelowThousand(thousands))}mila`;
  small += italianBelowThousand(rest);
  if (small) parts.push(accentTre(small));
  return parts.join(' ');
}

/** Before mila, milioni and miliardi a final "uno" loses its vowel: ventunmila, ventun milioni. */
function dropUno(words: string): string {
  return words.endsWith('uno') ? words.slice(0, -1) : words;
}

/** Compounds that end in "tre" take the accent: ventitré, centotré, milletré (but "tre" alone does not). */
function accentTre(words: string): string {
  return words.length > 3 && words.endsWith('tre') ? `${words.slice(0, -3)}tré` : words;
}

const DE_UNITS = [
  'null',
  'eins',
  'zwei',
  'drei',
  'vier',
  'fünf',
  'sechs',
  'sieben',
  'acht',
  'neun',
  'zehn',
  'elf',
  'zwölf',
  'dreizehn',
  'vierzehn',
  'fünfzehn',
  'sechzehn',
  'siebzehn',
  'achtzehn',
  'neunzehn',
] as const;
const DE_TENS = [
  '',
  '',
  'zwanzig',
  'dreißig',
  'vierzig',
  'fünfzig',
  'sechzig',
  'siebzig',
  'achtzig',
  'neunzig',
] as const;

/** 0 < n < 1000; `final` says whether a trailing 1 is "eins" (end of the number) or "ein" (before a scale). */
function germanBelowThousand(n: number, final: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  let out = hundreds === 0 ? '' : `${hundreds === 1 ? 'ein' : DE_UNITS[hundreds]}hundert`;
  if (rest === 1) out += final ? 'eins' : 'ein';
  else if (rest > 0 && rest < 20) out += DE_UNITS[rest]!;
  else if (rest >= 20) {
    const unit = rest % 10;
    const tens = DE_TENS[Math.floor(rest / 10)]!;
    out += unit === 0 ? tens : `${unit === 1 ? 'ein' : DE_UNITS[unit]}und${tens}`;
  }
  return out;
}

/** A non-negative integer in German words: 21 → "einundzwanzig", 1001 → "eintausendeins", 10⁶ → "eine Million". */
export function germanNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  if (value === 0) return 'null';
  const parts: string[] = [];
  let n = value;
  const scales: Array<[number, string, string]> = [
    [1e9, 'eine Milliarde', 'Milliarden'],
    [1e6, 'eine Million', 'Millionen'],
  ];
  for (const [size, one, many] of scales) {
    const count = Math.floor(n / size);
    n %= size;
    if (count === 0) continue;
    parts.push(count === 1 ? one : `${germanNumber(count)} ${many}`);
  }
  let small = '';
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands > 0) small = `${germanBelowThousand(thousands, false)}tausend`;
  if (rest > 0) small += germanBelowThousand(rest, true);
  if (small) parts.push(small);
  return parts.join(' ');
}

/** An amount of euros in words, as Italian receipts print it: 1234,56 → "milleduecentotrentaquattro euro e cinquantasei centesimi". */
export function italianEuros(minor: number): string {
  const [units, cents] = split(minor);
  const euros = units === 1 ? 'un euro' : `${italianNumber(units)} euro`;
  if (cents === 0) return euros;
  return `${euros} e ${cents === 1 ? 'un centesimo' : `${italianNumber(cents)} centesimi`}`;
}

/** An amount of euros in words, as a Zuwendungsbestätigung prints it: 1234,56 → "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent". */
export function germanEuros(minor: number): string {
  const [units, cents] = split(minor);
  const euros = `${units === 1 ? 'ein' : germanNumber(units)} Euro`;
  if (cents === 0) return euros;
  return `${euros} und ${cents === 1 ? 'ein' : germanNumber(cents)} Cent`;
}

function split(minor: number): [number, number] {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`not a non-negative amount: ${minor}`);
  return [Math.floor(minor / 100), minor % 100];
}
