// The admin app's pages, in navigation order. Each section that is not built yet says which
// feature brings it, rather than showing made-up data.
import type { PlainMessageKey } from '../i18n';
import type { RouteDefinition } from '../router';
import type { IconName } from '../ui';

export const ADMIN_BASE = '/admin/';

export const ADMIN_ROUTES = [
  { id: 'dashboard', path: '/admin' },
  { id: 'supporters', path: '/admin/supporters' },
  { id: 'supporter', path: '/admin/supporters/:id' },
  { id: 'campaigns', path: '/admin/campaigns' },
  { id: 'events', path: '/admin/events' },
  { id: 'projects', path: '/admin/projects' },
  { id: 'inbox', path: '/admin/inbox' },
  { id: 'ledger', path: '/admin/ledger' },
  { id: 'receipts', path: '/admin/receipts' },
  { id: 'reconciliation', path: '/admin/reconciliation' },
  { id: 'directDebits', path: '/admin/direct-debits' },
  { id: 'knowledge', path: '/admin/knowledge' },
  { id: 'assistant', path: '/admin/assistant' },
  { id: 'settings', path: '/admin/settings' },
] as const satisfies readonly RouteDefinition[];

export type AdminRouteId = (typeof ADMIN_ROUTES)[number]['id'];
export type ComingSoonSection = Exclude<
  AdminRouteId,
  | 'dashboard'
  | 'receipts'
  | 'reconciliation'
  | 'directDebits'
  | 'knowledge'
  | 'assistant'
  | 'supporters'
  | 'supporter'
  | 'campaigns'
  | 'events'
>;

export interface NavItem {
  readonly id: AdminRouteId;
  readonly href: string;
  readonly label: PlainMessageKey;
  readonly icon: IconName;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'dashboard', href: ADMIN_BASE, label: 'nav.dashboard', icon: 'dashboard' },
  { id: 'supporters', href: '/admin/supporters', label: 'nav.supporters', icon: 'supporters' },
  { id: 'campaigns', href: '/admin/campaigns', label: 'nav.campaigns', icon: 'campaigns' },
  { id: 'events', href: '/admin/events', label: 'nav.events', icon: 'campaigns' },
  { id: 'projects', href: '/admin/projects', label: 'nav.projects', icon: 'projects' },
  { id: 'inbox', href: '/admin/inbox', label: 'nav.inbox', icon: 'inbox' },
  { id: 'ledger', href: '/admin/ledger', label: 'nav.ledger', icon: 'ledger' },
  { id: 'receipts', href: '/admin/receipts', label: 'nav.receipts', icon: 'ledger' },
  { id: 'reconciliation', href: '/admin/reconciliation', label: 'nav.reconciliation', icon: 'ledger' },
  { id: 'directDebits', href: '/admin/direct-debits', label: 'nav.directDebits', icon: 'ledger' },
  { id: 'knowledge', href: '/admin/knowledge', label: 'nav.knowledge', icon: 'inbox' },
  { id: 'assistant', href: '/admin/assistant', label: 'nav.assistant', icon: 'inbox' },
  { id: 'settings', href: '/admin/settings', label: 'nav.settings', icon: 'settings' },
];

export const COMING_SOON: Readonly<
  Record<ComingSoonSection, { readonly lead: PlainMessageKey; readonly body: PlainMessageKey }>
> = {
  projects: { lead: 'soon.projects.lead', body: 'soon.projects.body' },
  inbox: { lead: 'soon.inbox.lead', body: 'soon.inbox.body' },
  ledger: { lead: 'soon.ledger.lead', body: 'soon.ledger.body' },
  settings: { lead: 'soon.settings.lead', body: 'soon.settings.body' },
};
