import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Scheduled monitors: their configuration and schedule (`next_run_at`, advanced by compare-and-set so
 * that one server instance of many claims each due run), every run with its report, performance and
 * infrastructure numbers, and one row per column per run — the drift time series charts read.
 */
export function monitoring(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('monitors')
        .addColumn('name', t.text, (c) => c.primaryKey())
        .addColumn('config', t.json, (c) => c.notNull())
        .addColumn('enabled', t.boolean, (c) => c.notNull())
        .addColumn('next_run_at', t.bigint)
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('monitors_next_run_at').on('monitors').columns(['next_run_at']).execute();

      await db.schema
        .createTable('monitor_runs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('monitor', t.text, (c) => c.notNull())
        .addColumn('trigger', t.text, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('error', t.text)
        .addColumn('window_start', t.bigint, (c) => c.notNull())
        .addColumn('window_end', t.bigint, (c) => c.notNull())
        .addColumn('started_at', t.bigint, (c) => c.notNull())
        .addColumn('finished_at', t.bigint, (c) => c.notNull())
        .addColumn('rows', t.bigint, (c) => c.notNull())
        .addColumn('labelled_rows', t.bigint, (c) => c.notNull())
        .addColumn('dataset_drift', t.boolean)
        .addColumn('drift_share', t.double)
        .addColumn('result', t.json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('monitor_runs_monitor_window').on('monitor_runs').columns(['monitor', 'window_end']).execute();

      await db.schema
        .createTable('monitor_column_stats')
        .addColumn('run_id', t.id, (c) => c.notNull().references('monitor_runs.id').onDelete('cascade'))
        .addColumn('monitor', t.text, (c) => c.notNull())
        .addColumn('column_name', t.text, (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('test', t.text)
        .addColumn('statistic', t.double)
        .addColumn('p_value', t.double)
        .addColumn('drifted', t.boolean, (c) => c.notNull())
        .addColumn('psi', t.double)
        .addColumn('current_count', t.bigint, (c) => c.notNull())
        .addColumn('not_computable', t.text)
        .addPrimaryKeyConstraint('monitor_column_stats_pk', ['run_id', 'column_name'])
        .execute();
      await db.schema.createIndex('monitor_column_stats_series').on('monitor_column_stats').columns(['monitor', 'column_name', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['monitor_column_stats', 'monitor_runs', 'monitors']) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
