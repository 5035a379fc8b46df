import type { DonorLanguage } from './donor-messages';

// The donor journeys' e-mails: the same news as the WhatsApp texts, written as a short letter (a
// subject, a greeting, one paragraph, the link on a line of its own, a closing with the organisation's
// name), in plain text so it reads the same in every mail client.

export interface DonorEmail {
  readonly subject: string;
  readonly body: string;
}

interface EmailTexts {
  readonly greeting: string;
  readonly closing: string;
  readonly thanksSubject: string;
  readonly thanks: string;
  readonly thanksProject: string;
  readonly followLink: string;
  readonly usedSubject: string;
  readonly used: string;
  readonly proofLink: string;
  readonly failedSubject: string;
  readonly failed: string;
  readonly manageLink: string;
  readonly returnedSubject: string;
  readonly returned: string;
  readonly manageMandateLink: string;
  readonly cancelledSubject: string;
  readonly cancelled: string;
  readonly eventSubject: string;
  readonly event: string;
  readonly eventLink: string;
}

const EMAIL_TEXTS: Readonly<Record<DonorLanguage, EmailTexts>> = {
  it: {
    greeting: 'Ciao{name},',
    closing: 'Con gratitudine,',
    thanksSubject: 'Grazie per il tuo dono di {amount}',
    thanks: 'abbiamo ricevuto il tuo dono di {amount}. Grazie di cuore!',
    thanksProject: 'abbiamo ricevuto il tuo dono di {amount} per «{project}». Grazie di cuore!',
    followLink: 'Qui puoi seguire ogni euro, fino alla spesa che pagherà:',
    usedSubject: 'Il tuo dono ha pagato «{expense}»',
    used: 'buone notizie: {amount} del tuo dono hanno pagato «{expense}» ({date}).',
    proofLink: 'Fattura e prova crittografica:',
    failedSubject: 'Il tuo dono mensile non è andato a buon fine',
    failed: 'il tuo dono mensile di {amount} non è andato a buon fine. Riproveremo nei prossimi giorni.',
    manageLink: 'Per aggiornare la carta, cambiare l’importo o mettere in pausa:',
    returnedSubject: 'Il tuo addebito mensile è stato respinto dalla banca',
    returned:
      'il tuo dono mensile di {amount} con addebito diretto SEPA è stato respinto dalla tua banca e non è stato incassato. Il mandato resta attivo: il prossimo addebito è il mese prossimo.',
    manageMandateLink: 'Per cambiare l’importo, mettere in pausa o annullare il mandato:',
    cancelledSubject: 'Il tuo dono mensile è stato annullato',
    cancelled:
      'il tuo dono mensile di {amount} è stato annullato. Grazie per tutto quello che hai donato finora: ogni euro resta tracciato.',
    eventSubject: 'Il tuo link personale per «{event}»',
    event:
      'sei iscritto/a a «{event}». Con il tuo link personale registri i tuoi chilometri e i tuoi tempi, senza password: tienilo per te.',
    eventLink: 'La tua pagina:',
  },
  en: {
    greeting: 'Hello{name},',
    closing: 'With gratitude,',
    thanksSubject: 'Thank you for your gift of {amount}',
    thanks: 'We received your gift of {amount}. Thank you!',
    thanksProject: 'We received your gift of {amount} for “{project}”. Thank you!',
    followLink: 'Follow every euro, up to the expense it pays for:',
    usedSubject: 'Your gift paid for “{expense}”',
    used: 'Good news: {amount} of your gift paid for “{expense}” ({date}).',
    proofLink: 'Invoice and cryptographic proof:',
    failedSubject: 'Your monthly gift did not go through',
    failed: 'Your monthly gift of {amount} did not go through. We will try again in the next few days.',
    manageLink: 'To update your card, change the amount or pause:',
    returnedSubject: 'Your bank returned your monthly direct debit',
    returned:
      'Your monthly gift of {amount} by SEPA Direct Debit was returned by your bank and was not collected. Your mandate stays active: the next debit is next month.',
    manageMandateLink: 'To change the amount, pause or cancel the mandate:',
    cancelledSubject: 'Your monthly gift has been cancelled',
    cancelled:
      'Your monthly gift of {amount} has been cancelled. Thank you for everything you have given: every euro stays traceable.',
    eventSubject: 'Your personal link for “{event}”',
    event:
      'You are signed up for “{event}”. Log your kilometres and times with your personal link, no password needed: keep it to yourself.',
    eventLink: 'Your page:',
  },
  de: {
    greeting: 'Hallo{name},',
    closing: 'Herzliche Grüße',
    thanksSubject: 'Danke für deine Spende über {amount}',
    thanks: 'wir haben deine Spende über {amount} erhalten. Herzlichen Dank!',
    thanksProject: 'wir haben deine Spende über {amount} für „{project}“ erhalten. Herzlichen Dank!',
    followLink: 'Verfolge jeden Euro bis zur Ausgabe, die er bezahlt:',
    usedSubject: 'Deine Spende hat „{expense}“ bezahlt',
    used: 'gute Nachricht: {amount} deiner Spende haben „{expense}“ bezahlt ({date}).',
    proofLink: 'Rechnung und kryptografischer Nachweis:',
    failedSubject: 'Deine monatliche Spende konnte nicht eingezogen werden',
    failed:
      'deine monatliche Spende über {amount} konnte nicht eingezogen werden. Wir versuchen es in den nächsten Tagen erneut.',
    manageLink: 'Karte ändern, Betrag anpassen oder pausieren:',
    returnedSubject: 'Deine Bank hat deine monatliche Lastschrift zurückgegeben',
    returned:
      'deine monatliche Spende über {amount} per SEPA-Lastschrift wurde von deiner Bank zurückgegeben und nicht eingezogen. Dein Mandat bleibt aktiv: die nächste Lastschrift folgt nächsten Monat.',
    manageMandateLink: 'Betrag ändern, pausieren oder das Mandat beenden:',
    cancelledSubject: 'Deine monatliche Spende wurde beendet',
    cancelled:
      'deine monatliche Spende über {amount} wurde beendet. Danke für alles, was du gegeben hast: jeder Euro bleibt nachvollziehbar.',
    eventSubject: 'Dein persönlicher Link für „{event}“',
    event:
      'du bist für „{event}“ angemeldet. Mit deinem persönlichen Link trägst du deine Kilometer und Zeiten ein, ganz ohne Passwort: behalte ihn für dich.',
    eventLink: 'Deine Seite:',
  },
  es: {
    greeting: 'Hola{name}:',
    closing: 'Con gratitud,',
    thanksSubject: 'Gracias por tu donativo de {amount}',
    thanks: 'Hemos recibido tu donativo de {amount}. ¡Muchas gracias!',
    thanksProject: 'Hemos recibido tu donativo de {amount} para «{project}». ¡Muchas gracias!',
    followLink: 'Sigue cada euro hasta el gasto que paga:',
    usedSubject: 'Tu donativo pagó «{expense}»',
    used: 'Buenas noticias: {amount} de tu donativo pagaron «{expense}» ({date}).',
    proofLink: 'Factura y prueba criptográfica:',
    failedSubject: 'No se ha podido cobrar tu donativo mensual',
    failed:
      'Tu donativo mensual de {amount} no se ha podido cobrar. Lo intentaremos de nuevo en los próximos días.',
    manageLink: 'Para actualizar la tarjeta, cambiar el importe o pausar:',
    returnedSubject: 'Tu banco ha devuelto tu adeudo mensual',
    returned:
      'tu donativo mensual de {amount} por adeudo directo SEPA ha sido devuelto por tu banco y no se ha cobrado. Tu mandato sigue activo: el próximo adeudo será el mes que viene.',
    manageMandateLink: 'Para cambiar el importe, pausar o cancelar el mandato:',
    cancelledSubject: 'Tu donativo mensual ha sido cancelado',
    cancelled:
      'Tu donativo mensual de {amount} ha sido cancelado. Gracias por todo lo que has donado: cada euro sigue siendo trazable.',
    eventSubject: 'Tu enlace personal para «{event}»',
    event:
      'Te has inscrito en «{event}». Con tu enlace personal registras tus kilómetros y tiempos, sin contraseña: guárdalo para ti.',
    eventLink: 'Tu página:',
  },
  fr: {
    greeting: 'Bonjour{name},',
    closing: 'Avec toute notre gratitude,',
    thanksSubject: 'Merci pour votre don de {amount}',
    thanks: 'Nous avons bien reçu votre don de {amount}. Merci de tout cœur !',
    thanksProject: 'Nous avons bien reçu votre don de {amount} pour « {project} ». Merci de tout cœur !',
    followLink: 'Suivez chaque euro jusqu’à la dépense qu’il paie :',
    usedSubject: 'Votre don a payé « {expense} »',
    used: 'Bonne nouvelle : {amount} de votre don ont payé « {expense} » ({date}).',
    proofLink: 'Facture et preuve cryptographique :',
    failedSubject: 'Votre don mensuel n’a pas pu être prélevé',
    failed:
      'Votre don mensuel de {amount} n’a pas pu être prélevé. Nous réessaierons dans les prochains jours.',
    manageLink: 'Pour mettre à jour la carte, changer le montant ou faire une pause :',
    returnedSubject: 'Votre banque a rejeté votre prélèvement mensuel',
    returned:
      'votre don mensuel de {amount} par prélèvement SEPA a été rejeté par votre banque et n’a pas été encaissé. Votre mandat reste actif : le prochain prélèvement aura lieu le mois prochain.',
    manageMandateLink: 'Pour changer le montant, faire une pause ou arrêter le mandat :',
    cancelledSubject: 'Votre don mensuel a été arrêté',
    cancelled:
      'Votre don mensuel de {amount} a été arrêté. Merci pour tout ce que vous avez donné : chaque euro reste traçable.',
    eventSubject: 'Votre lien personnel pour « {event} »',
    event:
      'Vous êtes inscrit(e) à « {event} ». Avec votre lien personnel, vous enregistrez vos kilomètres et vos temps, sans mot de passe : gardez-le pour vous.',
    eventLink: 'Votre page :',
  },
};

/** Values already formatted for the donor's language (amounts, dates) and their first name or ''. */
export interface EmailValues {
  readonly name: string;
  readonly amount: string;
  readonly project?: string;
  readonly expense?: string;
  readonly date?: string;
  readonly event?: string;
}

const SUBJECT_MAX = 150;

function fill(template: string, values: EmailValues): string {
  const known: Readonly<Record<string, string | undefined>> = { ...values };
  return template.replace(/\{(\w+)\}/g, (_, key: string) => known[key] ?? '');
}

/** One line, without control characters, short enough for every mail client's list. */
function subjectLine(text: string): string {
  const line = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  return [...line].length <= SUBJECT_MAX ? line : `${[...line].slice(0, SUBJECT_MAX - 1).join('')}…`;
}

function letter(
  t: EmailTexts,
  values: EmailValues,
  paragraph: string,
  link: { readonly label: string; readonly url: string } | null,
  organisation: string | null,
): string {
  const parts = [fill(t.greeting, values), fill(paragraph, values)];
  if (link !== null && link.url !== '') parts.push(`${link.label}\n${link.url}`);
  parts.push(organisation ? `${t.closing}\n${organisation}` : t.closing);
  return `${parts.join('\n\n')}\n`;
}

export type DonorEmailKind =
  'thanks' | 'used' | 'payment.failed' | 'debit.returned' | 'subscription.cancelled' | 'event.link';

/** The e-mail of one donor journey in the donor's language, with the tracking or self-service link. */
export function donorEmail(
  kind: DonorEmailKind,
  language: DonorLanguage,
  values: EmailValues,
  link: string,
  organisation: string | null,
): DonorEmail {
  const t = EMAIL_TEXTS[language];
  switch (kind) {
    case 'thanks':
      return {
        subject: subjectLine(fill(t.thanksSubject, values)),
        body: letter(
          t,
          values,
          values.project ? t.thanksProject : t.thanks,
          { label: t.followLink, url: link },
          organisation,
        ),
      };
    case 'used':
      return {
        subject: subjectLine(fill(t.usedSubject, values)),
        body: letter(t, values, t.used, { label: t.proofLink, url: link }, organisation),
      };
    case 'payment.failed':
      return {
        subject: subjectLine(t.failedSubject),
        body: letter(t, values, t.failed, { label: t.manageLink, url: link }, organisation),
      };
    case 'debit.returned':
      return {
        subject: subjectLine(t.returnedSubject),
        body: letter(t, values, t.returned, { label: t.manageMandateLink, url: link }, organisation),
      };
    case 'subscription.cancelled':
      return {
        subject: subjectLine(t.cancelledSubject),
        body: letter(t, values, t.cancelled, null, organisation),
      };
    case 'event.link':
      return {
        subject: subjectLine(fill(t.eventSubject, values)),
        body: letter(t, values, t.event, { label: t.eventLink, url: link }, organisation),
      };
  }
}
