import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Datasets and their immutable versions: the version row holds schema and profile (JSON), its
 * files are rows (path → sha256 in the blob store, indexed by sha256 to count references),
 * quality reports and run links hang off the version.
 */
export function datasets(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('data_datasets')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull().unique())
        .addColumn('description', t.text, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('data_versions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('dataset_id', t.id, (c) => c.notNull().references('data_datasets.id').onDelete('cascade'))
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('digest', t.text, (c) => c.notNull())
        .addColumn('format', t.text, (c) => c.notNull())
        .addColumn('size', t.bigint, (c) => c.notNull())
        .addColumn('row_count', t.bigint, (c) => c.notNull())
        .addColumn('schema', t.json, (c) => c.notNull())
        .addColumn('profile', t.json, (c) => c.notNull())
        .addColumn('message', t.text, (c) => c.notNull())
        .addColumn('source', t.text, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addUniqueConstraint('data_versions_number', ['dataset_id', 'version'])
        .addUniqueConstraint('data_versions_digest', ['dataset_id', 'digest'])
        .execute();
      await db.schema
        .createTable('data_files')
        .addColumn('version_id', t.id, (c) => c.notNull().references('data_versions.id').onDelete('cascade'))
        .addColumn('path', t.text, (c) => c.notNull())
        .addColumn('sha256', t.text, (c) => c.notNull())
        .addColumn('size', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('data_files_pk', ['version_id', 'path'])
        .execute();
      await db.schema.createIndex('data_files_sha256').on('data_files').column('sha256').execute();
      await db.schema
        .createTable('data_quality_reports')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('version_id', t.id, (c) => c.notNull().references('data_versions.id').onDelete('cascade'))
        .addColumn('suite', t.text, (c) => c.notNull())
        .addColumn('passed', t.boolean, (c) => c.notNull())
        .addColumn('report', t.json, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('data_quality_reports_version').on('data_quality_reports').columns(['version_id', 'created_at']).execute();
      await db.schema
        .createTable('data_run_links')
        .addColumn('version_id', t.id, (c) => c.notNull().references('data_versions.id').onDelete('cascade'))
        .addColumn('run_id', t.id, (c) => c.notNull())
        .addColumn('context', t.text, (c) => c.notNull())
        .addColumn('linked_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('data_run_links_pk', ['version_id', 'run_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('data_run_links').execute();
      await db.schema.dropTable('data_quality_reports').execute();
      await db.schema.dropTable('data_files').execute();
      await db.schema.dropTable('data_versions').execute();
      await db.schema.dropTable('data_datasets').execute();
    },
  };
}
