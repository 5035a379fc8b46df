// Loads data for a page: cancels the request when the page goes away, and offers a retry.
import { useCallback, useEffect, useRef, useState } from 'react';

export type RequestState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T; readonly receivedAt: Date }
  | { readonly status: 'failed'; readonly error: unknown };

export interface RequestOptions {
  /**
   * Reloading the same thing (after an action on the page) keeps showing what was loaded until the
   * new data arrives, so that the page, and what it says about the action, stay on screen.
   */
  readonly keepWhileReloading?: boolean;
  /**
   * What is loaded (a supporter's id), when a page can load different things: with another key the
   * page shows Loading again instead of the previous thing's data.
   */
  readonly key?: string;
}

export function useRequest<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: RequestOptions = {},
): RequestState<T> & { readonly retry: () => void } {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const keep = options.keepWhileReloading === true;
  const key = options.key;
  /** The key of the data in `state` (set with it). */
  const loadedKey = useRef<string | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    setState((current) =>
      keep && current.status === 'ready' && loadedKey.current === key ? current : { status: 'loading' },
    );
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        loadedKey.current = key;
        setState({ status: 'ready', data, receivedAt: new Date() });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error });
      },
    );
    return () => controller.abort();
    // `load` is expected to change only when what it loads changes.
  }, [load, attempt, keep, key]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
