// Outbound pacing per sender number, so that the provider never sees more than `rate` messages from one
// number in any one-second window. The provider counts a message when it arrives, at some moment
// between our send's start and its answer, so counting at the start alone is not enough: a slow request
// followed by fast ones can land in the same second as them. A send therefore holds its slot from its
// start until `windowMs` after its answer (its completion). A send may start at `s` only when fewer
// than `rate` sends are in flight or completed after `s − windowMs`. Proof sketch: take any window
// (t − 1 s, t] at the provider and the last-started send arriving in it, at `s ≤ t`; every other send
// arriving in it started before `s` and completed after `t − 1 s ≥ s − windowMs`, so each still held
// its slot at `s` — at most `rate − 1` of them. `windowMs` above a second absorbs timer granularity.

export interface PacerOptions {
  /** Sends per window, per sender. */
  readonly rate: number;
  /** How long a completed send keeps its slot. Default 1,050 ms; at least 1,000. */
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** A slot taken for one send; give it back once the provider has answered (or the send failed). */
export interface PacerSlot {
  release(): void;
}

interface SenderState {
  inFlight: number;
  /** Completion times still inside the window, ascending. */
  readonly completed: number[];
  /** Woken when a send completes. */
  readonly waiters: Set<() => void>;
}

/** What `tryAcquire` says: a slot, or how long to wait (null: until a send in flight completes). */
export type PacerAttempt =
  { readonly slot: PacerSlot } | { readonly slot: null; readonly waitMs: number | null };

export class SenderPacer {
  readonly #rate: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #senders = new Map<string, SenderState>();
  readonly #rates = new Map<string, number>();

  constructor(options: PacerOptions) {
    if (!Number.isInteger(options.rate) || options.rate < 1)
      throw new RangeError('rate must be a positive integer');
    const windowMs = options.windowMs ?? 1_050;
    if (!(windowMs >= 1_000)) throw new RangeError('windowMs must be at least 1,000');
    this.#rate = options.rate;
    this.#windowMs = windowMs;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A different rate for one sender (its messaging tier). */
  setRate(sender: string, rate: number): void {
    if (!Number.isInteger(rate) || rate < 1) throw new RangeError('rate must be a positive integer');
    this.#rates.set(sender, rate);
  }

  #state(sender: string): SenderState {
    let state = this.#senders.get(sender);
    if (state === undefined) {
      state = { inFlight: 0, completed: [], waiters: new Set() };
      this.#senders.set(sender, state);
    }
    return state;
  }

  /** Takes a slot if one is free now; otherwise says how long to wait before asking again. */
  tryAcquire(sender: string): PacerAttempt {
    const rate = this.#rates.get(sender) ?? this.#rate;
    const state = this.#state(sender);
    const now = this.#now();
    const completed = state.completed;
    while (completed.length > 0 && (completed[0] as number) <= now - this.#windowMs) completed.shift();
    const held = state.inFlight + completed.length;
    if (held < rate) {
      state.inFlight++;
      return { slot: this.#slot(state) };
    }
    // Slots free up as completions leave the window, oldest first; sends in flight free none until
    // they complete.
    const mustExpire = held - rate;
    const expiring = completed[mustExpire];
    return {
      slot: null,
      waitMs: expiring === undefined ? null : Math.max(1, expiring + this.#windowMs - now),
    };
  }

  #slot(state: SenderState): PacerSlot {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        state.inFlight--;
        state.completed.push(this.#now());
        const waiters = [...state.waiters];
        state.waiters.clear();
        for (const wake of waiters) wake();
      },
    };
  }

  /** Resolves with a slot once the sender has a free one. */
  async acquire(sender: string, signal?: AbortSignal): Promise<PacerSlot> {
    for (;;) {
      signal?.throwIfAborted();
      const attempt = this.tryAcquire(sender);
      if (attempt.slot !== null) return attempt.slot;
      const state = this.#state(sender);
      const waitMs = attempt.waitMs;
      await new Promise<void>((resolve, reject) => {
        const cleanup = (): void => {
          clearTimeout(timer);
          state.waiters.delete(wake);
          signal?.removeEventListener('abort', aborted);
        };
        const wake = (): void => {
          cleanup();
          resolve();
        };
        const aborted = (): void => {
          cleanup();
          reject(signal?.reason as Error);
        };
        // Every slot is held by a send in flight: the next completion is what helps. Otherwise a
        // completion changes nothing (it joins the window last); the oldest ones leaving it do.
        const timer = waitMs === null ? undefined : setTimeout(wake, Math.ceil(waitMs));
        if (waitMs === null) state.waiters.add(wake);
        signal?.addEventListener('abort', aborted, { once: true });
      });
    }
  }
}
