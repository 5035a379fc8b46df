// The source of the current location. The browser one wraps the History API; the memory one lets
// tests and server-side rendering drive a router without a window.

export interface RouterHistory {
  readonly pathname: () => string;
  readonly push: (to: string) => void;
  readonly replace: (to: string) => void;
  /** Calls the listener after every change; returns the unsubscribe function. */
  readonly subscribe: (listener: () => void) => () => void;
}

export function createBrowserHistory(win: Window = window): RouterHistory {
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  win.addEventListener('popstate', notify);
  return {
    pathname: () => win.location.pathname,
    push: (to) => {
      win.history.pushState(null, '', to);
      notify();
    },
    replace: (to) => {
      win.history.replaceState(null, '', to);
      notify();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createMemoryHistory(initial = '/'): RouterHistory & { readonly entries: readonly string[] } {
  const entries = [initial];
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  return {
    entries,
    pathname: () => new URL(entries[entries.length - 1] ?? '/', 'http://memory').pathname,
    push: (to) => {
      entries.push(to);
      notify();
    },
    replace: (to) => {
      entries[entries.length - 1] = to;
      notify();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
