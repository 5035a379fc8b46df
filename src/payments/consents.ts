import type { Channel, Purpose } from '../contacts';

// The consent checkboxes of the donation form. The server owns the wording: the form shows it, sends
// back the version it showed, and the exact text of that version is stored with the consent. A new
// wording is a new version; old versions stay here so that what a donor agreed to can be shown.

export const CONSENT_VERSION = 'donate-form-2026-02';

type Wording = Readonly<Record<'it' | 'en' | 'de', string>>;

export interface ConsentOption {
  readonly channel: Channel;
  readonly purpose: Purpose;
  readonly wording: Wording;
}

export const CONSENT_OPTIONS: Readonly<Record<string, readonly ConsentOption[]>> = Object.freeze({
  // 2026-02 adds the thank-you on WhatsApp (a service message, which WhatsApp only allows with opt-in).
  'donate-form-2026-02': [
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
  ],
  'donate-form-2026-01': [
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
  ],
});

export function consentLanguage(language: string): 'it' | 'en' | 'de' {
  return language === 'en' || language === 'de' ? language : 'it';
}

export function currentConsents(language: string) {
  const lang = consentLanguage(language);
  return (CONSENT_OPTIONS[CONSENT_VERSION] ?? []).map((o) => ({
    channel: o.channel,
    purpose: o.purpose,
    version: CONSENT_VERSION,
    wording: o.wording[lang],
  }));
}
