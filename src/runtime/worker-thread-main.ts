import { parentPort, workerData } from 'node:worker_threads';
import type { ModuleFactory } from './modules';
import { createRuntime, type Runtime } from './runtime';
import type { WorkerThreadData } from './worker-thread';

// Runs in the worker thread: the same runtime as the HTTP thread (same config, same modules, so the
// same job handlers and subscribers), started as a workers-only process that never listens.

const data = workerData as WorkerThreadData;
const port = parentPort!;

async function main(): Promise<Runtime> {
  let modules: readonly ModuleFactory[] | undefined;
  if (data.modulesFrom !== undefined) {
    modules = ((await import(data.modulesFrom)) as { modules: readonly ModuleFactory[] }).modules;
  }
  const runtime = await createRuntime(data.config, {
    modules,
    serveWeb: false,
    inWorkerThread: true,
    sqliteWriteGate: data.writeGate,
  });
  await runtime.startWorkers();
  return runtime;
}

main().then(
  (runtime) => {
    port.on('message', (message: { type: string }) => {
      if (message.type !== 'stop') return;
      runtime.close().then(
        () => port.close(),
        (error: unknown) => {
          runtime.logger.error({ err: error }, 'the worker thread did not close cleanly');
          port.close();
        },
      );
    });
    port.postMessage({ type: 'ready' });
  },
  (error: unknown) => {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
  },
);
