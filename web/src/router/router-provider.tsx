// React binding for the router: one provider holds the history; pages read the path and navigate
// through hooks, and <Link> renders a real <a href> that navigates without a page load.
import {
  createContext,
  useContext,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { RouterHistory } from './history';

const RouterContext = createContext<RouterHistory | null>(null);

export function RouterProvider({ history, children }: { history: RouterHistory; children: ReactNode }) {
  return <RouterContext.Provider value={history}>{children}</RouterContext.Provider>;
}

function useHistory(): RouterHistory {
  const history = useContext(RouterContext);
  if (!history) throw new Error('Router hooks must be used inside <RouterProvider>');
  return history;
}

export function usePathname(): string {
  const history = useHistory();
  return useSyncExternalStore(history.subscribe, history.pathname, history.pathname);
}

export interface Navigate {
  (to: string, options?: { replace?: boolean }): void;
}

export function useNavigate(): Navigate {
  const history = useHistory();
  return (to, options) => (options?.replace ? history.replace(to) : history.push(to));
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  readonly to: string;
}

function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function Link({ to, onClick, target, ...rest }: LinkProps) {
  const navigate = useNavigate();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    // Let the browser handle new tabs, downloads and modified clicks as it would any link.
    if (event.defaultPrevented || !isPlainLeftClick(event) || (target && target !== '_self')) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} target={target} onClick={handleClick} {...rest} />;
}
