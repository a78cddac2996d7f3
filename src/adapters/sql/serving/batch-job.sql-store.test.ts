import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../../domains/serving/batch/batch.schema.js';
import { openDatabase, type SqlDatabase } from '../database.js';
import { migrationProvider } from '../migrations/index.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { BatchJobSqlStore } from './batch-job.sql-store.js';

const job = (id: string, target: string, createdAt: number): BatchJob => ({
  id,
  spec: { target, input: { path: '/in.csv' }, output: { format: 'parquet' }, batchSize: 10, shardRows: 100 },
  state: 'queued',
  totalRows: 1,
  shards: 1,
  createdAt,
  finishedAt: null,
  error: null,
  summary: null,
  output: null,
  failed: null,
});

let sql: SqlDatabase | undefined;
afterEach(() => sql?.close());

describe('BatchJobSqlStore.listJobs', () => {
  it('lists newest first, by target, up to the limit', async () => {
    sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
    await migrateToLatest(sql);
    const store = new BatchJobSqlStore(sql);
    await store.saveJob(job('a', 'scorer', 1));
    await store.saveJob(job('b', 'other', 2));
    await store.saveJob(job('c', 'scorer', 3));
    await store.saveJob({ ...job('a', 'scorer', 1), state: 'completed' });
    expect((await store.listJobs({ limit: 10 })).map((j) => j.id)).toEqual(['c', 'b', 'a']);
    expect((await store.listJobs({ target: 'scorer', limit: 10 })).map((j) => [j.id, j.state])).toEqual([['c', 'queued'], ['a', 'completed']]);
    expect((await store.listJobs({ target: 'scorer', limit: 1 })).map((j) => j.id)).toEqual(['c']);
  });

  it('lists jobs stored before the listing columns existed', async () => {
    sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
    const result = await new Migrator({ db: sql.db, provider: migrationProvider(sql.dialect) }).migrateTo('0013-studies');
    expect(result.error).toBeUndefined();
    const old = job('old', 'scorer', 5);
    await sql.db.insertInto('batch_jobs').values({ id: old.id, state: old.state, record: JSON.stringify(old), updated_at: 5 } as never).execute();
    await migrateToLatest(sql);
    expect(await new BatchJobSqlStore(sql).listJobs({ target: 'scorer', limit: 5 })).toEqual([old]);
  });
});
