import type PgBoss from 'pg-boss';
import { AppError } from '../../core/errors.js';
import type { EnqueueOptions, Job, JobQueue, JobRecord, JobRef, JobState } from '../../core/ports/job-queue.js';
import { checkQueueName, resolveEnqueueOptions } from './job-options.js';

export interface PgBossJobQueueOptions {
  url: string;
  /** pg-boss keeps its tables in a schema of its own. */
  schema?: string;
  /**
   * How often pg-boss looks for claims whose visibility timeout passed (its
   * "maintenance"); a lapsed claim is redelivered within this many seconds
   * after it lapses. At least 1.
   */
  maintenanceIntervalSeconds?: number;
  poolSize?: number;
  /** pg-boss reports background failures (maintenance, lost connections) here. */
  onError?: (err: Error) => void;
}

/**
 * What Keel stores as pg-boss job data. pg-boss keeps retry delays in whole
 * seconds; the exact backoff travels with the job so `fail` can apply the
 * port's millisecond schedule.
 */
interface Envelope {
  payload: unknown;
  backoffMs: number;
}

interface RawJobRow {
  id: string;
  name: string;
  data: Envelope | null;
  state: PgBoss.JobWithMetadata['state'];
  retry_count: number;
  retry_limit: number;
  output: unknown;
  created_on: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEAD_SUFFIX = '__dead';

/**
 * The queue on PostgreSQL through pg-boss, so workers on several machines
 * share jobs. Mapping to the port: a claim is a pg-boss fetch, the visibility
 * timeout is pg-boss's `expireIn`, `maxAttempts` is `retryLimit + 1`, and jobs
 * out of attempts also go to the pg-boss queue `<name>__dead` for anyone who
 * wants to consume them. `extend` and `deadLetters` have no pg-boss API and
 * use SQL on pg-boss's own tables (schema version 24, pg-boss 10.x).
 */
export class PgBossJobQueue implements JobQueue {
  readonly kind = 'postgres' as const;
  private readonly queues = new Map<string, Promise<void>>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
  ) {}

  static async open(opts: PgBossJobQueueOptions): Promise<PgBossJobQueue> {
    const schema = opts.schema ?? 'pgboss';
    if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema)) throw AppError.invalid(`'${schema}' is not a valid pg-boss schema name`);
    const { default: PgBossClass } = await import('pg-boss');
    const boss = new PgBossClass({
      connectionString: opts.url,
      schema,
      max: opts.poolSize ?? 10,
      supervise: true,
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 15,
      schedule: false,
      migrate: true,
    });
    boss.on('error', opts.onError ?? (() => undefined));
    try {
      await boss.start();
    } catch (err) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw new AppError('UNAVAILABLE', `could not start the PostgreSQL job queue: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return new PgBossJobQueue(boss, schema);
  }

  async enqueue<T>(queue: string, payload: T, opts?: EnqueueOptions): Promise<string> {
    const o = resolveEnqueueOptions(queue, opts);
    await this.ensureQueue(queue);
    const data: Envelope = { payload: payload ?? null, backoffMs: o.backoffMs };
    const id = await this.boss.send(queue, data, {
      retryLimit: o.maxAttempts - 1,
      // Used by pg-boss itself when a lapsed claim counts as a failed attempt; `fail` pins the exact delay.
      retryDelay: Math.max(1, Math.round(o.backoffMs / 1000)),
      retryBackoff: true,
      // pg-boss's minimum is one second.
      expireInSeconds: Math.max(1, o.visibilityTimeoutMs / 1000),
      deadLetter: queue + DEAD_SUFFIX,
      ...(o.delayMs > 0 ? { startAfter: new Date(Date.now() + o.delayMs) } : {}),
    });
    if (id === null) throw new AppError('INTERNAL', `pg-boss did not accept a job for queue '${queue}'`);
    return id;
  }

  async claim<T = unknown>(queue: string, opts: { max?: number } = {}): Promise<Job<T>[]> {
    checkQueueName(queue);
    const max = opts.max ?? 1;
    if (!Number.isSafeInteger(max) || max < 1) throw AppError.invalid('max must be a positive integer', [{ path: 'max', message: 'must be ≥ 1' }]);
    const jobs = await this.boss.fetch<Envelope>(queue, { batchSize: max, includeMetadata: true });
    // pg-boss picks the oldest jobs but returns them in UPDATE … RETURNING
    // order, which is arbitrary. JS dates keep milliseconds only, so ties
    // within one millisecond are ordered by the database's microseconds.
    const rank = new Map<string, number>();
    const ms = new Set(jobs.map((j) => j.createdOn.getTime()));
    if (ms.size < jobs.length) {
      const ordered = await this.query<{ id: string }>(`SELECT id FROM ${this.schema}.job WHERE name = $1 AND id = ANY($2::uuid[]) ORDER BY created_on, id`, [queue, jobs.map((j) => j.id)]);
      ordered.forEach((r, i) => rank.set(r.id, i));
    }
    jobs.sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime() || (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    return jobs.map((j) => ({ id: j.id, queue, payload: unwrap<T>(j.data), attempt: j.retryCount + 1, maxAttempts: j.retryLimit + 1 }));
  }

  async complete(job: JobRef): Promise<void> {
    if (!UUID.test(job.id)) throw AppError.notFound('job', job.id);
    const result = (await this.boss.complete(job.queue, job.id)) as unknown as { affected: number };
    if (result.affected > 0) return;
    const state = await this.stateOf(job);
    if (state !== 'completed') throw notActive(job, state);
  }

  async fail(job: JobRef, error: string): Promise<'retry' | 'dead'> {
    const row = await this.rawJob(job);
    if (!row) throw AppError.notFound('job', job.id);
    if (row.state !== 'active') throw notActive(job, toState(row.state));
    await this.boss.fail(job.queue, job.id, { message: error });
    // pg-boss scheduled the retry in whole, jittered seconds; replace it with the port's exact schedule.
    const pinned = await this.query<{ id: string }>(
      `UPDATE ${this.schema}.job
          SET start_after = now() + ($3::float8 * power(2, retry_count)) * interval '1 millisecond'
        WHERE name = $1 AND id = $2::uuid AND state = 'retry'
        RETURNING id`,
      [job.queue, job.id, row.data?.backoffMs ?? 1000],
    );
    return pinned.length > 0 ? 'retry' : 'dead';
  }

  async extend(job: JobRef, visibilityTimeoutMs: number): Promise<void> {
    if (!Number.isSafeInteger(visibilityTimeoutMs) || visibilityTimeoutMs < 1) throw AppError.invalid('visibilityTimeoutMs must be a positive integer');
    if (!UUID.test(job.id)) throw AppError.notFound('job', job.id);
    // pg-boss expires an active job when started_on + expire_in < now().
    const updated = await this.query<{ id: string }>(
      `UPDATE ${this.schema}.job
          SET expire_in = (now() - started_on) + $3::float8 * interval '1 millisecond'
        WHERE name = $1 AND id = $2::uuid AND state = 'active'
        RETURNING id`,
      [job.queue, job.id, visibilityTimeoutMs],
    );
    if (updated.length === 0) throw notActive(job, await this.stateOf(job));
  }

  async get<T = unknown>(job: JobRef): Promise<JobRecord<T> | null> {
    const row = await this.rawJob(job);
    return row ? toRecord<T>(row) : null;
  }

  async deadLetters<T = unknown>(queue: string): Promise<JobRecord<T>[]> {
    // The originals, not the copies in `<queue>__dead`: they keep their ids, attempts and errors.
    const rows = await this.query<RawJobRow>(
      `SELECT id, name, data, state, retry_count, retry_limit, output, created_on FROM ${this.schema}.job WHERE name = $1 AND state = 'failed'
       UNION ALL
       SELECT id, name, data, state, retry_count, retry_limit, output, created_on FROM ${this.schema}.archive WHERE name = $1 AND state = 'failed'
       ORDER BY created_on, id`,
      [queue],
    );
    return rows.map((r) => toRecord<T>(r));
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
  }

  private ensureQueue(queue: string): Promise<void> {
    let ready = this.queues.get(queue);
    if (!ready) {
      ready = (async () => {
        await this.boss.createQueue(queue + DEAD_SUFFIX);
        await this.boss.createQueue(queue, { name: queue, deadLetter: queue + DEAD_SUFFIX });
      })();
      ready.catch(() => this.queues.delete(queue));
      this.queues.set(queue, ready);
    }
    return ready;
  }

  private async rawJob(job: JobRef): Promise<RawJobRow | null> {
    if (!UUID.test(job.id)) return null;
    const rows = await this.query<RawJobRow>(
      `SELECT id, name, data, state, retry_count, retry_limit, output, created_on FROM ${this.schema}.job WHERE name = $1 AND id = $2::uuid
       UNION ALL
       SELECT id, name, data, state, retry_count, retry_limit, output, created_on FROM ${this.schema}.archive WHERE name = $1 AND id = $2::uuid
       LIMIT 1`,
      [job.queue, job.id],
    );
    return rows[0] ?? null;
  }

  private async stateOf(job: JobRef): Promise<JobState> {
    const row = await this.rawJob(job);
    if (!row) throw AppError.notFound('job', job.id);
    return toState(row.state);
  }

  private async query<R>(text: string, values: unknown[]): Promise<R[]> {
    const result = await this.boss.getDb().executeSql(text, values);
    const rows: unknown[] = result.rows;
    return rows as R[];
  }
}

function unwrap<T>(data: Envelope | null): T {
  return (data?.payload ?? null) as T;
}

function toState(state: RawJobRow['state']): JobState {
  switch (state) {
    case 'created':
    case 'retry':
      return 'queued';
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
    case 'cancelled':
      return 'dead';
  }
}

/** Our `fail` stores `{ message }`; pg-boss's own timeout failure stores `{ value: { message } }`. */
function errorMessage(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  const o = output as { message?: unknown; value?: { message?: unknown } };
  if (typeof o.message === 'string') return o.message;
  if (typeof o.value?.message === 'string') return o.value.message;
  return null;
}

function toRecord<T>(row: RawJobRow): JobRecord<T> {
  const state = toState(row.state);
  return {
    id: row.id,
    queue: row.name,
    payload: unwrap<T>(row.data),
    // retry_count counts redeliveries, so deliveries are one more, except for a job never fetched.
    attempt: row.state === 'created' ? 0 : row.retry_count + 1,
    maxAttempts: row.retry_limit + 1,
    state,
    lastError: state === 'completed' ? null : errorMessage(row.output),
    createdAt: row.created_on.getTime(),
  };
}

function notActive(job: JobRef, state: JobState): AppError {
  return new AppError('FAILED_PRECONDITION', `job '${job.id}' is ${state}, not active`, { details: { id: job.id, queue: job.queue, state } });
}
