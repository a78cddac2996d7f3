import type { Kysely } from 'kysely';
import type { TrainingJob, TrainingJobState, TrainingWorkerInfo, RunLogLine, RunLogStream } from '../../../domains/training/training-job.schema.js';
import type { RunLogStore, TrainingJobStore, WorkerRegistry } from '../../../domains/training/training.store.js';
import type { SqlDatabase } from '../database.js';
import type { SqlDialect } from '../dialect.js';
import type { DatabaseSchema } from '../schema/index.js';
import { isUniqueViolation } from '../dialect.js';

export class TrainingJobSqlStore implements TrainingJobStore {
  private readonly db: Kysely<DatabaseSchema>;
  private readonly dialect: SqlDialect;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
    this.dialect = sql.dialect;
  }

  async insert(job: TrainingJob): Promise<void> {
    await this.db.insertInto('training_jobs').values({ id: job.id, state: job.state, run_id: job.runId, record: JSON.stringify(job), created_at: job.createdAt, updated_at: Date.now() }).execute();
  }

  async get(id: string): Promise<TrainingJob | null> {
    const row = await this.db.selectFrom('training_jobs').select('record').where('id', '=', id).executeTakeFirst();
    return row ? parse(row.record) : null;
  }

  async list(opts: { state?: TrainingJobState | undefined; limit: number }): Promise<TrainingJob[]> {
    const rows = await this.db
      .selectFrom('training_jobs')
      .select('record')
      .$if(opts.state !== undefined, (q) => q.where('state', '=', opts.state as string))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit)
      .execute();
    return rows.map((r) => parse(r.record));
  }

  async listActive(): Promise<TrainingJob[]> {
    const rows = await this.db.selectFrom('training_jobs').select('record').where('state', 'in', ['running', 'retrying']).execute();
    return rows.map((r) => parse(r.record));
  }

  async update(id: string, change: (job: TrainingJob) => TrainingJob | null): Promise<TrainingJob | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('training_jobs')
        .select('record')
        .where('id', '=', id)
        .$if(this.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row) return null;
      const next = change(parse(row.record));
      if (!next) return null;
      await trx.updateTable('training_jobs').set({ state: next.state, record: JSON.stringify(next), updated_at: Date.now() }).where('id', '=', id).execute();
      return next;
    });
  }
}

/** Lines are numbered per run; a concurrent append that takes the same numbers retries. */
export class RunLogSqlStore implements RunLogStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
  }

  async append(runId: string, lines: readonly { stream: RunLogStream; text: string; timestamp: number }[]): Promise<void> {
    if (lines.length === 0) return;
    for (let tries = 0; ; tries++) {
      try {
        await this.db.transaction().execute(async (trx) => {
          const last = await trx.selectFrom('run_log_lines').select((eb) => eb.fn.max('seq').as('seq')).where('run_id', '=', runId).executeTakeFirst();
          const start = Number(last?.seq ?? 0);
          // Chunks keep each INSERT under SQLite's bound-parameter limit.
          for (let i = 0; i < lines.length; i += 500) {
            await trx
              .insertInto('run_log_lines')
              .values(lines.slice(i, i + 500).map((l, j) => ({ run_id: runId, seq: start + i + j + 1, stream: l.stream, line: l.text, ts: l.timestamp })))
              .execute();
          }
        });
        return;
      } catch (err) {
        if (!isUniqueViolation(err) || tries >= 5) throw err;
      }
    }
  }

  async read(runId: string, opts: { after: number; limit: number }): Promise<RunLogLine[]> {
    const rows = await this.db.selectFrom('run_log_lines').selectAll().where('run_id', '=', runId).where('seq', '>', opts.after).orderBy('seq').limit(opts.limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), stream: r.stream as RunLogStream, text: r.line, timestamp: Number(r.ts) }));
  }
}

export class TrainingWorkerSqlRegistry implements WorkerRegistry {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
  }

  async heartbeat(info: TrainingWorkerInfo): Promise<void> {
    const record = JSON.stringify(info);
    await this.db
      .insertInto('training_workers')
      .values({ id: info.id, record, last_seen: info.lastSeen })
      .onConflict((oc) => oc.column('id').doUpdateSet({ record, last_seen: info.lastSeen }))
      .execute();
  }

  async list(sinceMs: number): Promise<TrainingWorkerInfo[]> {
    const rows = await this.db.selectFrom('training_workers').select('record').where('last_seen', '>=', Date.now() - sinceMs).orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.record) as TrainingWorkerInfo);
  }
}

function parse(record: string | object): TrainingJob {
  // jsonb may come back parsed, depending on the driver's type parsers.
  return (typeof record === 'string' ? JSON.parse(record) : record) as TrainingJob;
}
