import type { Channel, Purpose } from '../contacts';

// The opt-in boxes of the event sign-up form. As on the donation form, the server owns the words: the
// page shows them, sends back the version it showed, and the exact text of that version is stored with
// the consent through the contacts module (`recordConsent`). A new wording is a new version; old ones
// stay so that what a participant agreed to can be shown. Signing up itself needs no box: the leaderboard
// shows only a first name and an initial. Version 2026-11 adds the WhatsApp service box: the personal link
// is sent after a web sign-up (by e-mail without a box, as a transactional message; on WhatsApp only with
// it). No box promises a message that never comes: there are no event reminders yet.

export const EVENT_CONSENT_VERSION = 'event-form-2026-11';

type Wording = Readonly<Record<'it' | 'en' | 'de', string>>;

interface EventConsentOption {
  readonly channel: Channel;
  readonly purpose: Purpose;
  readonly wording: Wording;
}

const NEWS_2026_03: readonly EventConsentOption[] = [
  {
    channel: 'email',
    purpose: 'news',
    wording: {
      it: 'Voglio ricevere per e-mail notizie sui progetti e sui prossimi eventi.',
      en: 'I want to receive news by e-mail about the projects and the next events.',
      de: 'Ich möchte per E-Mail Neuigkeiten über die Projekte und die nächsten Veranstaltungen erhalten.',
    },
  },
  {
    channel: 'whatsapp',
    purpose: 'news',
    wording: {
      it: 'Voglio ricevere aggiornamenti su WhatsApp. Posso smettere in qualsiasi momento scrivendo STOP.',
      en: 'I want to receive updates on WhatsApp. I can stop at any time by writing STOP.',
      de: 'Ich möchte Neuigkeiten über WhatsApp erhalten. Ich kann jederzeit mit STOP abbestellen.',
    },
  },
];

const OPTIONS: Readonly<Record<string, readonly EventConsentOption[]>> = Object.freeze({
  'event-form-2026-03': NEWS_2026_03,
  'event-form-2026-11': [
    {
      channel: 'whatsapp',
      purpose: 'service',
      wording: {
        it: 'Mandatemi su WhatsApp il mio link personale per registrare le attività.',
        en: 'Send me my personal link for logging activities on WhatsApp.',
        de: 'Schickt mir meinen persönlichen Link zum Eintragen der Aktivitäten per WhatsApp.',
      },
    },
    ...NEWS_2026_03,
  ],
});

export interface EventConsentWording {
  readonly channel: Channel;
  readonly purpose: Purpose;
  readonly version: string;
  readonly wording: string;
}

function wordingLanguage(language: string): 'it' | 'en' | 'de' {
  return language === 'en' || language === 'de' ? language : language === 'it' ? 'it' : 'en';
}

/** The boxes the form shows now, worded in the reader's language (it/en/de; English otherwise). */
export function currentEventConsents(language: string): EventConsentWording[] {
  const lang = wordingLanguage(language);
  return (OPTIONS[EVENT_CONSENT_VERSION] ?? []).map((o) => ({
    channel: o.channel,
    purpose: o.purpose,
    version: EVENT_CONSENT_VERSION,
    wording: o.wording[lang],
  }));
}

/** The exact words of one box of one version, as shown in `language`; null if there is no such box. */
export function eventConsentWording(
  version: string,
  channel: string,
  purpose: string,
  language: string,
): EventConsentWording | null {
  const option = (OPTIONS[version] ?? []).find((o) => o.channel === channel && o.purpose === purpose);
  if (!option) return null;
  return {
    channel: option.channel,
    purpose: option.purpose,
    version,
    wording: option.wording[wordingLanguage(language)],
  };
}
