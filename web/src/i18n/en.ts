// English: the reference catalogue. Its keys and {placeholders} define the type that it.ts and de.ts
// must match exactly, so a missing or extra string fails the type check, not a user's screen.
export const en = {
  'app.name': 'Filo',
  'app.tagline': 'Open-source software for nonprofits',

  'common.language': 'Language',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.skipToContent': 'Skip to main content',
  'common.updatedAt': 'Updated {time}',

  'errors.generic': 'Something went wrong. Please try again.',
  'errors.network': 'Filo cannot be reached. Check your connection and try again.',
  'errors.reference': 'Reference: {requestId}',

  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in to look after your organisation’s supporters, campaigns and accounts.',
  'signIn.email': 'E-mail',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.invalidCredentials': 'The e-mail or the password is not correct.',
  'signIn.rateLimited': 'Too many attempts. Please wait a few minutes, then try again.',
  'signIn.sessionExpired': 'Your session has ended. Please sign in again.',
  'signIn.signedOut': 'You have signed out.',

  'shell.menu': 'Menu',
  'shell.navigation': 'Main navigation',
  'shell.account': 'Your account',
  'shell.signOut': 'Sign out',

  'nav.dashboard': 'Dashboard',
  'nav.supporters': 'Supporters',
  'nav.campaigns': 'Campaigns',
  'nav.projects': 'Projects',
  'nav.inbox': 'Inbox',
  'nav.ledger': 'Ledger',
  'nav.settings': 'Settings',

  'role.owner': 'Owner',
  'role.fundraiser': 'Fundraiser',
  'role.agent': 'Agent',
  'role.accountant': 'Accountant',
  'role.auditor': 'Auditor',

  'dashboard.title': 'Dashboard',
  'dashboard.totals': 'At a glance',
  'dashboard.campaigns': 'Campaigns',
  'dashboard.noCampaigns': 'No campaigns yet.',
  'dashboard.projects': 'Projects',
  'dashboard.noProjects': 'No projects yet.',

  'totals.supporters': 'Supporters',
  'totals.campaigns': 'Campaigns',
  'totals.projects': 'Projects',
  'totals.whatsappOptIns': 'WhatsApp opt-ins',
  'totals.emailOptIns': 'E-mail opt-ins',

  'campaign.raisedOfGoal': '{raised} raised of {goal}',
  'campaign.raised': '{raised} raised',
  'campaign.percentOfGoal': '{percent} of the goal',

  'soon.supporters.lead': 'Coming with supporter management',
  'soon.supporters.body': 'Supporters, their consents, tags and segments will be kept here.',
  'soon.campaigns.lead': 'Coming with campaign management',
  'soon.campaigns.body': 'Create fundraising campaigns, set goals and send updates from here.',
  'soon.projects.lead': 'Coming with project management',
  'soon.projects.body': 'The projects that donations fund, and what each has spent, will be listed here.',
  'soon.inbox.lead': 'Coming with the shared inbox',
  'soon.inbox.body': 'Conversations that the assistant hands over to a person will wait for you here.',
  'soon.ledger.lead': 'Coming with the ledger',
  'soon.ledger.body':
    'Donations, allocations and expenses, each traced to the public log, will be shown here.',
  'soon.settings.lead': 'Coming with organisation settings',
  'soon.settings.body':
    'Your organisation’s profile, users, channels and payment providers will be set up here.',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is nothing at this address. It may have moved, or the link may be mistyped.',
  'notFound.toDashboard': 'Go to the dashboard',
  'notFound.toHome': 'Go to the home page',

  'public.campaigns': 'Our campaigns',
  'public.noCampaigns': 'There are no open campaigns at the moment.',
  'public.projects': 'Our projects',
  'public.noProjects': 'Our projects will be listed here soon.',
  'public.loadFailed': 'This page could not be loaded.',
  'public.staffSignIn': 'Staff sign-in',
  'public.poweredBy': 'Powered by Filo, open-source software for nonprofits',
} as const;
