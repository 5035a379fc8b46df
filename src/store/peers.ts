import { BroadcastChannel } from 'node:worker_threads';
import type { Store } from './store';

/**
 * A channel to the other threads of this process that work on the same database (the HTTP thread
 * and the worker thread, FILO_WORKER_THREAD), for nudges such as "a job is due" or "a reply was
 * stored for this visitor" that would otherwise wait for a poll. Undefined for an in-memory SQLite
 * database, which no other thread can open. The channel does not keep the process alive; close it
 * on shutdown.
 */
export function sameDatabasePeers(
  store: Pick<Store, 'location'>,
  topic: string,
  onMessage: (data: unknown) => void,
): BroadcastChannel | undefined {
  if (store.location === ':memory:') return undefined;
  const channel = new BroadcastChannel(`filo.${topic}\u0000${store.location}`);
  channel.onmessage = (event) => onMessage((event as { data?: unknown }).data);
  channel.unref();
  return channel;
}
