import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrationProvider } from '../migrations/index.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { batchJob, runBatchJobStoreContract } from './batch-job-store.contract.js';
import { BatchJobSqlStore } from './batch-job.sql-store.js';

runBatchJobStoreContract('sqlite (in memory)', async () => {
  const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(sql);
  return { store: new BatchJobSqlStore(sql), cleanup: () => sql.close() };
});

describe('migration 0015-batch-job-list', () => {
  it('backfills the listing columns of jobs stored before it', async () => {
    const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
    try {
      const result = await new Migrator({ db: sql.db, provider: migrationProvider(sql.dialect) }).migrateTo('0013-studies');
      expect(result.error).toBeUndefined();
      const old = batchJob('old', 'scorer', 5);
      // The row as 0007 stored it, before `target` and `created_at` existed.
      await sql.db.insertInto('batch_jobs').values({ id: old.id, state: old.state, record: JSON.stringify(old), updated_at: 5 } as never).execute();
      await migrateToLatest(sql);
      expect(await new BatchJobSqlStore(sql).listJobs({ target: 'scorer', limit: 5 })).toEqual([old]);
    } finally {
      await sql.close();
    }
  });
});
