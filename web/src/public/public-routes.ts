// The public site's pages. Later features hang their pages here, for example
// { id: 'donate', path: '/donate/:campaign' }, { id: 'track', path: '/track/:receipt' } and
// { id: 'transparency', path: '/transparency' }, each with a case in PublicPage.
import type { RouteDefinition } from '../router';

export const PUBLIC_ROUTES = [
  { id: 'home', path: '/' },
  // The WhatsApp sandbox's phone (demo only): chat with the organisation as a supporter would.
  { id: 'phone', path: '/sandbox/phone' },
  // Traceability: a donor's gift by its receipt code, and the organisation's public accounts.
  { id: 'track', path: '/track/:code' },
  { id: 'transparency', path: '/transparency' },
  // Giving: the fixed /donate/... pages come before /donate/:campaign, which would match them too.
  { id: 'donateLinkExpired', path: '/donate/link-expired' },
  { id: 'donateThanks', path: '/donate/thanks/:checkout' },
  { id: 'recurring', path: '/donate/manage/:token' },
  { id: 'recurringAlias', path: '/recurring/:token' },
  { id: 'donate', path: '/donate/:campaign' },
  { id: 'checkoutSandbox', path: '/checkout/sandbox/:session' },
  // Virtual events: what is on, an event's page, and a participant's own page (their personal link).
  { id: 'events', path: '/events' },
  { id: 'eventMine', path: '/events/me/:token' },
  { id: 'event', path: '/events/:slug' },
] as const satisfies readonly RouteDefinition[];

export type PublicRouteId = (typeof PUBLIC_ROUTES)[number]['id'];
