import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Training jobs (the record; the queue holds the deliveries), the live log lines of runs
 * (appended while a job runs, read with `keel runs logs --follow`), and the workers that
 * advertised their resources.
 */
export function trainingJobs(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('training_jobs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('state', t.text, (c) => c.notNull())
        .addColumn('run_id', t.id, (c) => c.notNull())
        .addColumn('record', t.json, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('training_jobs_state_idx').on('training_jobs').columns(['state', 'created_at']).execute();
      await db.schema.createIndex('training_jobs_created_idx').on('training_jobs').column('created_at').execute();
      await db.schema
        .createTable('run_log_lines')
        .addColumn('run_id', t.id, (c) => c.notNull())
        .addColumn('seq', t.bigint, (c) => c.notNull())
        .addColumn('stream', t.text, (c) => c.notNull())
        .addColumn('line', t.text, (c) => c.notNull())
        .addColumn('ts', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('run_log_lines_pk', ['run_id', 'seq'])
        .execute();
      await db.schema
        .createTable('training_workers')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('record', t.json, (c) => c.notNull())
        .addColumn('last_seen', t.bigint, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('training_workers').execute();
      await db.schema.dropTable('run_log_lines').execute();
      await db.schema.dropTable('training_jobs').execute();
    },
  };
}
