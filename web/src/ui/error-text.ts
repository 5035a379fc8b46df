// Which sentence to show for a failed request. Codes come from the server's error catalogue or the
// API client; anything unknown gets the generic sentence plus its request id for support.
import { CLIENT_ERROR_CODES, isApiError } from '../api';
import type { PlainMessageKey } from '../i18n';

const KNOWN: Readonly<Record<string, PlainMessageKey>> = Object.freeze({
  AUTH_INVALID_CREDENTIALS: 'signIn.invalidCredentials',
  AUTH_RATE_LIMITED: 'signIn.rateLimited',
  AUTH_REQUIRED: 'signIn.sessionExpired',
  [CLIENT_ERROR_CODES.NETWORK_ERROR]: 'errors.network',
});

export interface ErrorText {
  readonly key: PlainMessageKey;
  readonly requestId: string | null;
}

export function errorText(error: unknown): ErrorText {
  if (!isApiError(error)) return { key: 'errors.generic', requestId: null };
  const key = KNOWN[error.code];
  return key ? { key, requestId: null } : { key: 'errors.generic', requestId: error.requestId };
}
