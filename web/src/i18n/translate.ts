// Turns a catalogue and a locale into the functions that pages use: t() and the Intl formatters.
import { formatDateTime, formatMoney, formatNumber, formatPercent } from '../format';
import type { Catalogue, MessageKey, Translate } from './catalogue';
import { CATALOGUES, type Language } from './language';

export interface I18n {
  readonly language: Language;
  /** BCP 47 locale used for Intl formatting. */
  readonly locale: string;
  readonly t: Translate;
  readonly money: (minor: number, currency: string) => string;
  readonly number: (value: number) => string;
  readonly percent: (whole: number) => string;
  readonly dateTime: (date: Date) => string;
}

export function interpolate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined ? match : String(value);
  });
}

export function createI18n(language: Language, locale: string = language): I18n {
  const catalogue: Catalogue = CATALOGUES[language];
  const t: Translate = (key: MessageKey, ...args) => {
    const template: string = catalogue[key];
    const [values] = args;
    return values === undefined ? template : interpolate(template, values);
  };
  return Object.freeze({
    language,
    locale,
    t,
    money: (minor: number, currency: string) => formatMoney(minor, currency, locale),
    number: (value: number) => formatNumber(value, locale),
    percent: (whole: number) => formatPercent(whole, locale),
    dateTime: (date: Date) => formatDateTime(date, locale),
  });
}
