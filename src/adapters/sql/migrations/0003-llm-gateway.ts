import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * The LLM gateway's run-time config: one row (`id = 'current'`), the whole
 * document as JSON, replaced in one statement so a reader never sees half of it.
 */
export function llmGateway(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('gateway_config')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('body', t.json, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('gateway_config').execute();
    },
  };
}
