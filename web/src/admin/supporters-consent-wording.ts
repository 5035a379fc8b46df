// The words staff read out or show when they record a supporter's consent by hand (in person, on paper,
// on the phone, by e-mail). Like the donation form's, the wording is versioned and the exact text of
// the version shown is stored with the consent; a new text is a new version, never an edit.
import type { ConsentChange } from '../api';

export const STAFF_CONSENT_VERSION = 'staff-form-2026-03';

type WordingLanguage = 'it' | 'en' | 'de';
type Wording = Readonly<Record<WordingLanguage, string>>;

export interface StaffConsentOption {
  readonly channel: 'email' | 'whatsapp' | 'sms' | 'post';
  readonly purpose: 'service' | 'fundraising' | 'news';
  readonly wording: Wording;
}

export const STAFF_CONSENT_OPTIONS: readonly StaffConsentOption[] = Object.freeze([
  {
    channel: 'email',
    purpose: 'news',
    wording: {
      it: 'Voglio ricevere per e-mail notizie sui progetti e su come vengono spese le donazioni.',
      en: 'I want to receive news by e-mail about the projects and how donations are spent.',
      de: 'Ich möchte per E-Mail Neuigkeiten über die Projekte und die Verwendung der Spenden erhalten.',
    },
  },
  {
    channel: 'email',
    purpose: 'fundraising',
    wording: {
      it: 'Potete scrivermi per e-mail per chiedermi di sostenere nuove raccolte fondi.',
      en: 'You may e-mail me to ask me to support new appeals.',
      de: 'Ihr dürft mir per E-Mail schreiben, um mich um Unterstützung für neue Spendenaufrufe zu bitten.',
    },
  },
  {
    channel: 'whatsapp',
    purpose: 'service',
    wording: {
      it: 'Mandatemi su WhatsApp il ringraziamento e il link per seguire il mio dono.',
      en: 'Send me the thank-you and the link to follow my gift on WhatsApp.',
      de: 'Schickt mir den Dank und den Link zum Verfolgen meiner Spende über WhatsApp.',
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
  {
    channel: 'sms',
    purpose: 'news',
    wording: {
      it: 'Voglio ricevere aggiornamenti via SMS.',
      en: 'I want to receive updates by SMS.',
      de: 'Ich möchte Neuigkeiten per SMS erhalten.',
    },
  },
  {
    channel: 'post',
    purpose: 'news',
    wording: {
      it: 'Voglio ricevere notizie per posta.',
      en: 'I want to receive news by post.',
      de: 'Ich möchte Neuigkeiten per Post erhalten.',
    },
  },
]);

/** What is stored when staff record that a supporter took a consent back. */
const WITHDRAWAL: Wording = {
  it: 'Non voglio più ricevere questi messaggi.',
  en: 'I no longer want to receive these messages.',
  de: 'Ich möchte diese Nachrichten nicht mehr erhalten.',
};

/** The supporter's own language where there is a text in it; English otherwise. */
export function wordingLanguage(supporterLanguage: string): WordingLanguage {
  return supporterLanguage === 'it' || supporterLanguage === 'de' ? supporterLanguage : 'en';
}

export const STAFF_SOURCES = ['in-person', 'paper', 'phone', 'email'] as const;
export type StaffSource = (typeof STAFF_SOURCES)[number];

export function staffConsent(
  option: StaffConsentOption,
  supporterLanguage: string,
  source: StaffSource,
  staffUserId: string,
): ConsentChange {
  return {
    channel: option.channel,
    purpose: option.purpose,
    granted: true,
    source: `staff:${source}`,
    wordingVersion: STAFF_CONSENT_VERSION,
    wording: option.wording[wordingLanguage(supporterLanguage)],
    proof: { recordedBy: staffUserId },
  };
}

export function staffWithdrawal(
  consent: { readonly channel: string; readonly purpose: string },
  supporterLanguage: string,
  staffUserId: string,
): ConsentChange {
  return {
    channel: consent.channel,
    purpose: consent.purpose,
    granted: false,
    source: 'staff:withdrawal',
    wordingVersion: STAFF_CONSENT_VERSION,
    wording: WITHDRAWAL[wordingLanguage(supporterLanguage)],
    proof: { recordedBy: staffUserId },
  };
}
