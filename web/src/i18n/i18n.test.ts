import { describe, expect, it as test } from 'vitest';
import {
  CATALOGUES,
  LANGUAGES,
  LANGUAGE_STORAGE_KEY,
  createI18n,
  detectLanguage,
  interpolate,
  localeFor,
  readStoredLanguage,
  storeLanguage,
} from './index';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('catalogues', () => {
  const english = CATALOGUES.en;

  for (const language of LANGUAGES) {
    test(`${language} has exactly the English keys, each with the same placeholders`, () => {
      const catalogue: Readonly<Record<string, string>> = CATALOGUES[language];
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(placeholders(catalogue[key] ?? ''), key).toEqual(placeholders(text));
        expect(catalogue[key]?.trim(), key).not.toBe('');
      }
    });
  }

  test('Italian and German are translations, not copies of English', () => {
    // Brand names and loan words may match; whole sentences must not.
    for (const language of ['it', 'de'] as const) {
      const catalogue: Readonly<Record<string, string>> = CATALOGUES[language];
      const same = Object.entries(english).filter(
        ([key, text]) => catalogue[key] === text && text.includes(' '),
      );
      expect(
        same.map(([key]) => key),
        language,
      ).toEqual([]);
    }
  });
});

describe('detectLanguage', () => {
  test('the stored choice wins over the browser', () => {
    expect(detectLanguage({ stored: 'de', browser: ['it-IT', 'en'] })).toBe('de');
  });

  test('then the first browser language that Filo speaks, by its primary subtag', () => {
    expect(detectLanguage({ stored: null, browser: ['fr-FR', 'de-AT', 'it'] })).toBe('de');
    expect(detectLanguage({ stored: 'klingon', browser: ['IT-ch'] })).toBe('it');
  });

  test('then English', () => {
    expect(detectLanguage({ stored: null, browser: [] })).toBe('en');
    expect(detectLanguage({ stored: '', browser: ['fr', 'es'] })).toBe('en');
  });
});

describe('localeFor', () => {
  test('keeps the browser’s regional variant of the chosen language', () => {
    expect(localeFor('de', ['en-GB', 'de-CH'])).toBe('de-CH');
    expect(localeFor('it', ['en-GB', 'de-CH'])).toBe('it');
  });
});

describe('stored language', () => {
  test('is read from and written to filo.lang', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => data.set(k, v),
    };
    expect(LANGUAGE_STORAGE_KEY).toBe('filo.lang');
    storeLanguage(storage, 'it');
    expect(data.get('filo.lang')).toBe('it');
    expect(readStoredLanguage(storage)).toBe('it');
  });

  test('blocked storage is treated as no choice instead of breaking the page', () => {
    const blocked = {
      getItem: (): string | null => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: (): void => {
        throw new DOMException('denied', 'QuotaExceededError');
      },
    };
    expect(readStoredLanguage(blocked)).toBeNull();
    expect(() => storeLanguage(blocked, 'de')).not.toThrow();
    expect(readStoredLanguage(undefined)).toBeNull();
  });
});

describe('createI18n', () => {
  test('translates and fills placeholders', () => {
    expect(createI18n('it').t('shell.signOut')).toBe('Esci');
    expect(createI18n('de').t('campaign.raisedOfGoal', { raised: 'A', goal: 'B' })).toBe('A von B gesammelt');
  });

  test('formats money and numbers in the chosen locale', () => {
    expect(createI18n('it', 'it-IT').money(123450, 'EUR')).toBe('1234,50\u00a0€');
    expect(createI18n('de', 'de-DE').money(123450, 'EUR')).toBe('1.234,50\u00a0€');
    expect(createI18n('en', 'en-GB').money(500000, 'EUR')).toBe('€5,000');
    expect(createI18n('de', 'de-DE').number(12345)).toBe('12.345');
  });

  test('interpolate leaves unknown placeholders visible rather than printing "undefined"', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
