// Hands the one ApiClient of the page to every component; tests provide one with a fake fetch.
import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../api';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({
  client,
  children,
}: {
  readonly client: ApiClient;
  readonly children: ReactNode;
}) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() must be used inside <ApiProvider>');
  return client;
}
