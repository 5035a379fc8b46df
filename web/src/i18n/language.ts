// Which language the interface speaks: the user's own choice, then the browser's, then English.
import { de } from './de';
import { en } from './en';
import { it } from './it';
import type { Catalogue } from './catalogue';

export const LANGUAGES = ['it', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Where the user's choice is remembered, shared by the admin app and the public site. */
export const LANGUAGE_STORAGE_KEY = 'filo.lang';

// Each language is offered under its own name, the same in every catalogue, so that a reader who
// landed in the wrong language still recognises theirs.
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = Object.freeze({
  it: 'Italiano',
  en: 'English',
  de: 'Deutsch',
});

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = Object.freeze({ it, en, de });

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function primarySubtag(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? '';
}

export interface LanguageSources {
  /** The value stored under LANGUAGE_STORAGE_KEY, if any. */
  readonly stored: string | null;
  /** The browser's preferred languages, most preferred first (navigator.languages). */
  readonly browser: readonly string[];
}

export function detectLanguage({ stored, browser }: LanguageSources): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = primarySubtag(tag);
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The BCP 47 locale for Intl formatting: the browser's own regional variant of the language when it
 * has one (de-CH keeps Swiss number formatting), otherwise the bare language.
 */
export function localeFor(language: Language, browser: readonly string[]): string {
  return browser.find((tag) => primarySubtag(tag) === language) ?? language;
}

/** Storage can throw (disabled cookies, private modes); a lost preference must not break the page. */
export function readStoredLanguage(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  try {
    return storage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function storeLanguage(storage: Pick<Storage, 'setItem'> | undefined, language: Language): void {
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // The choice still applies to this page; it just will not be remembered.
  }
}
