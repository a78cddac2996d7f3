import type { KeelConfig } from '../../config/config.schema.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import type { SqlDatabase } from '../sql/database.js';
import { EmbeddedJobQueue } from './embedded-job-queue.js';

export { EmbeddedJobQueue } from './embedded-job-queue.js';
export type { PgBossJobQueue, PgBossJobQueueOptions } from './pg-boss-job-queue.js';

/** The job queue the config names; pg-boss loads only when the PostgreSQL queue is configured. */
export async function createJobQueue(cfg: KeelConfig['queue'], opts: { sql: SqlDatabase; onError?: (err: Error) => void }): Promise<JobQueue> {
  if (cfg.type === 'embedded') return new EmbeddedJobQueue(opts.sql);
  const { PgBossJobQueue } = await import('./pg-boss-job-queue.js');
  // pg-boss reports maintenance failures as events; without a listener they would vanish.
  return PgBossJobQueue.open({ url: cfg.url, ...(opts.onError ? { onError: opts.onError } : {}) });
}
