// The pure parts of matching a credit to a donor: donor numbers quoted in the remittance text,
// names compared without accents, case or word order, and campaign/project slugs as hints.

/** D-000123: the short number a donor quotes in a bank transfer. */
export function formatDonorNumber(n: number): string {
  return `D-${String(n).padStart(6, '0')}`;
}

// "D-000123", "D 123", "D123", "Donatore 123", "donatore n. 123", "Spender-Nr. 123", "donor no 123".
const NUMBER_PATTERNS = [
  /(?:^|[^A-Za-z0-9])D(?:-\s?(\d{1,9})|(\d{3,9}))(?!\d)/g,
  /\b(?:donatore|donatrice|donor|spender|spenderin|spendernummer|spender-nr|donor-id|id donatore|codice donatore)\.?\s*(?:n(?:r|o|um(?:ero)?)?\.?|#|:|-)?\s*(?:[:#]\s*)?D?-?(\d{1,9})\b/gi,
];

/** Every donor number quoted in the text (without duplicates). */
export function extractDonorNumbers(remittance: string | null): number[] {
  if (!remittance) return [];
  const found = new Set<number>();
  for (const pattern of NUMBER_PATTERNS) {
    for (const m of remittance.matchAll(pattern)) {
      const n = Number(m[1] ?? m[2]);
      if (Number.isSafeInteger(n) && n > 0) found.add(n);
    }
  }
  return [...found];
}

/** Lowercase, no accents or punctuation, words sorted: "ROSSI MARIA GRAZIA" equals "Maria-Grazia Rossi". */
export function normaliseName(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = name
    .replace(/\b(?:sig\.\s?ra|dott\.\s?ssa)(?=\s|$)/gi, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0 && !HONORIFICS.has(w));
  // One word is too weak to name a person.
  if (words.length < 2) return null;
  return words.sort().join(' ');
}

const HONORIFICS = new Set([
  'sig',
  'sigra',
  'signor',
  'signora',
  'dott',
  'dottssa',
  'dr',
  'herr',
  'frau',
  'mr',
  'mrs',
  'ms',
  'prof',
]);

/** Slugs (of campaigns or projects) that appear as whole words in the text, longest first. */
export function findSlugs(text: string | null, slugs: readonly string[]): string[] {
  if (!text) return [];
  const hay = ` ${text.toLowerCase().replace(/[^a-z0-9-]+/g, ' ')} `;
  return slugs.filter((s) => s.length >= 4 && hay.includes(` ${s} `)).sort((a, b) => b.length - a.length);
}
