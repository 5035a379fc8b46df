import { describe, expect, it } from 'vitest';
import { extractDonorNumbers, findSlugs, formatDonorNumber, normaliseName } from './matching';

describe('donor numbers in remittance texts', () => {
  it.each([
    ['Donazione D-000123', [123]],
    ['donazione d-000123', []],
    ['D000123 grazie', [123]],
    ['Donatore 123', [123]],
    ['donatore n. 45 scuola', [45]],
    ['Spender-Nr. 77', [77]],
    ['Spendernummer: 0042', [42]],
    ['donor no 9, D-000009', [9]],
    ['D-000001 und D-000002', [1, 2]],
    ['Fattura 2026/44', []],
    ['IBAN IT60X0542811101000000123456', []],
    [null, []],
  ])('%s → %j', (text, numbers) => {
    expect(extractDonorNumbers(text).sort((a, b) => a - b)).toEqual(numbers);
  });

  it('formats with six digits', () => {
    expect(formatDonorNumber(123)).toBe('D-000123');
    expect(formatDonorNumber(1234567)).toBe('D-1234567');
  });
});

describe('names', () => {
  it('ignores accents, case, punctuation, order and titles', () => {
    expect(normaliseName('BIANCHI LUCIA')).toBe(normaliseName('Lucìa Bianchi'));
    expect(normaliseName('Müller, Hans')).toBe(normaliseName('hans muller'));
    expect(normaliseName('Sig.ra Maria-Grazia Rossi')).toBe(normaliseName('ROSSI MARIA GRAZIA'));
    expect(normaliseName('Straße Anna')).toBe(normaliseName('anna strasse'));
  });
  it('needs two words', () => {
    expect(normaliseName('Rossi')).toBeNull();
    expect(normaliseName('  ')).toBeNull();
  });
});

describe('campaign hints', () => {
  it('finds whole slugs only', () => {
    expect(findSlugs('Donazione scuola-aperta 2026', ['scuola-aperta', 'scuola'])).toEqual(['scuola-aperta']);
    expect(findSlugs('per la scuola', ['scuola-aperta', 'scuola'])).toEqual(['scuola']);
    expect(findSlugs('scuola-aperta-bis', ['scuola-aperta'])).toEqual([]);
    expect(findSlugs('run', ['run'])).toEqual([]);
  });
});
