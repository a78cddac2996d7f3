export type { JobContext, JobHandler } from './job-handler.js';
export { WorkerRunner, type WorkerOptions, type WorkerStats, type WorkerLogger } from './worker-runner.js';
