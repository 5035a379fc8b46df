// The small server-rendered page behind the unsubscribe link. A GET never unsubscribes (mail scanners
// follow links); the button POSTs, as the RFC 8058 one-click does. No scripts, no outside resources.

type State = 'confirm' | 'done' | 'invalid';

type Texts = Readonly<Record<State | 'title' | 'button', string>>;

const TEXT: Readonly<Record<'en' | 'it' | 'de' | 'es' | 'fr', Texts>> = {
  en: {
    title: 'Unsubscribe',
    confirm: 'Stop receiving news and appeals from us by e-mail?',
    button: 'Unsubscribe',
    done: 'Done: you will not receive news or appeals from us by e-mail any more.',
    invalid: 'This unsubscribe link is not valid. Please use the link in our latest e-mail.',
  },
  it: {
    title: 'Annulla iscrizione',
    confirm: 'Non vuoi più ricevere notizie e appelli da noi via e-mail?',
    button: 'Annulla iscrizione',
    done: 'Fatto: non riceverai più notizie o appelli da noi via e-mail.',
    invalid: 'Questo link non è valido. Usa il link della nostra ultima e-mail.',
  },
  de: {
    title: 'Abmelden',
    confirm: 'Keine Neuigkeiten und Spendenaufrufe mehr per E-Mail von uns erhalten?',
    button: 'Abmelden',
    done: 'Erledigt: Sie erhalten keine Neuigkeiten oder Aufrufe mehr per E-Mail von uns.',
    invalid: 'Dieser Abmeldelink ist ungültig. Bitte nutzen Sie den Link in unserer letzten E-Mail.',
  },
  es: {
    title: 'Darse de baja',
    confirm: '¿Dejar de recibir noticias y llamamientos nuestros por correo electrónico?',
    button: 'Darse de baja',
    done: 'Hecho: ya no recibirás noticias ni llamamientos nuestros por correo electrónico.',
    invalid: 'Este enlace no es válido. Usa el enlace de nuestro último correo.',
  },
  fr: {
    title: 'Se désabonner',
    confirm: 'Ne plus recevoir nos nouvelles et appels par e-mail ?',
    button: 'Se désabonner',
    done: 'C’est fait : vous ne recevrez plus nos nouvelles ni nos appels par e-mail.',
    invalid: 'Ce lien n’est pas valide. Utilisez le lien de notre dernier e-mail.',
  },
};

function pick(acceptLanguage: string | undefined): string {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const base = part.trim().slice(0, 2).toLowerCase();
    if (base in TEXT) return base;
  }
  return 'en';
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function unsubscribePage(acceptLanguage: string | undefined, state: State, token: string): string {
  const lang = pick(acceptLanguage);
  const t: Texts = lang in TEXT ? TEXT[lang as keyof typeof TEXT] : TEXT.en;
  const form =
    state === 'confirm'
      ? `<form method="post" action="/unsubscribe/email?t=${encodeURIComponent(token)}"><button type="submit">${escape(t.button)}</button></form>`
      : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(t.title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#0f6b5c;color:#fff;cursor:pointer}</style></head><body><main><h1>${escape(t.title)}</h1><p>${escape(t[state])}</p>${form}</main></body></html>`;
}
