import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/** Background materialization runs: the whole run as JSON, with its state and creation time for listing. */
export function materializationRuns(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feature_materialization_runs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('state', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('record', t.json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feature_materialization_runs_created_at').on('feature_materialization_runs').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('feature_materialization_runs').execute();
    },
  };
}
