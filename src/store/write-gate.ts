import { threadId } from 'node:worker_threads';

// SQLite has one writer per database file. Threads of one process that each hold a connection to the
// file (the HTTP thread and the worker thread) take turns through this gate before they begin a write
// transaction: a waiting thread is woken the moment the other releases it (Atomics), instead of
// sleeping and retrying as SQLite's busy handler does, and waiting never blocks its event loop.
// Separate processes still meet at SQLite's own lock.

// Atomics.waitAsync is in Node.js 16+, but in TypeScript's lib only from ES2024.
interface AtomicsWithWaitAsync {
  waitAsync(
    this: void,
    cells: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
}
const { waitAsync } = Atomics as unknown as AtomicsWithWaitAsync;

const STATE = 0; // 0 free, 1 held
const HOLDER = 1; // the holding thread's id, so that a thread that died holding it can be released

export class WriteGate {
  readonly buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.buffer = buffer;
    this.#cells = new Int32Array(buffer);
  }

  /** Resolves once this thread holds the gate. */
  async acquire(): Promise<void> {
    for (;;) {
      if (Atomics.compareExchange(this.#cells, STATE, 0, 1) === 0) {
        Atomics.store(this.#cells, HOLDER, threadId);
        return;
      }
      const wait = waitAsync(this.#cells, STATE, 1, 1_000);
      if (wait.async) await wait.value;
    }
  }

  release(): void {
    Atomics.store(this.#cells, HOLDER, -1);
    Atomics.store(this.#cells, STATE, 0);
    Atomics.notify(this.#cells, STATE, 1);
  }

  /** Frees the gate if the given thread (one that has exited) still held it; true if it did. */
  releaseIfHeldBy(deadThreadId: number): boolean {
    if (Atomics.load(this.#cells, STATE) !== 1 || Atomics.load(this.#cells, HOLDER) !== deadThreadId)
      return false;
    this.release();
    return true;
  }
}
