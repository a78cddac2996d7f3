import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

interface BackfillRow {
  id: string;
  record: string;
  target: string | null;
  created_at: number | null;
}

/**
 * Lists batch jobs per deployment, newest first: the target and creation time leave the
 * JSON record for indexed columns. Jobs stored before this migration are backfilled from it.
 */
export function batchJobList(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('batch_jobs').addColumn('target', t.text).execute();
      await db.schema.alterTable('batch_jobs').addColumn('created_at', t.bigint).execute();
      const typed = db as unknown as Kysely<{ batch_jobs: BackfillRow }>;
      for (const row of await typed.selectFrom('batch_jobs').select(['id', 'record']).execute()) {
        const job = JSON.parse(row.record) as { spec: { target: string }; createdAt: number };
        await typed.updateTable('batch_jobs').set({ target: job.spec.target, created_at: job.createdAt }).where('id', '=', row.id).execute();
      }
      await db.schema.createIndex('batch_jobs_target').on('batch_jobs').columns(['target', 'created_at']).execute();
      await db.schema.createIndex('batch_jobs_created_at').on('batch_jobs').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('batch_jobs_created_at').execute();
      await db.schema.dropIndex('batch_jobs_target').execute();
      await db.schema.alterTable('batch_jobs').dropColumn('created_at').execute();
      await db.schema.alterTable('batch_jobs').dropColumn('target').execute();
    },
  };
}
