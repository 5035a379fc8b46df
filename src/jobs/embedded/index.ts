// The embedded adapter: jobs in the application's database (SQLite or PostgreSQL), leased by workers.
export { createEmbeddedJobQueue } from './embedded-job-queue';
