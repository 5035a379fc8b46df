import type { Contact, ContactsService } from '../contacts';
import { isFiloError } from '../core';
import type { LedgerService, ProjectsService } from '../ledger';
import type { ModuleFactory } from '../runtime/modules';
import { donorEmail, type DonorEmail } from './donor-email';

// Two journeys every donor gets, driven by the ledger's events: a thank-you within seconds of a gift,
// with the tracking link; and, when an approved expense is paid with their money, a message saying
// what it paid for, with the link to the proof. Sent through whatever messenger the conversations
// module provides, on the donor's preferred channel (WhatsApp, else e-mail: see donorChannels), which
// checks consent; without a messenger or a channel, nothing is sent. docs/donor-messages.md.

/** A WhatsApp text, or an e-mail with its subject. */
export type DonorMessage =
  { readonly text: string } | { readonly type: 'text'; readonly body: string; readonly subject: string };

/** What this journey needs from the conversations module (its FiloModule `service`). */
export interface DonorMessenger {
  sendToContact(
    contactId: string,
    message: DonorMessage,
    options: {
      readonly purpose: 'service';
      readonly dedupeKey: string;
      readonly fallbackTemplate?: DonorTemplate;
      readonly channel?: DonorChannel;
      /** E-mail: a transactional message, sent without prior consent unless the donor withdrew it. */
      readonly transactional?: boolean;
    },
  ): Promise<unknown>;
}

export type DonorChannel = 'whatsapp' | 'email';

/**
 * The channels to try for a donor, most preferred first. The channel the donor asked for (on the
 * donation form, or through staff: `Contact.preferredChannel`) comes first; without one, WhatsApp
 * before e-mail. A channel is tried only when the donor gave us its address and has not withdrawn it:
 * WhatsApp when they have a phone number and have not withdrawn WhatsApp service messages
 * (conversations then requires their consent, or an open 24-hour window); e-mail when they have an
 * address and have withdrawn no e-mail consent at all (an unsubscribe withdraws news and fundraising:
 * such a donor gets no e-mail from the journeys, though a thank-you is transactional). The other
 * channel stays as the fallback when the preferred one cannot take the message.
 */
export function donorChannels(
  contact: Pick<Contact, 'phone' | 'email' | 'consents'> & Partial<Pick<Contact, 'preferredChannel'>>,
): DonorChannel[] {
  const withdrawn = (channel: string, purpose?: string) =>
    contact.consents.some(
      (c) =>
        c.channel === channel && (purpose === undefined || c.purpose === purpose) && c.status === 'revoked',
    );
  const channels: DonorChannel[] = [];
  if (contact.phone && !withdrawn('whatsapp', 'service')) channels.push('whatsapp');
  if (contact.email && !withdrawn('email')) channels.push('email');
  if (contact.preferredChannel === 'email' && channels[0] === 'whatsapp' && channels[1] === 'email')
    channels.reverse();
  return channels;
}

/**
 * The approved utility template sent instead when the donor's WhatsApp window is closed (most donors
 * have not written in the last 24 hours). Names and texts: docs/whatsapp-templates.md.
 */
export interface DonorTemplate {
  readonly type: 'template';
  readonly name:
    | 'donation_thank_you'
    | 'donation_used'
    | 'recurring_payment_failed'
    | 'recurring_debit_returned'
    | 'recurring_cancelled'
    | 'event_personal_link';
  readonly language: 'it' | 'en' | 'de';
  readonly body: {
    readonly format: 'named';
    readonly values: readonly { readonly name: string; readonly text: string }[];
  };
}

const FRIEND: Record<DonorLanguage, string> = {
  it: 'amico',
  en: 'friend',
  de: 'Freund',
  es: 'amigo',
  fr: 'ami',
};

function template(
  name: DonorTemplate['name'],
  displayName: string | null,
  language: DonorLanguage,
  values: Record<string, string>,
): DonorTemplate {
  const all = { first_name: firstName(displayName).trim() || FRIEND[language], ...values };
  return {
    type: 'template',
    name,
    // Templates exist in the organisation's three admin languages; other donors get English.
    language: language === 'it' || language === 'de' ? language : 'en',
    body: {
      format: 'named',
      values: Object.entries(all).map(([key, text]) => ({
        name: key,
        text: text.replace(/\s+/g, ' ').trim(),
      })),
    },
  };
}

export type DonorLanguage = 'it' | 'en' | 'de' | 'es' | 'fr';

const TEXTS: Record<DonorLanguage, { thanks: string; thanksProject: string; used: string }> = {
  it: {
    thanks:
      'Grazie{name}! Abbiamo ricevuto il tuo dono di {amount}. Qui puoi seguire ogni euro, fino alla spesa che pagherà: {link}',
    thanksProject:
      'Grazie{name}! Abbiamo ricevuto il tuo dono di {amount} per «{project}». Qui puoi seguire ogni euro, fino alla spesa che pagherà: {link}',
    used: 'Buone notizie{name}: {amount} del tuo dono hanno pagato «{expense}» ({date}). Fattura e prova crittografica: {link}',
  },
  en: {
    thanks:
      'Thank you{name}! We received your gift of {amount}. Follow every euro, up to the expense it pays for: {link}',
    thanksProject:
      'Thank you{name}! We received your gift of {amount} for “{project}”. Follow every euro, up to the expense it pays for: {link}',
    used: 'Good news{name}: {amount} of your gift paid for “{expense}” ({date}). Invoice and cryptographic proof: {link}',
  },
  de: {
    thanks:
      'Danke{name}! Wir haben deine Spende über {amount} erhalten. Verfolge jeden Euro bis zur Ausgabe, die er bezahlt: {link}',
    thanksProject:
      'Danke{name}! Wir haben deine Spende über {amount} für „{project}“ erhalten. Verfolge jeden Euro bis zur Ausgabe, die er bezahlt: {link}',
    used: 'Gute Nachricht{name}: {amount} deiner Spende haben „{expense}“ bezahlt ({date}). Rechnung und kryptografischer Nachweis: {link}',
  },
  es: {
    thanks:
      '¡Gracias{name}! Hemos recibido tu donativo de {amount}. Sigue cada euro hasta el gasto que paga: {link}',
    thanksProject:
      '¡Gracias{name}! Hemos recibido tu donativo de {amount} para «{project}». Sigue cada euro hasta el gasto que paga: {link}',
    used: 'Buenas noticias{name}: {amount} de tu donativo pagaron «{expense}» ({date}). Factura y prueba criptográfica: {link}',
  },
  fr: {
    thanks:
      'Merci{name} ! Nous avons bien reçu votre don de {amount}. Suivez chaque euro jusqu’à la dépense qu’il paie : {link}',
    thanksProject:
      'Merci{name} ! Nous avons bien reçu votre don de {amount} pour « {project} ». Suivez chaque euro jusqu’à la dépense qu’il paie : {link}',
    used: 'Bonne nouvelle{name} : {amount} de votre don ont payé « {expense} » ({date}). Facture et preuve cryptographique : {link}',
  },
};

const LOCALE: Record<DonorLanguage, string> = {
  it: 'it-IT',
  en: 'en-GB',
  de: 'de-DE',
  es: 'es-ES',
  fr: 'fr-FR',
};

export function donorLanguage(language: string | null | undefined): DonorLanguage {
  const base = (language ?? '').slice(0, 2).toLowerCase();
  return base === 'it' || base === 'en' || base === 'de' || base === 'es' || base === 'fr' ? base : 'en';
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

function money(minor: number, currency: string, language: DonorLanguage): string {
  return new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency }).format(minor / 100);
}

function longDate(day: string, language: DonorLanguage): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(day));
}

function firstName(displayName: string | null): string {
  const first = displayName?.trim().split(/\s+/)[0];
  return first ? ` ${first}` : '';
}

export function thankYouText(input: {
  language: string;
  displayName: string | null;
  amountMinor: number;
  currency: string;
  project: string | null;
  link: string;
}): string {
  const lang = donorLanguage(input.language);
  const t = TEXTS[lang];
  return fill(input.project ? t.thanksProject : t.thanks, {
    name: firstName(input.displayName),
    amount: money(input.amountMinor, input.currency, lang),
    project: input.project ?? '',
    link: input.link,
  });
}

export function moneyUsedText(input: {
  language: string;
  displayName: string | null;
  amountMinor: number;
  currency: string;
  expense: string;
  spentOn: string;
  link: string;
}): string {
  const lang = donorLanguage(input.language);
  const date = longDate(input.spentOn, lang);
  return fill(TEXTS[lang].used, {
    name: firstName(input.displayName),
    amount: money(input.amountMinor, input.currency, lang),
    expense: input.expense,
    date,
    link: input.link,
  });
}

export interface DonorMessagesDeps {
  readonly ledger: LedgerService;
  readonly contacts: ContactsService;
  readonly projects: ProjectsService;
  readonly publicUrl: string;
  readonly messenger: () => DonorMessenger | undefined;
  /** The organisation's name, to sign e-mails with (none: unsigned). */
  readonly organisationName?: () => Promise<string | null>;
}

/** One journey's message, ready for each channel. */
interface Delivery {
  readonly contact: Contact;
  readonly dedupeKey: string;
  readonly text: string;
  readonly fallbackTemplate: DonorTemplate;
  readonly email: (organisation: string | null) => DonorEmail;
}

/** The journeys' logic, separate from the queue so it can be tested with a fake messenger. */
export class DonorMessages {
  readonly #deps: DonorMessagesDeps;
  constructor(deps: DonorMessagesDeps) {
    this.#deps = deps;
  }

  #link(code: string): string {
    return `${this.#deps.publicUrl.replace(/\/+$/, '')}/track/${code}`;
  }

  /**
   * Sends one journey's message on the donor's most preferred channel that will take it. Every channel
   * shares the dedupe key, so a retry returns the message already queued, whichever channel it went on.
   */
  async #send(messenger: DonorMessenger, d: Delivery): Promise<Outcome> {
    let outcome: Outcome = 'no-channel';
    const contactId = d.contact.id;
    for (const channel of donorChannels(d.contact)) {
      const result = await deliver(async () => {
        if (channel === 'whatsapp') {
          return messenger.sendToContact(
            contactId,
            { text: d.text },
            { purpose: 'service', dedupeKey: d.dedupeKey, fallbackTemplate: d.fallbackTemplate, channel },
          );
        }
        const email = d.email((await this.#deps.organisationName?.()) ?? null);
        return messenger.sendToContact(
          contactId,
          { type: 'text', body: email.body, subject: email.subject },
          { purpose: 'service', dedupeKey: d.dedupeKey, channel, transactional: true },
        );
      });
      if (result === 'sent') return 'sent';
      if (result === 'no-consent') outcome = 'no-consent';
    }
    // No channel tried: a donor who withdrew e-mail (and has no WhatsApp) said no, rather than lacking one.
    if (
      outcome === 'no-channel' &&
      d.contact.email &&
      d.contact.consents.some((c) => c.channel === 'email' && c.status === 'revoked')
    )
      return 'no-consent';
    return outcome;
  }

  /** After a gift: one thank-you per donation (the dedupe key makes a redelivery a no-op). */
  async thankYou(donationId: string): Promise<Outcome> {
    const messenger = this.#deps.messenger();
    const donation = await this.#deps.ledger.getDonation(donationId);
    const contactId = donation.contactId;
    if (!contactId) return 'anonymous';
    if (!messenger) return 'no-channel';
    const contact = await this.#deps.contacts.get(contactId);
    const project = donation.projectId
      ? ((await this.#deps.projects.list()).find((p) => p.id === donation.projectId)?.name ?? null)
      : null;
    const lang = donorLanguage(contact.language);
    const amount = money(donation.grossMinor, donation.currency, lang);
    const link = this.#link(donation.receiptCode);
    return this.#send(messenger, {
      contact,
      dedupeKey: `thank-you.${donation.id}`,
      text: thankYouText({
        language: contact.language,
        displayName: contact.displayName,
        amountMinor: donation.grossMinor,
        currency: donation.currency,
        project,
        link,
      }),
      fallbackTemplate: template('donation_thank_you', contact.displayName, lang, { amount, link }),
      email: (organisation) =>
        donorEmail(
          'thanks',
          lang,
          { name: firstName(contact.displayName), amount, ...(project ? { project } : {}) },
          link,
          organisation,
        ),
    });
  }

  /** A monthly gift's failed payment (with the self-service link) or its end: once per occurrence. */
  async recurringNotice(notice: RecurringNotice, dedupeKey: string): Promise<Outcome> {
    const messenger = this.#deps.messenger();
    const contactId = notice.contactId;
    if (!contactId) return 'anonymous';
    if (!messenger) return 'no-channel';
    const contact = await this.#deps.contacts.get(contactId);
    const lang = donorLanguage(contact.language);
    const amount = money(notice.amountMinor, notice.currency, lang);
    const failed = notice.kind === 'payment.failed';
    // A returned direct debit is not retried within the month and has no card to update.
    const returned = failed && typeof notice.mandateReference === 'string' && notice.mandateReference !== '';
    const link = notice.manageUrl ?? '';
    const texts = RECURRING_TEXTS[lang];
    const text = fill(returned ? texts.returned : failed ? texts.failed : texts.cancelled, {
      name: firstName(contact.displayName),
      amount,
      link,
    });
    return this.#send(messenger, {
      contact,
      dedupeKey,
      text,
      fallbackTemplate: returned
        ? template('recurring_debit_returned', contact.displayName, lang, { amount, link })
        : failed
          ? template('recurring_payment_failed', contact.displayName, lang, { amount, link })
          : template('recurring_cancelled', contact.displayName, lang, { amount }),
      email: (organisation) =>
        donorEmail(
          returned ? 'debit.returned' : notice.kind,
          lang,
          { name: firstName(contact.displayName), amount },
          link,
          organisation,
        ),
    });
  }

  /**
   * A virtual event's participant gets their personal link (to log activities without signing in) on
   * their preferred channel, so that they can find it again: after a web sign-up, and again when they
   * sign up a second time (to their own address, never to whoever typed it). Once per dedupe key.
   */
  async eventLink(input: {
    readonly contactId: string;
    readonly event: (language: string) => Promise<string>;
    readonly link: string;
    readonly dedupeKey: string;
  }): Promise<Outcome> {
    const messenger = this.#deps.messenger();
    if (!messenger) return 'no-channel';
    const contact = await this.#deps.contacts.get(input.contactId);
    const lang = donorLanguage(contact.language);
    const event = await input.event(contact.language);
    const values = { name: firstName(contact.displayName), event, link: input.link };
    return this.#send(messenger, {
      contact,
      dedupeKey: input.dedupeKey,
      text: fill(EVENT_LINK_TEXTS[lang], values),
      fallbackTemplate: template('event_personal_link', contact.displayName, lang, {
        event,
        link: input.link,
      }),
      email: (organisation) =>
        donorEmail('event.link', lang, { name: values.name, amount: '', event }, input.link, organisation),
    });
  }

  /**
   * When an expense is paid with a gift's money: one message per gift and expense, adding up every
   * allocation of that gift to it (a first payment and a later top-up are told once, together).
   */
  async moneyUsed(donationId: string, expenseId: string): Promise<Outcome | 'nothing'> {
    const messenger = this.#deps.messenger();
    const donation = await this.#deps.ledger.getDonation(donationId);
    const contactId = donation.contactId;
    if (!contactId) return 'anonymous';
    if (!messenger) return 'no-channel';
    const trace = await this.#deps.ledger.trace(donation.receiptCode);
    const used = trace.allocations.filter((a) => a.kind === 'expense' && a.expense?.id === expenseId);
    const amountMinor = used.reduce((s, a) => s + a.amountMinor, 0);
    const expense = used[0]?.expense;
    if (!expense || amountMinor <= 0) return 'nothing';
    const contact = await this.#deps.contacts.get(contactId);
    const lang = donorLanguage(contact.language);
    const amount = money(amountMinor, donation.currency, lang);
    const link = this.#link(donation.receiptCode);
    return this.#send(messenger, {
      contact,
      dedupeKey: `money-used.${donation.id}.${expenseId}`,
      text: moneyUsedText({
        language: contact.language,
        displayName: contact.displayName,
        amountMinor,
        currency: donation.currency,
        expense: expense.description,
        spentOn: expense.spentOn,
        link,
      }),
      fallbackTemplate: template('donation_used', contact.displayName, lang, {
        amount,
        expense: expense.description,
        link,
      }),
      email: (organisation) =>
        donorEmail(
          'used',
          lang,
          {
            name: firstName(contact.displayName),
            amount,
            expense: expense.description,
            date: longDate(expense.spentOn, lang),
          },
          link,
          organisation,
        ),
    });
  }
}

const EVENT_LINK_TEXTS: Record<DonorLanguage, string> = {
  it: 'Ciao{name}, sei iscritto/a a «{event}»! Con il tuo link personale registri chilometri e tempi, senza password (tienilo per te): {link}',
  en: 'Hello{name}, you are signed up for “{event}”! Log your kilometres and times with your personal link, no password needed (keep it to yourself): {link}',
  de: 'Hallo{name}, du bist für „{event}“ angemeldet! Mit deinem persönlichen Link trägst du Kilometer und Zeiten ein, ohne Passwort (behalte ihn für dich): {link}',
  es: 'Hola{name}, ¡te has inscrito en «{event}»! Con tu enlace personal registras kilómetros y tiempos, sin contraseña (guárdalo para ti): {link}',
  fr: 'Bonjour{name}, vous êtes inscrit(e) à « {event} » ! Avec votre lien personnel, enregistrez kilomètres et temps, sans mot de passe (gardez-le pour vous) : {link}',
};

const RECURRING_TEXTS: Record<DonorLanguage, { failed: string; returned: string; cancelled: string }> = {
  it: {
    failed:
      'Ciao{name}, il tuo dono mensile di {amount} non è andato a buon fine. Riproveremo nei prossimi giorni; se vuoi aggiornare la carta, cambiare l’importo o mettere in pausa: {link}',
    returned:
      'Ciao{name}, il tuo dono mensile di {amount} con addebito diretto SEPA è stato respinto dalla tua banca e non è stato incassato. Il mandato resta attivo: il prossimo addebito è il mese prossimo. Per cambiare l’importo, mettere in pausa o annullare: {link}',
    cancelled:
      'Ciao{name}, il tuo dono mensile di {amount} è stato annullato. Grazie per tutto quello che hai donato finora: ogni euro resta tracciato.',
  },
  en: {
    failed:
      'Hello{name}, your monthly gift of {amount} did not go through. We will try again in the next few days; to update your card, change the amount or pause: {link}',
    returned:
      'Hello{name}, your monthly gift of {amount} by SEPA Direct Debit was returned by your bank and was not collected. Your mandate stays active: the next debit is next month. To change the amount, pause or cancel: {link}',
    cancelled:
      'Hello{name}, your monthly gift of {amount} has been cancelled. Thank you for everything you have given: every euro stays traceable.',
  },
  de: {
    failed:
      'Hallo{name}, deine monatliche Spende über {amount} konnte nicht eingezogen werden. Wir versuchen es in den nächsten Tagen erneut; Karte ändern, Betrag anpassen oder pausieren: {link}',
    returned:
      'Hallo{name}, deine monatliche Spende über {amount} per SEPA-Lastschrift wurde von deiner Bank zurückgegeben und nicht eingezogen. Dein Mandat bleibt aktiv: die nächste Lastschrift folgt nächsten Monat. Betrag ändern, pausieren oder beenden: {link}',
    cancelled:
      'Hallo{name}, deine monatliche Spende über {amount} wurde beendet. Danke für alles, was du gegeben hast: jeder Euro bleibt nachvollziehbar.',
  },
  es: {
    failed:
      'Hola{name}, tu donativo mensual de {amount} no se ha podido cobrar. Lo intentaremos de nuevo en los próximos días; para actualizar la tarjeta, cambiar el importe o pausar: {link}',
    returned:
      'Hola{name}, tu donativo mensual de {amount} por adeudo directo SEPA ha sido devuelto por tu banco y no se ha cobrado. Tu mandato sigue activo: el próximo adeudo será el mes que viene. Para cambiar el importe, pausar o cancelar: {link}',
    cancelled:
      'Hola{name}, tu donativo mensual de {amount} ha sido cancelado. Gracias por todo lo que has donado: cada euro sigue siendo trazable.',
  },
  fr: {
    failed:
      'Bonjour{name}, votre don mensuel de {amount} n’a pas pu être prélevé. Nous réessaierons dans les prochains jours ; pour mettre à jour la carte, changer le montant ou faire une pause : {link}',
    returned:
      'Bonjour{name}, votre don mensuel de {amount} par prélèvement SEPA a été rejeté par votre banque et n’a pas été encaissé. Votre mandat reste actif : le prochain prélèvement aura lieu le mois prochain. Pour changer le montant, faire une pause ou arrêter : {link}',
    cancelled:
      'Bonjour{name}, votre don mensuel de {amount} a été arrêté. Merci pour tout ce que vous avez donné : chaque euro reste traçable.',
  },
};

/** What the payments module asks to tell a monthly donor (its `payments.notify` job). */
export interface RecurringNotice {
  readonly kind: 'payment.failed' | 'subscription.cancelled';
  readonly contactId: string | null;
  readonly subscriptionId?: string | null;
  readonly invoiceId?: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly manageUrl?: string | null;
  /** Set for a SEPA Direct Debit mandate: a failed payment is then a debit the bank returned. */
  readonly mandateReference?: string | null;
}

const MONEY_USED_JOB = 'donor-messages.money-used';

type Outcome = 'sent' | 'anonymous' | 'no-channel' | 'no-consent';

/** A donor without a reachable channel or without consent is not an error to retry: it is an answer. */
async function deliver(send: () => Promise<unknown>): Promise<Outcome> {
  try {
    await send();
    return 'sent';
  } catch (error) {
    if (isFiloError(error) && error.code === 'CONVERSATION_CONSENT_MISSING') return 'no-consent';
    if (isFiloError(error) && error.code === 'CONVERSATION_NO_CHANNEL') return 'no-channel';
    // WhatsApp or e-mail is not set up on this server: the next channel may be, and retrying will not help.
    if (isFiloError(error) && error.code === 'CONVERSATION_CHANNEL_NOT_CONFIGURED') return 'no-channel';
    throw error;
  }
}

/** The journeys as a feature module: subscribes to the ledger's events, sends through conversations. */
export const donorMessagesModule: ModuleFactory = (deps) => {
  const messages = new DonorMessages({
    ledger: deps.ledger,
    contacts: deps.contacts,
    projects: deps.projects,
    publicUrl: deps.config.publicUrl,
    // Looked up when a message is due, so the module order in FEATURE_MODULES does not matter.
    messenger: () => deps.modules.get('conversations')?.service as DonorMessenger | undefined,
    organisationName: async () => (await deps.organisation.find())?.name ?? null,
  });
  deps.events.subscribe('donation.received', 'thank-you', async (payload) => {
    await messages.thankYou(String(payload.id));
  });
  deps.events.subscribe('donation.allocated', 'money-used', async (payload) => {
    if (payload.kind !== 'expense' || typeof payload.expense !== 'string') return;
    // Wait a minute so that every allocation of one approval is in, then tell each gift once.
    await deps.queue.enqueue(
      MONEY_USED_JOB,
      { donation: String(payload.donation), expense: payload.expense },
      { jobId: `money-used.${String(payload.donation)}.${payload.expense}`, delayMs: 60_000 },
    );
  });
  // The payments module's notices for monthly donors (a failed payment, a cancelled gift).
  deps.queue.register('payments.notify', async (job) => {
    const notice = job.payload as unknown as RecurringNotice;
    if (notice.kind !== 'payment.failed' && notice.kind !== 'subscription.cancelled') return;
    await messages.recurringNotice(notice, job.id);
  });
  deps.queue.register(MONEY_USED_JOB, async (job) => {
    const { donation, expense } = job.payload as { donation: string; expense: string };
    await messages.moneyUsed(donation, expense);
  });
  return { name: 'donor-messages', service: messages };
};
