import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Feature store definitions, one row per version of each entity, source, view and service
 * (a null spec is a deletion), and the event-time intervals each materialization wrote.
 */
export function features(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feature_objects')
        .addColumn('kind', t.text, (c) => c.notNull())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('spec', t.json)
        .addPrimaryKeyConstraint('feature_objects_pk', ['kind', 'name', 'version'])
        .execute();
      await db.schema
        .createTable('feature_materializations')
        .addColumn('view', t.text, (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('start_ms', t.bigint, (c) => c.notNull())
        .addColumn('end_ms', t.bigint, (c) => c.notNull())
        .addColumn('rows', t.bigint, (c) => c.notNull())
        .addColumn('written', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feature_materializations_view_at').on('feature_materializations').columns(['view', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('feature_materializations').execute();
      await db.schema.dropTable('feature_objects').execute();
    },
  };
}
