// The worker thread's entry point: the thread gets no --import flags of its parent, so it registers
// the TypeScript loader itself (as bin/filo.js does) before loading the thread's code.
import { register } from 'tsx/esm/api';

register();
await import('./worker-thread-main.ts');
