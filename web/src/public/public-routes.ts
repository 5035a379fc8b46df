// The public site's pages. Later features hang their pages here, for example
// { id: 'donate', path: '/donate/:campaign' }, { id: 'track', path: '/track/:receipt' } and
// { id: 'transparency', path: '/transparency' }, each with a case in PublicPage.
import type { RouteDefinition } from '../router';

export const PUBLIC_ROUTES = [{ id: 'home', path: '/' }] as const satisfies readonly RouteDefinition[];

export type PublicRouteId = (typeof PUBLIC_ROUTES)[number]['id'];
