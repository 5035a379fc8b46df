// The BullMQ adapter: jobs in Redis, one BullMQ queue and worker per job name.
export { createBullmqJobQueue } from './bullmq-job-queue';
