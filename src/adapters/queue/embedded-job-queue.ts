import type { Selectable } from 'kysely';
import { systemClock, type Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { EnqueueOptions, Job, JobQueue, JobRecord, JobRef } from '../../core/ports/job-queue.js';
import type { SqlDatabase } from '../sql/database.js';
import { skipLockedClause } from '../sql/dialect.js';
import type { JobsTable } from '../sql/schema/index.js';
import { checkQueueName, newJobId, resolveEnqueueOptions, retryDelayMs } from './job-options.js';

type JobRow = Selectable<JobsTable>;

/**
 * The default queue: rows in the SQL `jobs` table, so jobs survive restarts
 * and work on SQLite and PostgreSQL alike. A claim sets `locked_until`; an
 * active job whose lock has lapsed is claimable again (its worker is presumed
 * dead), which is what makes delivery at-least-once.
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly kind = 'embedded' as const;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  async enqueue<T>(queue: string, payload: T, opts?: EnqueueOptions): Promise<string> {
    const o = resolveEnqueueOptions(queue, opts);
    const now = this.clock.now();
    const id = newJobId(now);
    await this.sql.db
      .insertInto('jobs')
      .values({
        id,
        queue,
        payload: JSON.stringify(payload ?? null),
        state: 'queued',
        attempt: 0,
        max_attempts: o.maxAttempts,
        backoff_ms: o.backoffMs,
        visibility_timeout_ms: o.visibilityTimeoutMs,
        run_at: now + o.delayMs,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  async claim<T = unknown>(queue: string, opts: { max?: number } = {}): Promise<Job<T>[]> {
    checkQueueName(queue);
    const max = opts.max ?? 1;
    if (!Number.isSafeInteger(max) || max < 1) throw AppError.invalid('max must be a positive integer', [{ path: 'max', message: 'must be ≥ 1' }]);
    const rows = await this.sql.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      // Written first on purpose: on SQLite the first write takes the file's
      // write lock (waiting on busy_timeout), so the claim below cannot race
      // another process. Lapsed claims with no attempts left are dead, not redelivered.
      await trx
        .updateTable('jobs')
        .set({ state: 'dead', locked_until: null, updated_at: now, last_error: 'the claim lapsed (visibility timeout) on the last attempt' })
        .where('queue', '=', queue)
        .where('state', '=', 'active')
        .where('locked_until', '<=', now)
        .whereRef('attempt', '>=', 'max_attempts')
        .execute();
      const claimable = trx
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', queue)
        .where((eb) => eb.or([eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('state', '=', 'active'), eb('locked_until', '<=', now)])]))
        .orderBy('id')
        .limit(max)
        .modifyEnd(skipLockedClause(this.sql.dialect));
      return trx
        .updateTable('jobs')
        .set((eb) => ({ state: 'active', attempt: eb('attempt', '+', 1), locked_until: eb(eb.val(now), '+', eb.ref('visibility_timeout_ms')), updated_at: now }))
        .where('id', 'in', claimable)
        .returningAll()
        .execute();
    });
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => toJob<T>(r));
  }

  async complete(job: JobRef): Promise<void> {
    const now = this.clock.now();
    const done = await this.sql.db
      .updateTable('jobs')
      .set({ state: 'completed', locked_until: null, updated_at: now })
      .where('id', '=', job.id)
      .where('queue', '=', job.queue)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (done.numUpdatedRows > 0n) return;
    const row = await this.row(job);
    if (row.state !== 'completed') throw notActive(job, row.state);
  }

  async fail(job: JobRef, error: string): Promise<'retry' | 'dead'> {
    return this.sql.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const row = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', job.id)
        .where('queue', '=', job.queue)
        .$if(this.sql.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!row) throw AppError.notFound('job', job.id);
      if (row.state !== 'active') throw notActive(job, row.state);
      const dead = row.attempt >= row.max_attempts;
      await trx
        .updateTable('jobs')
        .set({
          state: dead ? 'dead' : 'queued',
          run_at: dead ? row.run_at : now + retryDelayMs(row.backoff_ms, row.attempt),
          locked_until: null,
          last_error: error,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .execute();
      return dead ? 'dead' : 'retry';
    });
  }

  async extend(job: JobRef, visibilityTimeoutMs: number): Promise<void> {
    if (!Number.isSafeInteger(visibilityTimeoutMs) || visibilityTimeoutMs < 1) throw AppError.invalid('visibilityTimeoutMs must be a positive integer');
    const now = this.clock.now();
    const done = await this.sql.db
      .updateTable('jobs')
      .set({ locked_until: now + visibilityTimeoutMs, updated_at: now })
      .where('id', '=', job.id)
      .where('queue', '=', job.queue)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw notActive(job, (await this.row(job)).state);
  }

  async get<T = unknown>(job: JobRef): Promise<JobRecord<T> | null> {
    const row = await this.sql.db.selectFrom('jobs').selectAll().where('id', '=', job.id).where('queue', '=', job.queue).executeTakeFirst();
    return row ? toRecord<T>(row) : null;
  }

  async deadLetters<T = unknown>(queue: string): Promise<JobRecord<T>[]> {
    const rows = await this.sql.db.selectFrom('jobs').selectAll().where('queue', '=', queue).where('state', '=', 'dead').orderBy('id').execute();
    return rows.map((r) => toRecord<T>(r));
  }

  /** The SQL connection belongs to the caller, who closes it after the queue. */
  async close(): Promise<void> {}

  private async row(job: JobRef): Promise<JobRow> {
    const row = await this.sql.db.selectFrom('jobs').selectAll().where('id', '=', job.id).where('queue', '=', job.queue).executeTakeFirst();
    if (!row) throw AppError.notFound('job', job.id);
    return row;
  }
}

function notActive(job: JobRef, state: string): AppError {
  return new AppError('FAILED_PRECONDITION', `job '${job.id}' is ${state}, not active`, { details: { id: job.id, queue: job.queue, state } });
}

function toJob<T>(row: JobRow): Job<T> {
  return { id: row.id, queue: row.queue, payload: JSON.parse(row.payload) as T, attempt: row.attempt, maxAttempts: row.max_attempts };
}

function toRecord<T>(row: JobRow): JobRecord<T> {
  return { ...toJob<T>(row), state: row.state, lastError: row.last_error, createdAt: row.created_at };
}
