// Outbound pacing per sender number: a sliding window of the last `rate` send times. A send may start
// only when fewer than `rate` sends started in the window before it, so no window of that length —
// and therefore no one-second window, if the window is at least a second — ever holds more than `rate`.
// A small guard above one second absorbs network jitter between here and the provider's own count.

export interface PacerOptions {
  /** Sends per window, per sender. */
  readonly rate: number;
  /** Default 1,050 ms. */
  readonly windowMs?: number;
  readonly now?: () => number;
}

export class SenderPacer {
  readonly #rate: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, number[]>();
  readonly #rates = new Map<string, number>();

  constructor(options: PacerOptions) {
    if (!Number.isInteger(options.rate) || options.rate < 1)
      throw new RangeError('rate must be a positive integer');
    this.#rate = options.rate;
    this.#windowMs = options.windowMs ?? 1_050;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A different rate for one sender (its messaging tier). */
  setRate(sender: string, rate: number): void {
    this.#rates.set(sender, rate);
  }

  /** How long to wait before a send may start now (0: take the slot). Takes the slot when 0. */
  tryAcquire(sender: string): number {
    const rate = this.#rates.get(sender) ?? this.#rate;
    let window = this.#windows.get(sender);
    if (window === undefined) {
      window = [];
      this.#windows.set(sender, window);
    }
    const now = this.#now();
    while (window.length > 0 && (window[0] as number) <= now - this.#windowMs) window.shift();
    if (window.length < rate) {
      window.push(now);
      return 0;
    }
    return Math.max(1, (window[window.length - rate] as number) + this.#windowMs - now);
  }

  /** Resolves when the sender has a free slot, and takes it. */
  async acquire(sender: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.tryAcquire(sender);
      if (wait === 0) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, Math.ceil(wait));
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    }
  }
}
