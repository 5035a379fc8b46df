// Filo's interface in Italian, English and German: typed catalogues, language choice and Intl
// formatting. Pages take strings only from here.
export type { Catalogue, MessageKey, PlainMessageKey, Translate } from './catalogue';
export {
  CATALOGUES,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  LANGUAGE_NAMES,
  LANGUAGE_STORAGE_KEY,
  detectLanguage,
  isLanguage,
  localeFor,
  readStoredLanguage,
  storeLanguage,
  type Language,
} from './language';
export { createI18n, interpolate, type I18n } from './translate';
export { I18nProvider, initialLanguage, useI18n } from './i18n-provider';
