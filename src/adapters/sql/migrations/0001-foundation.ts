import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/** API keys and the embedded job queue: what a bare server needs to start. */
export function foundation(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('scope', t.text, (c) => c.notNull())
        .addColumn('prefix', t.text, (c) => c.notNull())
        .addColumn('hash', t.text, (c) => c.notNull().unique())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('revoked_at', t.bigint)
        .execute();
      await db.schema.createIndex('api_keys_created_at').on('api_keys').column('created_at').execute();

      await db.schema
        .createTable('jobs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('queue', t.text, (c) => c.notNull())
        .addColumn('payload', t.json, (c) => c.notNull())
        .addColumn('state', t.text, (c) => c.notNull())
        .addColumn('attempt', t.integer, (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', t.integer, (c) => c.notNull())
        .addColumn('backoff_ms', t.bigint, (c) => c.notNull())
        .addColumn('visibility_timeout_ms', t.bigint, (c) => c.notNull())
        .addColumn('run_at', t.bigint, (c) => c.notNull())
        .addColumn('locked_until', t.bigint)
        .addColumn('last_error', t.text)
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      // Claims scan one queue's ready jobs in id (= creation) order.
      await db.schema.createIndex('jobs_claim').on('jobs').columns(['queue', 'state', 'run_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('jobs').execute();
      await db.schema.dropTable('api_keys').execute();
    },
  };
}
