// Loads data for a page: cancels the request when the page goes away, and offers a retry.
import { useCallback, useEffect, useState } from 'react';

export type RequestState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T; readonly receivedAt: Date }
  | { readonly status: 'failed'; readonly error: unknown };

export function useRequest<T>(
  load: (signal: AbortSignal) => Promise<T>,
): RequestState<T> & { readonly retry: () => void } {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data, receivedAt: new Date() });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error });
      },
    );
    return () => controller.abort();
    // `load` is expected to change only when what it loads changes.
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
