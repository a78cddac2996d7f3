import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * The model registry. Two invariants live in the schema itself, so no code path
 * (or a second server) can break them: an alias names one version per model
 * (primary key on model + alias), and at most one version per model is in
 * Production (a partial unique index, which both SQLite and PostgreSQL support).
 */
export function registry(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('registered_models')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull().unique())
        .addColumn('description', t.text, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .addColumn('last_version', t.integer, (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('registered_model_tags')
        .addColumn('model_id', t.id, (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('key', t.text, (c) => c.notNull())
        .addColumn('value', t.text, (c) => c.notNull())
        .addPrimaryKeyConstraint('registered_model_tags_pk', ['model_id', 'key'])
        .execute();

      await db.schema
        .createTable('model_versions')
        .addColumn('model_id', t.id, (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('stage', t.text, (c) => c.notNull())
        .addColumn('description', t.text, (c) => c.notNull())
        .addColumn('source', t.text, (c) => c.notNull())
        .addColumn('artifact_path', t.text)
        .addColumn('run_id', t.id)
        .addColumn('sha256', t.text, (c) => c.notNull())
        .addColumn('size_bytes', t.bigint, (c) => c.notNull())
        .addColumn('file_name', t.text, (c) => c.notNull())
        .addColumn('flavor', t.text, (c) => c.notNull())
        .addColumn('signature', t.json)
        .addColumn('metrics', t.json, (c) => c.notNull())
        .addColumn('params', t.json, (c) => c.notNull())
        .addColumn('datasets', t.json, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('model_versions_pk', ['model_id', 'version'])
        .execute();
      await sql`create unique index model_versions_one_production on model_versions (model_id) where stage = 'Production'`.execute(db);
      await db.schema.createIndex('model_versions_run').on('model_versions').column('run_id').execute();

      await db.schema
        .createTable('model_version_tags')
        .addColumn('model_id', t.id, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('key', t.text, (c) => c.notNull())
        .addColumn('value', t.text, (c) => c.notNull())
        .addPrimaryKeyConstraint('model_version_tags_pk', ['model_id', 'version', 'key'])
        .addForeignKeyConstraint('model_version_tags_version', ['model_id', 'version'], 'model_versions', ['model_id', 'version'], (fk) => fk.onDelete('cascade'))
        .execute();

      await db.schema
        .createTable('model_aliases')
        .addColumn('model_id', t.id, (c) => c.notNull())
        .addColumn('alias', t.text, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addPrimaryKeyConstraint('model_aliases_pk', ['model_id', 'alias'])
        // Deleting a version drops its aliases, as MLflow does.
        .addForeignKeyConstraint('model_aliases_version', ['model_id', 'version'], 'model_versions', ['model_id', 'version'], (fk) => fk.onDelete('cascade'))
        .execute();

      await db.schema
        .createTable('gate_policies')
        .addColumn('model_id', t.id, (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('policy_version', t.integer, (c) => c.notNull())
        .addColumn('policy', t.json, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('gate_policies_pk', ['model_id', 'policy_version'])
        .execute();

      await db.schema
        .createTable('gate_reports')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('model_id', t.id, (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('target_stage', t.text, (c) => c.notNull())
        .addColumn('policy_version', t.integer)
        .addColumn('compared_with', t.integer)
        .addColumn('passed', t.boolean, (c) => c.notNull())
        .addColumn('checks', t.json, (c) => c.notNull())
        .addColumn('started_at', t.bigint, (c) => c.notNull())
        .addColumn('finished_at', t.bigint, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('gate_reports_version').on('gate_reports').columns(['model_id', 'version', 'started_at']).execute();

      await db.schema
        .createTable('registry_audit')
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('model_id', t.id, (c) => c.notNull())
        .addColumn('model_name', t.text, (c) => c.notNull())
        .addColumn('action', t.text, (c) => c.notNull())
        .addColumn('version', t.integer)
        .addColumn('from_stage', t.text)
        .addColumn('to_stage', t.text)
        .addColumn('alias', t.text)
        .addColumn('actor', t.text, (c) => c.notNull())
        .addColumn('reason', t.text)
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('details', t.json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('registry_audit_model').on('registry_audit').columns(['model_id', 'seq']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['registry_audit', 'gate_reports', 'gate_policies', 'model_aliases', 'model_version_tags', 'model_versions', 'registered_model_tags', 'registered_models']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
