// React binding: the chosen language lives in one provider; switching it re-renders every page,
// remembers the choice and updates <html lang> so assistive technology reads the right language.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { detectLanguage, localeFor, readStoredLanguage, storeLanguage, type Language } from './language';
import { createI18n, type I18n } from './translate';

export interface I18nContextValue extends I18n {
  readonly setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18nContextValue | null>(null);

type LanguageStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Reading window.localStorage itself throws where storage is blocked. */
function browserStorage(): LanguageStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

/** The language to start with in this browser: stored choice, then browser languages, then English. */
export function initialLanguage(): Language {
  return detectLanguage({ stored: readStoredLanguage(browserStorage()), browser: browserLanguages() });
}

export interface I18nProviderProps {
  readonly initial: Language;
  readonly children: ReactNode;
  /** Injected in tests; the browser's own by default. */
  readonly storage?: LanguageStorage | undefined;
  readonly languages?: readonly string[];
}

export function I18nProvider({
  initial,
  children,
  storage = browserStorage(),
  languages = browserLanguages(),
}: I18nProviderProps) {
  const [language, setLanguageState] = useState<Language>(initial);

  const value = useMemo<I18nContextValue>(
    () => ({
      ...createI18n(language, localeFor(language, languages)),
      setLanguage: (next: Language) => {
        storeLanguage(storage, next);
        setLanguageState(next);
      },
    }),
    [language, languages, storage],
  );

  useEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.lang = language;
  }, [language]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>');
  return value;
}
