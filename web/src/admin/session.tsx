// The signed-in user, shared by the shell and the pages. A request that comes back 401 means the
// session ended on the server (expired, signed out elsewhere): the app returns to the sign-in page.
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { isApiError, type User } from '../api';
import { useRequest, type RequestOptions, type RequestState } from '../ui';

export interface SessionContextValue {
  readonly user: User;
  readonly signOut: () => Promise<void>;
  readonly expire: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() must be used inside <SessionProvider>');
  return session;
}

/** useRequest for signed-in pages: a 401 ends the session instead of showing an error. */
export function useSessionRequest<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: RequestOptions = {},
): RequestState<T> & { readonly retry: () => void } {
  const { expire } = useSession();
  const state = useRequest(load, options);
  const expired = state.status === 'failed' && isApiError(state.error) && state.error.statusCode === 401;
  useEffect(() => {
    if (expired) expire();
  }, [expired, expire]);
  return state;
}
