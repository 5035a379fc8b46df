import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../core';
import type { WriteGate } from '../store';

// FILO_WORKER_THREAD: the job workers, the log integrator and the modules' timers run in a worker
// thread of the same process, with their own database connection, while this thread serves HTTP.
// They coordinate as separate processes do — through the database (SQLite transactions begin
// IMMEDIATE) — and the queues wake each other across threads (see the embedded queue). A thread that
// dies is started again after a pause; stop() lets its running jobs finish.

const ENTRY = new URL('./worker-thread-entry.mjs', import.meta.url);
const RESTART_DELAY_MS = 1_000;
const STOP_TIMEOUT_MS = 15_000;

export interface WorkerThreadOptions {
  readonly config: Config;
  readonly modulesFrom?: string | undefined;
  /** SQLite: the HTTP thread's write gate, shared with the thread. */
  readonly writeGate?: WriteGate | undefined;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** What the thread receives as workerData. */
export interface WorkerThreadData {
  readonly config: Config;
  readonly modulesFrom: string | undefined;
  readonly writeGate: SharedArrayBuffer | undefined;
}

type Message = { readonly type: 'ready' } | { readonly type: 'failed'; readonly message: string };

export class WorkerThread {
  readonly #o: WorkerThreadOptions;
  #worker: Worker | undefined;
  #stopping = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #exited: Promise<void> = Promise.resolve();

  constructor(options: WorkerThreadOptions) {
    this.#o = options;
  }

  /** Starts the thread; resolves once its workers run (rejects if it could not start). */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const data: WorkerThreadData = {
        config: this.#o.config,
        modulesFrom: this.#o.modulesFrom,
        writeGate: this.#o.writeGate?.buffer,
      };
      // No inherited --import flags: the entry registers the TypeScript loader for the thread itself.
      const worker = new Worker(ENTRY, { workerData: data, execArgv: [] });
      this.#worker = worker;
      let started = false;
      this.#exited = new Promise<void>((exited) => {
        const id = worker.threadId;
        worker.once('exit', (code) => {
          this.#worker = undefined;
          // A thread that died inside a write transaction would otherwise hold the gate for ever.
          if (this.#o.writeGate?.releaseIfHeldBy(id))
            this.#o.logger.warn({ code }, 'the worker thread died holding the write gate');
          exited();
          if (!started) {
            reject(new Error(`The worker thread stopped before it started (exit code ${code})`));
            return;
          }
          if (this.#stopping) return;
          this.#o.logger.error({ code }, 'the worker thread stopped; starting it again');
          this.#restartTimer = setTimeout(() => {
            this.#restartTimer = undefined;
            if (this.#stopping) return;
            this.start().catch((error: unknown) =>
              this.#o.logger.error({ err: error }, 'the worker thread could not start again'),
            );
          }, RESTART_DELAY_MS);
        });
      });
      worker.on('error', (error) => this.#o.logger.error({ err: error }, 'the worker thread failed'));
      worker.on('message', (message: Message) => {
        if (message.type === 'ready') {
          started = true;
          this.#o.logger.info({ threadId: worker.threadId }, 'job workers running in a worker thread');
          resolve();
        } else if (message.type === 'failed') {
          reject(new Error(`The worker thread could not start: ${message.message}`));
        }
      });
    });
  }

  /** Asks the thread to finish its running jobs and close; ends it if it takes too long. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    const worker = this.#worker;
    if (worker === undefined) return;
    worker.postMessage({ type: 'stop' });
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timer);
  }
}
