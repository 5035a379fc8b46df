// The HTTP edge: Fastify app assembly, authentication and access rules, the error catalogue's wire
// form, OpenAPI. `buildApp` returns the app; only the CLI calls listen.
export { buildApp, loggerOptions, type BuildAppOptions } from './app';
export type { AppContext, QueueHealthSource } from './context';
export { SESSION_COOKIE, type RouteAccess, type Access } from './auth';
