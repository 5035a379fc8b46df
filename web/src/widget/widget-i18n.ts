// The widget's words in it/en/de/es/fr, chosen from the page's language. Kept apart from the web
// app's catalogue so that widget.js stays small and depends on nothing.

export const WIDGET_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

export interface WidgetText {
  readonly open: string;
  readonly close: string;
  readonly title: (org: string) => string;
  readonly notice: string;
  readonly placeholder: string;
  readonly send: string;
  readonly sent: string;
  readonly read: string;
  readonly failed: string;
  readonly tooLong: string;
  readonly offline: string;
  readonly typing: string;
  readonly emailToggle: string;
  readonly emailLabel: string;
  readonly emailConsent: string;
  readonly emailSave: string;
  readonly emailSaved: string;
  readonly emailInvalid: string;
  readonly log: string;
}

export const WIDGET_TEXT: Readonly<Record<WidgetLanguage, WidgetText>> = {
  it: {
    open: 'Apri la chat',
    close: 'Chiudi la chat',
    title: (org) => `Scrivi a ${org}`,
    notice:
      'Le risposte arrivano da un assistente automatico o da una persona del nostro team. Non scrivere dati sensibili.',
    placeholder: 'Scrivi un messaggio…',
    send: 'Invia',
    sent: 'Inviato',
    read: 'Letto',
    failed: 'Non inviato',
    tooLong: 'Il messaggio è troppo lungo.',
    offline: 'Connessione persa: riprovo…',
    typing: 'Sta scrivendo…',
    emailToggle: 'Vuoi una risposta anche via e-mail?',
    emailLabel: 'Il tuo indirizzo e-mail',
    emailConsent: 'Acconsento a ricevere una risposta via e-mail su questa domanda.',
    emailSave: 'Salva',
    emailSaved: 'Grazie: ti risponderemo anche via e-mail.',
    emailInvalid: 'Indirizzo e-mail non valido.',
    log: 'Messaggi',
  },
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: (org) => `Chat with ${org}`,
    notice:
      'Replies come from an automated assistant or a person on our team. Please do not share sensitive data.',
    placeholder: 'Write a message…',
    send: 'Send',
    sent: 'Sent',
    read: 'Read',
    failed: 'Not sent',
    tooLong: 'The message is too long.',
    offline: 'Connection lost: retrying…',
    typing: 'Typing…',
    emailToggle: 'Want a reply by e-mail too?',
    emailLabel: 'Your e-mail address',
    emailConsent: 'I agree to be answered by e-mail about this question.',
    emailSave: 'Save',
    emailSaved: 'Thank you: we will also answer by e-mail.',
    emailInvalid: 'This e-mail address is not valid.',
    log: 'Messages',
  },
  de: {
    open: 'Chat öffnen',
    close: 'Chat schließen',
    title: (org) => `Schreiben Sie ${org}`,
    notice:
      'Antworten kommen von einem automatischen Assistenten oder einer Person aus unserem Team. Bitte keine sensiblen Daten senden.',
    placeholder: 'Nachricht schreiben…',
    send: 'Senden',
    sent: 'Gesendet',
    read: 'Gelesen',
    failed: 'Nicht gesendet',
    tooLong: 'Die Nachricht ist zu lang.',
    offline: 'Verbindung unterbrochen: neuer Versuch…',
    typing: 'Schreibt…',
    emailToggle: 'Auch eine Antwort per E-Mail?',
    emailLabel: 'Ihre E-Mail-Adresse',
    emailConsent: 'Ich bin einverstanden, zu dieser Frage eine Antwort per E-Mail zu erhalten.',
    emailSave: 'Speichern',
    emailSaved: 'Danke: Wir antworten auch per E-Mail.',
    emailInvalid: 'Diese E-Mail-Adresse ist ungültig.',
    log: 'Nachrichten',
  },
  es: {
    open: 'Abrir el chat',
    close: 'Cerrar el chat',
    title: (org) => `Escribe a ${org}`,
    notice:
      'Las respuestas llegan de un asistente automático o de una persona de nuestro equipo. No compartas datos sensibles.',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
    sent: 'Enviado',
    read: 'Leído',
    failed: 'No enviado',
    tooLong: 'El mensaje es demasiado largo.',
    offline: 'Conexión perdida: reintentando…',
    typing: 'Escribiendo…',
    emailToggle: '¿Quieres también una respuesta por correo?',
    emailLabel: 'Tu correo electrónico',
    emailConsent: 'Acepto recibir por correo una respuesta a esta pregunta.',
    emailSave: 'Guardar',
    emailSaved: 'Gracias: también te responderemos por correo.',
    emailInvalid: 'Este correo no es válido.',
    log: 'Mensajes',
  },
  fr: {
    open: 'Ouvrir le chat',
    close: 'Fermer le chat',
    title: (org) => `Écrire à ${org}`,
    notice:
      'Les réponses viennent d’un assistant automatique ou d’une personne de notre équipe. Ne partagez pas de données sensibles.',
    placeholder: 'Écrire un message…',
    send: 'Envoyer',
    sent: 'Envoyé',
    read: 'Lu',
    failed: 'Non envoyé',
    tooLong: 'Le message est trop long.',
    offline: 'Connexion perdue : nouvelle tentative…',
    typing: 'En train d’écrire…',
    emailToggle: 'Une réponse par e-mail aussi ?',
    emailLabel: 'Votre adresse e-mail',
    emailConsent: 'J’accepte de recevoir une réponse par e-mail à cette question.',
    emailSave: 'Enregistrer',
    emailSaved: 'Merci : nous répondrons aussi par e-mail.',
    emailInvalid: 'Cette adresse e-mail n’est pas valide.',
    log: 'Messages',
  },
};

/** The page's language (html lang, then the browser's), among the five; English otherwise. */
export function pickLanguage(...candidates: readonly (string | null | undefined)[]): WidgetLanguage {
  for (const candidate of candidates) {
    const base = (candidate ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
    if ((WIDGET_LANGUAGES as readonly string[]).includes(base)) return base as WidgetLanguage;
  }
  return 'en';
}
