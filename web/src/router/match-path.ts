// Route tables and matching for the History API router. A pattern is a path whose `:name` segments
// capture one URL segment each; trailing slashes never matter.

export interface RouteDefinition<Id extends string = string> {
  readonly id: Id;
  readonly path: string;
}

export interface RouteMatch<Id extends string = string> {
  readonly id: Id;
  readonly params: Readonly<Record<string, string>>;
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The captured params if `pathname` matches `pattern`, otherwise null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const wanted = segments(pattern);
  const actual = segments(pathname);
  if (wanted.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null; // a malformed %-escape matches nothing rather than throwing
      }
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}

/** The first route whose pattern matches, in table order. */
export function matchRoutes<Id extends string>(
  routes: readonly RouteDefinition<Id>[],
  pathname: string,
): RouteMatch<Id> | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { id: route.id, params };
  }
  return null;
}

/** Fills a pattern's `:name` segments, encoding each value. */
export function buildPath(pattern: string, params: Readonly<Record<string, string>> = {}): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing route parameter "${name}" for ${pattern}`);
    return encodeURIComponent(value);
  });
}
