/**
 * Background materialization: a run is checked up front (a bad body or unknown view is refused
 * and nothing is queued), stored, and put on the job queue (`features.materialize`), so the
 * embedded worker or any `keel worker` runs it. Progress is written at most every
 * PROGRESS_EVERY_MS and whenever a view finishes, so polling stays cheap for the database.
 */
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import type { JobHandler } from '../jobs/index.js';
import type { MaterializationRun, MaterializeRequest } from './features.schema.js';
import type { FeaturesService, MaterializeProgress } from './features.service.js';
import type { MaterializationRunStore } from './materialization-runs.store.js';

export const MATERIALIZE_QUEUE = 'features.materialize';
const PROGRESS_EVERY_MS = 250;
/** A claim outlives the gaps between progress writes, which also extend it. */
const VISIBILITY_MS = 10 * 60_000;
/** Failures of the infrastructure rather than of the request: worth another attempt. */
const RETRIED_CODES = new Set(['INTERNAL', 'UNAVAILABLE', 'UPSTREAM_ERROR']);

interface MaterializeJob {
  id: string;
}

export interface MaterializationRunsDeps {
  features: FeaturesService;
  store: MaterializationRunStore;
  queue: JobQueue;
  clock: Clock;
  progressEveryMs?: number;
}

export class MaterializationRuns {
  private readonly progressEveryMs: number;

  constructor(private readonly deps: MaterializationRunsDeps) {
    this.progressEveryMs = deps.progressEveryMs ?? PROGRESS_EVERY_MS;
  }

  /** Checks the request like `materialize` does, then queues it; answers the queued run at once. */
  async start(input: MaterializeRequest): Promise<MaterializationRun> {
    const { req, views } = await this.deps.features.checkMaterialize(input);
    const run: MaterializationRun = {
      id: newId(),
      state: 'queued',
      request: req,
      progress: views.map((view) => ({ view, done: 0, total: null })),
      createdAt: this.deps.clock.now(),
      startedAt: null,
      finishedAt: null,
      result: null,
      error: null,
    };
    await this.deps.store.create(run);
    try {
      await this.deps.queue.enqueue<MaterializeJob>(MATERIALIZE_QUEUE, { id: run.id }, { maxAttempts: 3, visibilityTimeoutMs: VISIBILITY_MS });
    } catch (err) {
      // Never left `queued` with no job behind it: a poll then says what happened.
      await this.deps.store.update({ ...run, state: 'failed', finishedAt: this.deps.clock.now(), error: { code: 'UNAVAILABLE', message: `the job queue refused the run: ${err instanceof Error ? err.message : String(err)}` } });
      throw err;
    }
    return run;
  }

  async get(id: string): Promise<MaterializationRun> {
    const run = await this.deps.store.get(id);
    if (!run) throw AppError.notFound('materialization', id);
    return run;
  }

  list(limit: number): Promise<MaterializationRun[]> {
    return this.deps.store.list(limit);
  }

  /** The queue handler `keel worker` and the embedded server run. */
  handler(): JobHandler<MaterializeJob> {
    return { queue: MATERIALIZE_QUEUE, timeoutMs: 6 * 3600_000, run: (job, ctx) => this.execute(job.payload.id, job.attempt >= job.maxAttempts, ctx.heartbeat) };
  }

  /**
   * Runs one stored run. What the request itself gets wrong (a view deleted since, an empty
   * interval) fails the run for good; anything else is thrown so the queue retries it (safe:
   * materialization only writes newer values) until the last attempt, which fails the run.
   */
  private async execute(id: string, lastAttempt: boolean, heartbeat: () => Promise<void>): Promise<void> {
    const stored = await this.deps.store.get(id);
    if (!stored || stored.state === 'completed' || stored.state === 'failed') return;
    let run: MaterializationRun = { ...stored, state: 'running', startedAt: this.deps.clock.now(), error: null };
    await this.deps.store.update(run);
    const progress = new Map(run.progress.map((p) => [p.view, { ...p }]));
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const onProgress = (p: MaterializeProgress): void => {
      progress.set(p.view, { view: p.view, done: p.done, total: p.total });
      const now = this.deps.clock.now();
      if (now - lastWrite < this.progressEveryMs && p.done < p.total) return;
      lastWrite = now;
      const snapshot: MaterializationRun = { ...run, progress: [...progress.values()] };
      // Writes go one after another so an older snapshot never lands after a newer one.
      writing = writing.then(() => Promise.all([this.deps.store.update(snapshot), heartbeat()])).then(
        () => undefined,
        () => undefined,
      );
    };
    try {
      const result = await this.deps.features.materialize(run.request, onProgress);
      await writing;
      run = { ...run, state: 'completed', finishedAt: this.deps.clock.now(), result, progress: result.views.map((v) => ({ view: v.view, done: v.rows, total: v.rows })) };
      await this.deps.store.update(run);
    } catch (err) {
      await writing;
      const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
      const retry = !lastAttempt && !(err instanceof AppError && !RETRIED_CODES.has(err.code));
      await this.deps.store.update({ ...run, progress: [...progress.values()], error, ...(retry ? {} : { state: 'failed' as const, finishedAt: this.deps.clock.now() }) });
      if (retry) throw err;
    }
  }
}
