import type { Kysely } from 'kysely';
import type { BatchJob } from '../../../domains/serving/batch/batch.schema.js';
import type { BatchJobFilter, BatchJobStore, ShardRow } from '../../../domains/serving/batch/batch.store.js';
import type { SqlDatabase } from '../database.js';
import type { DatabaseSchema } from '../schema/index.js';

export class BatchJobSqlStore implements BatchJobStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
  }

  async saveJob(job: BatchJob): Promise<void> {
    const row = { id: job.id, state: job.state, record: JSON.stringify(job), updated_at: Date.now(), target: job.spec.target, created_at: job.createdAt };
    await this.db.insertInto('batch_jobs').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ state: row.state, record: row.record, updated_at: row.updated_at })).execute();
  }

  async getJob(id: string): Promise<BatchJob | null> {
    const row = await this.db.selectFrom('batch_jobs').select('record').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as BatchJob) : null;
  }

  async listJobs(filter: BatchJobFilter): Promise<BatchJob[]> {
    let query = this.db.selectFrom('batch_jobs').select('record');
    if (filter.target !== undefined) query = query.where('target', '=', filter.target);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => JSON.parse(r.record) as BatchJob);
  }

  async putShard(jobId: string, s: ShardRow): Promise<void> {
    const values = { job_id: jobId, shard: s.shard, rows: s.rows, failed_rows: s.failedRows, result: s.result };
    await this.db
      .insertInto('batch_shards')
      .values(values)
      .onConflict((oc) => oc.columns(['job_id', 'shard']).doUpdateSet({ rows: s.rows, failed_rows: s.failedRows, result: s.result }))
      .execute();
  }

  async listShards(jobId: string): Promise<ShardRow[]> {
    const rows = await this.db.selectFrom('batch_shards').selectAll().where('job_id', '=', jobId).orderBy('shard').execute();
    return rows.map((r) => ({ shard: r.shard, rows: Number(r.rows), failedRows: Number(r.failed_rows), result: r.result }));
  }
}
