import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Batch inference jobs: the job record, and one row per shard that its worker updates
 * with progress and finally its result. In SQL (not the kv store) because the workers
 * sharing a job may run on other machines, which see the same database.
 */
export function servingJobs(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('batch_jobs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('state', t.text, (c) => c.notNull())
        .addColumn('record', t.json, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('batch_shards')
        .addColumn('job_id', t.id, (c) => c.notNull())
        .addColumn('shard', t.integer, (c) => c.notNull())
        .addColumn('rows', t.bigint, (c) => c.notNull())
        .addColumn('failed_rows', t.bigint, (c) => c.notNull())
        .addColumn('result', t.json)
        .addPrimaryKeyConstraint('batch_shards_pk', ['job_id', 'shard'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('batch_shards').execute();
      await db.schema.dropTable('batch_jobs').execute();
    },
  };
}
