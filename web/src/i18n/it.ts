// Italiano.
import type { Catalogue } from './catalogue';

export const it = {
  'app.name': 'Filo',
  'app.tagline': 'Software open source per il Terzo Settore',

  'common.language': 'Lingua',
  'common.loading': 'Caricamento…',
  'common.retry': 'Riprova',
  'common.skipToContent': 'Vai al contenuto principale',
  'common.updatedAt': 'Aggiornato: {time}',

  'errors.generic': 'Qualcosa è andato storto. Riprova.',
  'errors.network': 'Impossibile raggiungere Filo. Controlla la connessione e riprova.',
  'errors.reference': 'Riferimento: {requestId}',

  'signIn.title': 'Accedi',
  'signIn.intro': 'Accedi per seguire sostenitori, campagne e conti della tua organizzazione.',
  'signIn.email': 'E-mail',
  'signIn.password': 'Password',
  'signIn.submit': 'Accedi',
  'signIn.submitting': 'Accesso in corso…',
  'signIn.invalidCredentials': 'L’e-mail o la password non sono corrette.',
  'signIn.rateLimited': 'Troppi tentativi. Attendi qualche minuto e riprova.',
  'signIn.sessionExpired': 'La sessione è scaduta. Accedi di nuovo.',
  'signIn.signedOut': 'Sei uscito da Filo.',

  'shell.menu': 'Menu',
  'shell.navigation': 'Navigazione principale',
  'shell.account': 'Il tuo account',
  'shell.signOut': 'Esci',

  'nav.dashboard': 'Panoramica',
  'nav.supporters': 'Sostenitori',
  'nav.campaigns': 'Campagne',
  'nav.projects': 'Progetti',
  'nav.inbox': 'Messaggi',
  'nav.ledger': 'Contabilità',
  'nav.settings': 'Impostazioni',

  'role.owner': 'Titolare',
  'role.fundraiser': 'Fundraiser',
  'role.agent': 'Operatore',
  'role.accountant': 'Contabile',
  'role.auditor': 'Revisore',

  'dashboard.title': 'Panoramica',
  'dashboard.totals': 'In sintesi',
  'dashboard.campaigns': 'Campagne',
  'dashboard.noCampaigns': 'Ancora nessuna campagna.',
  'dashboard.projects': 'Progetti',
  'dashboard.noProjects': 'Ancora nessun progetto.',

  'totals.supporters': 'Sostenitori',
  'totals.campaigns': 'Campagne',
  'totals.projects': 'Progetti',
  'totals.whatsappOptIns': 'Consensi WhatsApp',
  'totals.emailOptIns': 'Consensi e-mail',
  'giving.raised': 'Raccolti',
  'giving.donations': 'Donazioni',
  'giving.spent': 'Spesi nei progetti',
  'giving.unspent': 'Ancora da spendere',

  'campaign.raisedOfGoal': '{raised} raccolti su {goal}',
  'campaign.raised': '{raised} raccolti',
  'campaign.percentOfGoal': '{percent} dell’obiettivo',

  'soon.supporters.lead': 'In arrivo con la gestione dei sostenitori',
  'soon.supporters.body': 'Qui troverai i sostenitori, i loro consensi, le etichette e i segmenti.',
  'soon.campaigns.lead': 'In arrivo con la gestione delle campagne',
  'soon.campaigns.body':
    'Da qui creerai campagne di raccolta fondi, fisserai obiettivi e invierai aggiornamenti.',
  'soon.projects.lead': 'In arrivo con la gestione dei progetti',
  'soon.projects.body':
    'Qui saranno elencati i progetti finanziati dalle donazioni e quanto ha speso ciascuno.',
  'soon.inbox.lead': 'In arrivo con la casella condivisa',
  'soon.inbox.body': 'Qui ti aspetteranno le conversazioni che l’assistente passa a una persona.',
  'soon.ledger.lead': 'In arrivo con la contabilità',
  'soon.ledger.body': 'Qui vedrai donazioni, assegnazioni e spese, ciascuna tracciata nel registro pubblico.',
  'soon.settings.lead': 'In arrivo con le impostazioni dell’organizzazione',
  'soon.settings.body':
    'Qui configurerai profilo, utenti, canali e sistemi di pagamento della tua organizzazione.',

  'notFound.title': 'Pagina non trovata',
  'notFound.body':
    'A questo indirizzo non c’è nulla. La pagina potrebbe essere stata spostata o il link contenere un errore.',
  'notFound.toDashboard': 'Vai alla panoramica',
  'notFound.toHome': 'Vai alla home page',

  'public.campaigns': 'Le nostre campagne',
  'public.noCampaigns': 'Al momento non ci sono campagne aperte.',
  'public.projects': 'I nostri progetti',
  'public.noProjects': 'Presto qui troverai i nostri progetti.',
  'public.loadFailed': 'Non è stato possibile caricare questa pagina.',
  'public.staffSignIn': 'Accesso staff',
  'public.poweredBy': 'Realizzato con Filo, software open source per il Terzo Settore',
} as const satisfies Catalogue;
