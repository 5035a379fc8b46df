import { FiloError } from '../core';
import { JobErrors } from './errors';

// The handlers a queue instance is running, so that `stop()` can wait for them (both adapters) and
// abort their signals when the wait runs out.
export class RunningHandlers {
  readonly #running = new Map<Promise<void>, AbortController>();

  get size(): number {
    return this.#running.size;
  }

  /** Runs `work` with the controller's signal and tracks it until it settles; returns its promise. */
  run<T>(
    work: (signal: AbortSignal) => Promise<T>,
    controller: AbortController = new AbortController(),
  ): Promise<T> {
    const promise = work(controller.signal);
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#running.set(settled, controller);
    void settled.then(() => this.#running.delete(settled));
    return promise;
  }

  /** Resolves true when every running handler settled within `timeoutMs`, false otherwise. */
  async waitIdle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const idle = (async () => {
      while (this.#running.size > 0) await Promise.all([...this.#running.keys()]);
      return true as const;
    })();
    try {
      return await Promise.race([idle, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  abortAll(): void {
    for (const controller of this.#running.values()) {
      if (!controller.signal.aborted) controller.abort(new FiloError(JobErrors.JOB_QUEUE_STOPPING));
    }
  }
}
