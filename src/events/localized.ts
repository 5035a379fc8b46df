import { FiloError } from '../core';
import { EventErrors } from './errors';

// An event's title and description: one text for every reader, or one per language. Stored as JSON;
// read in the reader's language, else the organisation's, else whichever was written first.

export const TEXT_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

export type Localized = string | Readonly<Partial<Record<TextLanguage, string>>>;

function isTextLanguage(value: string): value is TextLanguage {
  return (TEXT_LANGUAGES as readonly string[]).includes(value);
}

/** Checks and trims a title or description; throws EVENT_INVALID naming the field. */
export function checkLocalized(
  value: Localized,
  field: string,
  limits: { readonly min: number; readonly max: number },
): Localized {
  const checkOne = (text: string, where: string): string => {
    const trimmed = text.trim();
    if ([...trimmed].length < limits.min || [...trimmed].length > limits.max)
      throw new FiloError(EventErrors.EVENT_INVALID, {
        message: `The ${where} must be ${limits.min} to ${limits.max} characters`,
      });
    return trimmed;
  };
  if (typeof value === 'string') return checkOne(value, field);
  const out: Partial<Record<TextLanguage, string>> = {};
  const entries = Object.entries(value);
  if (entries.length === 0)
    throw new FiloError(EventErrors.EVENT_INVALID, { message: `The ${field} needs at least one language` });
  for (const [language, text] of entries) {
    if (!isTextLanguage(language) || typeof text !== 'string')
      throw new FiloError(EventErrors.EVENT_INVALID, {
        message: `The ${field} has an unknown language ${language}`,
      });
    out[language] = checkOne(text, `${field} (${language})`);
  }
  return out;
}

export function parseLocalized(json: string): Localized {
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null) {
      const out: Partial<Record<TextLanguage, string>> = {};
      for (const [language, text] of Object.entries(value))
        if (isTextLanguage(language) && typeof text === 'string') out[language] = text;
      return out;
    }
  } catch {
    // A row written by hand that is not JSON is read as plain text.
  }
  return json;
}

/** The text in `language`, else in `fallback`, else the first one written. */
export function localize(value: Localized, language: string, fallback: string): string {
  if (typeof value === 'string') return value;
  const pick = (l: string) => (isTextLanguage(l) ? value[l] : undefined);
  return pick(language) ?? pick(fallback) ?? Object.values(value).find((v) => v !== undefined) ?? '';
}
