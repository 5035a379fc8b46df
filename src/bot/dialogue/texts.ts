import type { BotLanguage } from '../intents';

// Everything the assistant says, in the five languages it understands. Figures (amounts, dates) are
// never written here: they are passed in, already formatted from the ledger's integers.

export interface DialogueTexts {
  readonly greeting: (org: string) => string;
  readonly thanks: string;
  readonly menuPrompt: string;
  readonly menuButton: string;
  readonly options: {
    readonly donate: string;
    readonly status: string;
    readonly news: string;
    readonly human: string;
  };
  readonly askAmount: string;
  readonly otherAmount: string;
  readonly writeAmount: string;
  readonly payLink: (amount: string, campaign: string | null, url: string) => string;
  readonly amountRange: (min: string, max: string) => string;
  readonly noDonations: string;
  readonly statusIntro: string;
  readonly statusGift: (date: string, amount: string, campaign: string | null) => string;
  readonly statusSpent: (lines: string) => string;
  readonly statusSpentLine: (amount: string, what: string, date: string) => string;
  readonly statusUnspent: (amount: string) => string;
  readonly statusRefunded: (amount: string) => string;
  readonly statusTrack: (url: string) => string;
  readonly source: (title: string) => string;
  readonly subscribed: string;
  readonly unsubscribed: string;
  readonly recurring: (amount: string, url: string) => string;
  readonly receipt: (date: string, amount: string, url: string) => string;
  readonly handoffRequested: string;
  readonly handoffComplaint: string;
  readonly handoffGeneric: string;
  readonly notUnderstood: string;
  readonly noWords: string;
  readonly onlyText: string;
  readonly unsupportedLanguage: string;
  /** Virtual events: signing up and logging an activity ("I ran 5 km"). */
  readonly events: {
    readonly choose: string;
    readonly listButton: string;
    readonly confirm: (title: string, from: string, to: string) => string;
    readonly yes: string;
    readonly no: string;
    readonly cancelled: string;
    readonly noneOpen: string;
    readonly registered: (title: string, eventUrl: string, personalUrl: string) => string;
    readonly alreadyRegistered: (title: string, eventUrl: string, personalUrl: string) => string;
    readonly notRegistered: string;
    readonly which: string;
    readonly askFigures: string;
    readonly logged: (figures: string, date: string, title: string) => string;
    readonly totals: (mine: string, everyone: string, goal: string | null) => string;
    readonly tooFar: (max: string) => string;
    readonly notPositive: string;
    readonly dateOutside: (from: string, to: string) => string;
    readonly dateInFuture: string;
    readonly closed: (title: string) => string;
    readonly notStarted: (title: string, from: string) => string;
  };
}

const en: DialogueTexts = {
  greeting: (org) => `Hello! I am the assistant of ${org}. What can I do for you?`,
  thanks: 'Thank you! Is there anything else I can do for you?',
  menuPrompt: 'Choose an option, or just write your question.',
  menuButton: 'Options',
  options: {
    donate: 'Make a gift',
    status: 'Where is my gift',
    news: 'Project news',
    human: 'Talk to a person',
  },
  askAmount: 'How much would you like to give? Choose an amount, or write it (for example "15 euro").',
  otherAmount: 'Other amount',
  writeAmount: 'Write the amount you would like to give (for example "15 euro").',
  payLink: (amount, campaign, url) =>
    `Here is your secure link to give ${amount}${campaign ? ` to “${campaign}”` : ''}:\n${url}\nIt stays valid for 24 hours. Thank you!`,
  amountRange: (min, max) =>
    `I can prepare a link for gifts from ${min} to ${max}. How much would you like to give?`,
  noDonations:
    'I cannot find any gift linked to this number. If you gave with another e-mail or phone number, write "talk to a person" and someone from our team will look it up.',
  statusIntro: 'Your latest gifts:',
  statusGift: (date, amount, campaign) => `• ${date}: ${amount}${campaign ? ` for “${campaign}”` : ''}`,
  statusSpent: (lines) => `  Already spent on: ${lines}`,
  statusSpentLine: (amount, what, date) => `${amount} for ${what} (${date})`,
  statusUnspent: (amount) => `  Still to be spent: ${amount}`,
  statusRefunded: (amount) => `  Refunded: ${amount}`,
  statusTrack: (url) => `  Follow it: ${url}`,
  source: (title) => `Source: ${title}`,
  subscribed: 'Done: you will receive our news here. Write STOP at any time to stop them.',
  unsubscribed: 'Done: you will no longer receive our news here.',
  recurring: (amount, url) => `You can change, pause or cancel your regular gift of ${amount} here:\n${url}`,
  receipt: (date, amount, url) => `The receipt for your gift of ${amount} of ${date}:\n${url}`,
  handoffRequested:
    'Of course: I am passing you to a person from our team, who will answer here as soon as possible.',
  handoffComplaint:
    'I am sorry about this. I am passing your message to a person from our team, who will answer here as soon as possible.',
  handoffGeneric:
    'I am not sure I can answer this well, so I am passing your message to a person from our team, who will answer here.',
  notUnderstood: 'Sorry, I did not understand.',
  noWords: 'How can I help you?',
  onlyText: 'I can only read text messages: I am passing this to a person from our team.',
  unsupportedLanguage:
    'Sorry, I can answer in English, Italian, German, Spanish and French. A person from our team will read your message.',
  events: {
    choose: 'Which event would you like to join?',
    listButton: 'Events',
    confirm: (title, from, to) => `Shall I sign you up for “${title}” (${from} – ${to})?`,
    yes: 'Yes, sign me up',
    no: 'No, thanks',
    cancelled: 'No problem. Write to me whenever you like.',
    noneOpen: 'There is no event open for sign-up right now. I will be glad to sign you up for the next one!',
    registered: (title, eventUrl, personalUrl) =>
      `You are signed up for “${title}”. Thank you!\nThe event: ${eventUrl}\nYour personal link to log your activities: ${personalUrl}\nOr just write to me here, for example "I ran 5 km".`,
    alreadyRegistered: (title, eventUrl, personalUrl) =>
      `You are already signed up for “${title}”.\nThe event: ${eventUrl}\nYour personal link: ${personalUrl}`,
    notRegistered: 'You are not signed up for an event yet.',
    which: 'You are signed up for more than one event: which one is this activity for?',
    askFigures: 'How far did you go, or for how long? Write for example "5 km" or "30 min".',
    logged: (figures, date, title) => `Logged: ${figures} on ${date} for “${title}”. Well done!`,
    totals: (mine, everyone, goal) =>
      `Your total: ${mine}. Everyone together: ${everyone}${goal ? ` of the ${goal} goal` : ''}.`,
    tooFar: (max) => `That is more than ${max} in one go: could you check the figure and write it again?`,
    notPositive: 'I need a distance or a time greater than zero, for example "5 km" or "30 min".',
    dateOutside: (from, to) =>
      `The event runs from ${from} to ${to}: I can only log activities on those days.`,
    dateInFuture: 'That date is still to come: tell me once you have done it!',
    closed: (title) =>
      `“${title}” is closed, so no more activities can be logged. Thank you for taking part!`,
    notStarted: (title, from) => `“${title}” starts on ${from}: log your activities from then on.`,
  },
};

const it: DialogueTexts = {
  greeting: (org) => `Ciao! Sono l’assistente di ${org}. Cosa posso fare per te?`,
  thanks: 'Grazie a te! Posso fare altro per te?',
  menuPrompt: 'Scegli un’opzione, oppure scrivi la tua domanda.',
  menuButton: 'Opzioni',
  options: {
    donate: 'Fai una donazione',
    status: 'Dove va il mio dono',
    news: 'Notizie dai progetti',
    human: 'Parla con una persona',
  },
  askAmount: 'Quanto vorresti donare? Scegli un importo, oppure scrivilo (per esempio "15 euro").',
  otherAmount: 'Altro importo',
  writeAmount: 'Scrivi l’importo che vorresti donare (per esempio "15 euro").',
  payLink: (amount, campaign, url) =>
    `Ecco il tuo link sicuro per donare ${amount}${campaign ? ` a “${campaign}”` : ''}:\n${url}\nResta valido 24 ore. Grazie!`,
  amountRange: (min, max) => `Posso preparare un link per doni da ${min} a ${max}. Quanto vorresti donare?`,
  noDonations:
    'Non trovo donazioni collegate a questo numero. Se hai donato con un’altra e-mail o un altro numero, scrivi "parla con un operatore" e una persona del nostro team controllerà.',
  statusIntro: 'Le tue ultime donazioni:',
  statusGift: (date, amount, campaign) => `• ${date}: ${amount}${campaign ? ` per “${campaign}”` : ''}`,
  statusSpent: (lines) => `  Già speso per: ${lines}`,
  statusSpentLine: (amount, what, date) => `${amount} per ${what} (${date})`,
  statusUnspent: (amount) => `  Ancora da spendere: ${amount}`,
  statusRefunded: (amount) => `  Rimborsato: ${amount}`,
  statusTrack: (url) => `  Seguila qui: ${url}`,
  source: (title) => `Fonte: ${title}`,
  subscribed:
    'Fatto: riceverai le nostre notizie qui. Scrivi STOP in qualsiasi momento per non riceverle più.',
  unsubscribed: 'Fatto: non riceverai più le nostre notizie qui.',
  recurring: (amount, url) =>
    `Puoi cambiare, sospendere o annullare la tua donazione regolare di ${amount} qui:\n${url}`,
  receipt: (date, amount, url) => `La ricevuta della tua donazione di ${amount} del ${date}:\n${url}`,
  handoffRequested:
    'Certo: ti passo a una persona del nostro team, che ti risponderà qui il prima possibile.',
  handoffComplaint:
    'Mi dispiace. Passo il tuo messaggio a una persona del nostro team, che ti risponderà qui il prima possibile.',
  handoffGeneric:
    'Non sono sicuro di poter rispondere bene, quindi passo il tuo messaggio a una persona del nostro team, che ti risponderà qui.',
  notUnderstood: 'Scusa, non ho capito.',
  noWords: 'Come posso aiutarti?',
  onlyText: 'Posso leggere solo messaggi di testo: passo questo messaggio a una persona del nostro team.',
  unsupportedLanguage:
    'Mi dispiace, posso rispondere in italiano, inglese, tedesco, spagnolo e francese. Una persona del nostro team leggerà il tuo messaggio.',
  events: {
    choose: 'A quale evento vuoi iscriverti?',
    listButton: 'Eventi',
    confirm: (title, from, to) => `Ti iscrivo a “${title}” (${from} – ${to})?`,
    yes: 'Sì, iscrivimi',
    no: 'No, grazie',
    cancelled: 'Nessun problema. Scrivimi quando vuoi.',
    noneOpen:
      'In questo momento non ci sono eventi aperti alle iscrizioni. Sarò felice di iscriverti al prossimo!',
    registered: (title, eventUrl, personalUrl) =>
      `Sei iscritto/a a “${title}”. Grazie!\nL’evento: ${eventUrl}\nIl tuo link personale per registrare le attività: ${personalUrl}\nOppure scrivimi qui, per esempio "ho corso 5 km".`,
    alreadyRegistered: (title, eventUrl, personalUrl) =>
      `Sei già iscritto/a a “${title}”.\nL’evento: ${eventUrl}\nIl tuo link personale: ${personalUrl}`,
    notRegistered: 'Non sei ancora iscritto/a a un evento.',
    which: 'Sei iscritto/a a più di un evento: per quale vale questa attività?',
    askFigures: 'Quanta strada hai fatto, o per quanto tempo? Scrivi per esempio "5 km" o "30 min".',
    logged: (figures, date, title) => `Registrato: ${figures} il ${date} per “${title}”. Bravo/a!`,
    totals: (mine, everyone, goal) =>
      `Il tuo totale: ${mine}. Tutti insieme: ${everyone}${goal ? ` su un obiettivo di ${goal}` : ''}.`,
    tooFar: (max) => `Sono più di ${max} in una volta sola: puoi controllare e riscrivere la cifra?`,
    notPositive: 'Mi serve una distanza o un tempo maggiore di zero, per esempio "5 km" o "30 min".',
    dateOutside: (from, to) =>
      `L’evento va dal ${from} al ${to}: posso registrare solo attività di quei giorni.`,
    dateInFuture: 'Quella data deve ancora arrivare: scrivimi quando l’avrai fatto!',
    closed: (title) =>
      `“${title}” è chiuso: non si possono più registrare attività. Grazie per aver partecipato!`,
    notStarted: (title, from) => `“${title}” comincia il ${from}: registra le tue attività da quel giorno.`,
  },
};

const de: DialogueTexts = {
  greeting: (org) => `Hallo! Ich bin der Assistent von ${org}. Was kann ich für Sie tun?`,
  thanks: 'Vielen Dank! Kann ich sonst noch etwas für Sie tun?',
  menuPrompt: 'Wählen Sie eine Option oder schreiben Sie einfach Ihre Frage.',
  menuButton: 'Optionen',
  options: {
    donate: 'Spenden',
    status: 'Wo ist meine Spende',
    news: 'Neues vom Projekt',
    human: 'Mit einem Menschen',
  },
  askAmount:
    'Wie viel möchten Sie spenden? Wählen Sie einen Betrag oder schreiben Sie ihn (zum Beispiel „15 Euro“).',
  otherAmount: 'Anderer Betrag',
  writeAmount: 'Schreiben Sie den Betrag, den Sie spenden möchten (zum Beispiel „15 Euro“).',
  payLink: (amount, campaign, url) =>
    `Hier ist Ihr sicherer Link, um ${amount}${campaign ? ` für „${campaign}“` : ''} zu spenden:\n${url}\nEr ist 24 Stunden gültig. Vielen Dank!`,
  amountRange: (min, max) =>
    `Ich kann einen Link für Spenden von ${min} bis ${max} erstellen. Wie viel möchten Sie spenden?`,
  noDonations:
    'Ich finde keine Spende zu dieser Nummer. Wenn Sie mit einer anderen E-Mail-Adresse oder Nummer gespendet haben, schreiben Sie „mit einem Menschen sprechen“ und jemand aus unserem Team sieht nach.',
  statusIntro: 'Ihre letzten Spenden:',
  statusGift: (date, amount, campaign) => `• ${date}: ${amount}${campaign ? ` für „${campaign}“` : ''}`,
  statusSpent: (lines) => `  Bereits ausgegeben für: ${lines}`,
  statusSpentLine: (amount, what, date) => `${amount} für ${what} (${date})`,
  statusUnspent: (amount) => `  Noch nicht ausgegeben: ${amount}`,
  statusRefunded: (amount) => `  Erstattet: ${amount}`,
  statusTrack: (url) => `  Verfolgen: ${url}`,
  source: (title) => `Quelle: ${title}`,
  subscribed:
    'Erledigt: Sie erhalten unsere Neuigkeiten hier. Schreiben Sie jederzeit STOP, um sie abzubestellen.',
  unsubscribed: 'Erledigt: Sie erhalten unsere Neuigkeiten hier nicht mehr.',
  recurring: (amount, url) =>
    `Hier können Sie Ihre regelmäßige Spende von ${amount} ändern, pausieren oder beenden:\n${url}`,
  receipt: (date, amount, url) =>
    `Die Zuwendungsbestätigung für Ihre Spende von ${amount} vom ${date}:\n${url}`,
  handoffRequested:
    'Gern: Ich verbinde Sie mit einer Person aus unserem Team, die Ihnen hier so bald wie möglich antwortet.',
  handoffComplaint:
    'Das tut mir leid. Ich gebe Ihre Nachricht an eine Person aus unserem Team weiter, die Ihnen hier so bald wie möglich antwortet.',
  handoffGeneric:
    'Ich bin nicht sicher, ob ich das gut beantworten kann. Ich gebe Ihre Nachricht an eine Person aus unserem Team weiter.',
  notUnderstood: 'Entschuldigung, das habe ich nicht verstanden.',
  noWords: 'Wie kann ich Ihnen helfen?',
  onlyText: 'Ich kann nur Textnachrichten lesen: Ich gebe das an eine Person aus unserem Team weiter.',
  unsupportedLanguage:
    'Entschuldigung, ich antworte auf Deutsch, Englisch, Italienisch, Spanisch und Französisch. Eine Person aus unserem Team liest Ihre Nachricht.',
  events: {
    choose: 'Bei welcher Veranstaltung möchten Sie mitmachen?',
    listButton: 'Veranstaltungen',
    confirm: (title, from, to) => `Soll ich Sie für „${title}“ (${from} – ${to}) anmelden?`,
    yes: 'Ja, anmelden',
    no: 'Nein, danke',
    cancelled: 'Kein Problem. Schreiben Sie mir, wann immer Sie möchten.',
    noneOpen:
      'Im Moment ist keine Veranstaltung zur Anmeldung offen. Gern melde ich Sie bei der nächsten an!',
    registered: (title, eventUrl, personalUrl) =>
      `Sie sind für „${title}“ angemeldet. Vielen Dank!\nDie Veranstaltung: ${eventUrl}\nIhr persönlicher Link zum Eintragen Ihrer Aktivitäten: ${personalUrl}\nOder schreiben Sie mir einfach hier, zum Beispiel „bin 5 km gelaufen“.`,
    alreadyRegistered: (title, eventUrl, personalUrl) =>
      `Sie sind bereits für „${title}“ angemeldet.\nDie Veranstaltung: ${eventUrl}\nIhr persönlicher Link: ${personalUrl}`,
    notRegistered: 'Sie sind noch für keine Veranstaltung angemeldet.',
    which: 'Sie sind für mehrere Veranstaltungen angemeldet: Für welche gilt diese Aktivität?',
    askFigures:
      'Wie weit oder wie lange waren Sie unterwegs? Schreiben Sie zum Beispiel „5 km“ oder „30 min“.',
    logged: (figures, date, title) => `Eingetragen: ${figures} am ${date} für „${title}“. Stark!`,
    totals: (mine, everyone, goal) =>
      `Ihre Summe: ${mine}. Alle zusammen: ${everyone}${goal ? ` (Ziel: ${goal})` : ''}.`,
    tooFar: (max) =>
      `Das sind mehr als ${max} am Stück: Können Sie die Zahl prüfen und noch einmal schreiben?`,
    notPositive: 'Ich brauche eine Strecke oder Zeit größer als null, zum Beispiel „5 km“ oder „30 min“.',
    dateOutside: (from, to) =>
      `Die Veranstaltung läuft vom ${from} bis ${to}: Ich kann nur Aktivitäten dieser Tage eintragen.`,
    dateInFuture: 'Dieses Datum liegt noch in der Zukunft: Schreiben Sie mir, wenn Sie es geschafft haben!',
    closed: (title) =>
      `„${title}“ ist beendet, es können keine Aktivitäten mehr eingetragen werden. Danke fürs Mitmachen!`,
    notStarted: (title, from) => `„${title}“ beginnt am ${from}: Tragen Sie Ihre Aktivitäten ab dann ein.`,
  },
};

const es: DialogueTexts = {
  greeting: (org) => `¡Hola! Soy el asistente de ${org}. ¿Qué puedo hacer por ti?`,
  thanks: '¡Gracias a ti! ¿Puedo ayudarte en algo más?',
  menuPrompt: 'Elige una opción o escribe tu pregunta.',
  menuButton: 'Opciones',
  options: {
    donate: 'Hacer un donativo',
    status: 'Dónde está mi donativo',
    news: 'Noticias',
    human: 'Hablar con alguien',
  },
  askAmount: '¿Cuánto te gustaría donar? Elige un importe o escríbelo (por ejemplo "15 euros").',
  otherAmount: 'Otro importe',
  writeAmount: 'Escribe el importe que te gustaría donar (por ejemplo "15 euros").',
  payLink: (amount, campaign, url) =>
    `Aquí tienes tu enlace seguro para donar ${amount}${campaign ? ` a “${campaign}”` : ''}:\n${url}\nEs válido durante 24 horas. ¡Gracias!`,
  amountRange: (min, max) =>
    `Puedo preparar un enlace para donativos de ${min} a ${max}. ¿Cuánto te gustaría donar?`,
  noDonations:
    'No encuentro donativos vinculados a este número. Si donaste con otro correo o número, escribe "hablar con una persona" y alguien de nuestro equipo lo revisará.',
  statusIntro: 'Tus últimos donativos:',
  statusGift: (date, amount, campaign) => `• ${date}: ${amount}${campaign ? ` para “${campaign}”` : ''}`,
  statusSpent: (lines) => `  Ya gastado en: ${lines}`,
  statusSpentLine: (amount, what, date) => `${amount} para ${what} (${date})`,
  statusUnspent: (amount) => `  Aún por gastar: ${amount}`,
  statusRefunded: (amount) => `  Reembolsado: ${amount}`,
  statusTrack: (url) => `  Síguelo: ${url}`,
  source: (title) => `Fuente: ${title}`,
  subscribed:
    'Hecho: recibirás nuestras noticias aquí. Escribe STOP cuando quieras para dejar de recibirlas.',
  unsubscribed: 'Hecho: ya no recibirás nuestras noticias aquí.',
  recurring: (amount, url) =>
    `Puedes cambiar, pausar o cancelar tu donativo periódico de ${amount} aquí:\n${url}`,
  receipt: (date, amount, url) => `El recibo de tu donativo de ${amount} del ${date}:\n${url}`,
  handoffRequested:
    'Claro: te paso con una persona de nuestro equipo, que te responderá aquí lo antes posible.',
  handoffComplaint:
    'Lo siento mucho. Paso tu mensaje a una persona de nuestro equipo, que te responderá aquí lo antes posible.',
  handoffGeneric:
    'No estoy seguro de poder responder bien, así que paso tu mensaje a una persona de nuestro equipo, que te responderá aquí.',
  notUnderstood: 'Perdona, no lo he entendido.',
  noWords: '¿Cómo puedo ayudarte?',
  onlyText: 'Solo puedo leer mensajes de texto: paso esto a una persona de nuestro equipo.',
  unsupportedLanguage:
    'Lo siento, respondo en español, inglés, italiano, alemán y francés. Una persona de nuestro equipo leerá tu mensaje.',
  events: {
    choose: '¿En qué evento te gustaría participar?',
    listButton: 'Eventos',
    confirm: (title, from, to) => `¿Te inscribo en “${title}” (${from} – ${to})?`,
    yes: 'Sí, inscríbeme',
    no: 'No, gracias',
    cancelled: 'Sin problema. Escríbeme cuando quieras.',
    noneOpen:
      'Ahora mismo no hay ningún evento con inscripciones abiertas. ¡Con gusto te inscribo en el próximo!',
    registered: (title, eventUrl, personalUrl) =>
      `Ya estás inscrito/a en “${title}”. ¡Gracias!\nEl evento: ${eventUrl}\nTu enlace personal para registrar tus actividades: ${personalUrl}\nO escríbeme aquí, por ejemplo "he corrido 5 km".`,
    alreadyRegistered: (title, eventUrl, personalUrl) =>
      `Ya estabas inscrito/a en “${title}”.\nEl evento: ${eventUrl}\nTu enlace personal: ${personalUrl}`,
    notRegistered: 'Todavía no estás inscrito/a en ningún evento.',
    which: 'Estás inscrito/a en más de un evento: ¿para cuál es esta actividad?',
    askFigures: '¿Cuánta distancia o cuánto tiempo? Escribe por ejemplo "5 km" o "30 min".',
    logged: (figures, date, title) => `Registrado: ${figures} el ${date} para “${title}”. ¡Muy bien!`,
    totals: (mine, everyone, goal) =>
      `Tu total: ${mine}. Entre todos: ${everyone}${goal ? ` de un objetivo de ${goal}` : ''}.`,
    tooFar: (max) => `Son más de ${max} de una vez: ¿puedes comprobar la cifra y escribirla de nuevo?`,
    notPositive: 'Necesito una distancia o un tiempo mayor que cero, por ejemplo "5 km" o "30 min".',
    dateOutside: (from, to) =>
      `El evento va del ${from} al ${to}: solo puedo registrar actividades de esos días.`,
    dateInFuture: 'Esa fecha todavía no ha llegado: ¡escríbeme cuando lo hayas hecho!',
    closed: (title) =>
      `“${title}” está cerrado y ya no se pueden registrar actividades. ¡Gracias por participar!`,
    notStarted: (title, from) =>
      `“${title}” empieza el ${from}: registra tus actividades a partir de ese día.`,
  },
};

const fr: DialogueTexts = {
  greeting: (org) => `Bonjour ! Je suis l’assistant de ${org}. Que puis-je faire pour vous ?`,
  thanks: 'Merci à vous ! Puis-je faire autre chose pour vous ?',
  menuPrompt: 'Choisissez une option, ou écrivez simplement votre question.',
  menuButton: 'Options',
  options: {
    donate: 'Faire un don',
    status: 'Où va mon don',
    news: 'Nouvelles du projet',
    human: 'Parler à quelqu’un',
  },
  askAmount:
    'Combien souhaitez-vous donner ? Choisissez un montant, ou écrivez-le (par exemple « 15 euros »).',
  otherAmount: 'Autre montant',
  writeAmount: 'Écrivez le montant que vous souhaitez donner (par exemple « 15 euros »).',
  payLink: (amount, campaign, url) =>
    `Voici votre lien sécurisé pour donner ${amount}${campaign ? ` à « ${campaign} »` : ''} :\n${url}\nIl reste valable 24 heures. Merci !`,
  amountRange: (min, max) =>
    `Je peux préparer un lien pour des dons de ${min} à ${max}. Combien souhaitez-vous donner ?`,
  noDonations:
    'Je ne trouve aucun don lié à ce numéro. Si vous avez donné avec une autre adresse e-mail ou un autre numéro, écrivez « parler à une personne » et quelqu’un de notre équipe vérifiera.',
  statusIntro: 'Vos derniers dons :',
  statusGift: (date, amount, campaign) => `• ${date} : ${amount}${campaign ? ` pour « ${campaign} »` : ''}`,
  statusSpent: (lines) => `  Déjà dépensé pour : ${lines}`,
  statusSpentLine: (amount, what, date) => `${amount} pour ${what} (${date})`,
  statusUnspent: (amount) => `  Reste à dépenser : ${amount}`,
  statusRefunded: (amount) => `  Remboursé : ${amount}`,
  statusTrack: (url) => `  Suivez-le : ${url}`,
  source: (title) => `Source : ${title}`,
  subscribed:
    'C’est fait : vous recevrez nos nouvelles ici. Écrivez STOP à tout moment pour ne plus les recevoir.',
  unsubscribed: 'C’est fait : vous ne recevrez plus nos nouvelles ici.',
  recurring: (amount, url) =>
    `Vous pouvez modifier, suspendre ou annuler votre don régulier de ${amount} ici :\n${url}`,
  receipt: (date, amount, url) => `Le reçu de votre don de ${amount} du ${date} :\n${url}`,
  handoffRequested:
    'Bien sûr : je vous mets en relation avec une personne de notre équipe, qui vous répondra ici dès que possible.',
  handoffComplaint:
    'Je suis désolé. Je transmets votre message à une personne de notre équipe, qui vous répondra ici dès que possible.',
  handoffGeneric:
    'Je ne suis pas sûr de pouvoir bien répondre, je transmets donc votre message à une personne de notre équipe.',
  notUnderstood: 'Désolé, je n’ai pas compris.',
  noWords: 'Comment puis-je vous aider ?',
  onlyText: 'Je ne peux lire que les messages texte : je transmets ceci à une personne de notre équipe.',
  unsupportedLanguage:
    'Désolé, je réponds en français, anglais, italien, allemand et espagnol. Une personne de notre équipe lira votre message.',
  events: {
    choose: 'À quel événement souhaitez-vous participer ?',
    listButton: 'Événements',
    confirm: (title, from, to) => `Je vous inscris à « ${title} » (${from} – ${to}) ?`,
    yes: 'Oui, inscrivez-moi',
    no: 'Non, merci',
    cancelled: 'Pas de souci. Écrivez-moi quand vous voulez.',
    noneOpen:
      'Aucun événement n’est ouvert aux inscriptions pour le moment. Je vous inscrirai volontiers au prochain !',
    registered: (title, eventUrl, personalUrl) =>
      `Vous êtes inscrit·e à « ${title} ». Merci !\nL’événement : ${eventUrl}\nVotre lien personnel pour enregistrer vos activités : ${personalUrl}\nOu écrivez-moi ici, par exemple « j’ai couru 5 km ».`,
    alreadyRegistered: (title, eventUrl, personalUrl) =>
      `Vous êtes déjà inscrit·e à « ${title} ».\nL’événement : ${eventUrl}\nVotre lien personnel : ${personalUrl}`,
    notRegistered: 'Vous n’êtes encore inscrit·e à aucun événement.',
    which: 'Vous êtes inscrit·e à plusieurs événements : pour lequel est cette activité ?',
    askFigures: 'Quelle distance, ou combien de temps ? Écrivez par exemple « 5 km » ou « 30 min ».',
    logged: (figures, date, title) => `Enregistré : ${figures} le ${date} pour « ${title} ». Bravo !`,
    totals: (mine, everyone, goal) =>
      `Votre total : ${mine}. Tous ensemble : ${everyone}${goal ? ` sur un objectif de ${goal}` : ''}.`,
    tooFar: (max) => `C’est plus de ${max} d’un coup : pouvez-vous vérifier le chiffre et le réécrire ?`,
    notPositive:
      'Il me faut une distance ou une durée supérieure à zéro, par exemple « 5 km » ou « 30 min ».',
    dateOutside: (from, to) =>
      `L’événement a lieu du ${from} au ${to} : je ne peux enregistrer que les activités de ces jours-là.`,
    dateInFuture: 'Cette date n’est pas encore arrivée : écrivez-moi quand ce sera fait !',
    closed: (title) =>
      `« ${title} » est terminé : on ne peut plus enregistrer d’activités. Merci d’avoir participé !`,
    notStarted: (title, from) =>
      `« ${title} » commence le ${from} : enregistrez vos activités à partir de ce jour.`,
  },
};

export const DIALOGUE_TEXTS: Readonly<Record<BotLanguage, DialogueTexts>> = Object.freeze({
  en,
  it,
  de,
  es,
  fr,
});
