// Deutsch.
import type { Catalogue } from './catalogue';

export const de = {
  'app.name': 'Filo',
  'app.tagline': 'Open-Source-Software für gemeinnützige Organisationen',

  'common.language': 'Sprache',
  'common.loading': 'Wird geladen …',
  'common.retry': 'Erneut versuchen',
  'common.skipToContent': 'Zum Hauptinhalt springen',
  'common.updatedAt': 'Aktualisiert: {time}',

  'errors.generic': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  'errors.network': 'Filo ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'errors.reference': 'Referenz: {requestId}',

  'signIn.title': 'Anmelden',
  'signIn.intro':
    'Melden Sie sich an, um Unterstützer, Kampagnen und Finanzen Ihrer Organisation zu betreuen.',
  'signIn.email': 'E-Mail',
  'signIn.password': 'Passwort',
  'signIn.submit': 'Anmelden',
  'signIn.submitting': 'Anmeldung läuft …',
  'signIn.invalidCredentials': 'E-Mail-Adresse oder Passwort ist nicht korrekt.',
  'signIn.rateLimited':
    'Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  'signIn.sessionExpired': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  'signIn.signedOut': 'Sie haben sich abgemeldet.',

  'shell.menu': 'Menü',
  'shell.navigation': 'Hauptnavigation',
  'shell.account': 'Ihr Konto',
  'shell.signOut': 'Abmelden',

  'nav.dashboard': 'Übersicht',
  'nav.supporters': 'Unterstützer',
  'nav.campaigns': 'Kampagnen',
  'nav.projects': 'Projekte',
  'nav.inbox': 'Posteingang',
  'nav.ledger': 'Buchhaltung',
  'nav.settings': 'Einstellungen',

  'role.owner': 'Inhaber',
  'role.fundraiser': 'Fundraiser',
  'role.agent': 'Bearbeiter',
  'role.accountant': 'Buchhaltung',
  'role.auditor': 'Prüfer',

  'dashboard.title': 'Übersicht',
  'dashboard.totals': 'Auf einen Blick',
  'dashboard.campaigns': 'Kampagnen',
  'dashboard.noCampaigns': 'Noch keine Kampagnen.',
  'dashboard.projects': 'Projekte',
  'dashboard.noProjects': 'Noch keine Projekte.',

  'totals.supporters': 'Unterstützer',
  'totals.campaigns': 'Kampagnen',
  'totals.projects': 'Projekte',
  'totals.whatsappOptIns': 'WhatsApp-Einwilligungen',
  'totals.emailOptIns': 'E-Mail-Einwilligungen',
  'giving.raised': 'Gesammelt',
  'giving.donations': 'Spenden',
  'giving.spent': 'In Projekten ausgegeben',
  'giving.unspent': 'Noch nicht ausgegeben',

  'campaign.raisedOfGoal': '{raised} von {goal} gesammelt',
  'campaign.raised': '{raised} gesammelt',
  'campaign.percentOfGoal': '{percent} des Ziels',

  'soon.supporters.lead': 'Kommt mit der Unterstützerverwaltung',
  'soon.supporters.body': 'Hier finden Sie Unterstützer, ihre Einwilligungen, Schlagwörter und Segmente.',
  'soon.campaigns.lead': 'Kommt mit der Kampagnenverwaltung',
  'soon.campaigns.body': 'Hier legen Sie Spendenkampagnen an, setzen Ziele und versenden Neuigkeiten.',
  'soon.projects.lead': 'Kommt mit der Projektverwaltung',
  'soon.projects.body': 'Hier stehen die Projekte, die Spenden finanzieren, und was jedes ausgegeben hat.',
  'soon.inbox.lead': 'Kommt mit dem gemeinsamen Posteingang',
  'soon.inbox.body': 'Hier warten Gespräche auf Sie, die der Assistent an einen Menschen übergibt.',
  'soon.ledger.lead': 'Kommt mit der Buchhaltung',
  'soon.ledger.body':
    'Hier sehen Sie Spenden, Zuordnungen und Ausgaben, jeweils im öffentlichen Protokoll nachvollziehbar.',
  'soon.settings.lead': 'Kommt mit den Organisationseinstellungen',
  'soon.settings.body':
    'Hier richten Sie Profil, Benutzer, Kanäle und Zahlungsanbieter Ihrer Organisation ein.',

  'notFound.title': 'Seite nicht gefunden',
  'notFound.body':
    'Unter dieser Adresse gibt es nichts. Die Seite wurde vielleicht verschoben oder der Link ist fehlerhaft.',
  'notFound.toDashboard': 'Zur Übersicht',
  'notFound.toHome': 'Zur Startseite',

  'public.campaigns': 'Unsere Kampagnen',
  'public.noCampaigns': 'Zurzeit gibt es keine laufenden Kampagnen.',
  'public.projects': 'Unsere Projekte',
  'public.noProjects': 'Unsere Projekte werden hier bald vorgestellt.',
  'public.loadFailed': 'Diese Seite konnte nicht geladen werden.',
  'public.staffSignIn': 'Anmeldung für Mitarbeitende',
  'public.poweredBy': 'Betrieben mit Filo, Open-Source-Software für gemeinnützige Organisationen',
} as const satisfies Catalogue;
