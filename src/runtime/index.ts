// The composition root: reads configuration once, opens the store and the job queue, builds the domain
// services and the HTTP app. The CLI and the end-to-end tests start Filo through here.
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
