// Words that stop messages at once, in Italian, English, German, Spanish and French. A message counts
// only when it is nothing but the word (case, accents, spaces and punctuation aside), so that "basta
// così, grazie" in a longer sentence does not unsubscribe anyone.

const STOP_WORDS: Readonly<Record<string, string>> = Object.freeze({
  stop: 'en',
  unsubscribe: 'en',
  cancel: 'en',
  end: 'en',
  quit: 'en',
  'stop all': 'en',
  annulla: 'it',
  basta: 'it',
  disiscrivi: 'it',
  disiscrivimi: 'it',
  cancellami: 'it',
  stopp: 'de',
  abmelden: 'de',
  abbestellen: 'de',
  austragen: 'de',
  baja: 'es',
  'darse de baja': 'es',
  cancelar: 'es',
  parar: 'es',
  arret: 'fr',
  arreter: 'fr',
  desabonner: 'fr',
  desinscrire: 'fr',
});

/** Lower case, accents removed, punctuation and repeated spaces dropped. */
export function normaliseKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The language of the stop word the whole message consists of, or null. */
export function stopWordLanguage(text: string): string | null {
  const key = normaliseKeyword(text);
  if (key.length === 0 || key.length > 20) return null;
  return STOP_WORDS[key] ?? null;
}

const CONFIRMATIONS: Readonly<Record<string, string>> = Object.freeze({
  it: 'Fatto: non ti scriveremo più su WhatsApp. Se cambi idea, scrivici quando vuoi.',
  en: 'Done: we will not message you on WhatsApp any more. If you change your mind, just write to us.',
  de: 'Erledigt: Wir schreiben dir nicht mehr auf WhatsApp. Wenn du es dir anders überlegst, schreib uns einfach.',
  es: 'Hecho: no te escribiremos más por WhatsApp. Si cambias de idea, escríbenos cuando quieras.',
  fr: 'C’est fait : nous ne t’écrirons plus sur WhatsApp. Si tu changes d’avis, écris-nous quand tu veux.',
});

export function stopConfirmation(language: string): string {
  return CONFIRMATIONS[language] ?? (CONFIRMATIONS.en as string);
}

/** The consent wording recorded with a stop word, so that the record says what happened. */
export const STOP_WORDING_VERSION = 'whatsapp-stop-word-v1';
