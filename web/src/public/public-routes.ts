// The public site's pages. Later features hang their pages here, for example
// { id: 'donate', path: '/donate/:campaign' }, { id: 'track', path: '/track/:receipt' } and
// { id: 'transparency', path: '/transparency' }, each with a case in PublicPage.
import type { RouteDefinition } from '../router';

export const PUBLIC_ROUTES = [
  { id: 'home', path: '/' },
  // The WhatsApp sandbox's phone (demo only): chat with the organisation as a supporter would.
  { id: 'phone', path: '/sandbox/phone' },
] as const satisfies readonly RouteDefinition[];

export type PublicRouteId = (typeof PUBLIC_ROUTES)[number]['id'];
