import { type Kysely, type Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Model serving: deployments with every revision of their configuration, an audit
 * trail that outlives them, the prediction log (read by monitoring) and feedback.
 * The log has no foreign keys: it is append-only, written in batches, and must keep
 * its rows after a deployment is deleted.
 */
export function serving(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('deployments')
        .addColumn('name', t.text, (c) => c.primaryKey())
        .addColumn('revision', t.integer, (c) => c.notNull())
        .addColumn('strategy', t.text, (c) => c.notNull())
        .addColumn('config', t.json, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('deployment_revisions')
        .addColumn('name', t.text, (c) => c.notNull().references('deployments.name').onDelete('cascade'))
        .addColumn('revision', t.integer, (c) => c.notNull())
        .addColumn('config', t.json, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('deployment_revisions_pk', ['name', 'revision'])
        .execute();

      await db.schema
        .createTable('deployment_audit')
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('action', t.text, (c) => c.notNull())
        .addColumn('revision', t.integer, (c) => c.notNull())
        .addColumn('actor', t.text, (c) => c.notNull())
        .addColumn('reason', t.text)
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('details', t.json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('deployment_audit_name').on('deployment_audit').columns(['name', 'seq']).execute();

      await db.schema
        .createTable('prediction_log')
        .addColumn('request_id', t.text, (c) => c.primaryKey())
        .addColumn('deployment', t.text, (c) => c.notNull())
        .addColumn('model', t.text, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('arm', t.text, (c) => c.notNull())
        .addColumn('inputs', t.text, (c) => c.notNull())
        .addColumn('outputs', t.text, (c) => c.notNull())
        .addColumn('latency_ms', t.double, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('cached', t.boolean, (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .execute();
      // Monitoring reads a deployment's recent window; the arm join serves A/B and bandit statistics.
      await db.schema.createIndex('prediction_log_deployment_at').on('prediction_log').columns(['deployment', 'at']).execute();

      await db.schema
        .createTable('prediction_feedback')
        .addColumn('request_id', t.text, (c) => c.primaryKey())
        .addColumn('deployment', t.text, (c) => c.notNull())
        .addColumn('label', t.text)
        .addColumn('reward', t.double)
        .addColumn('at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('prediction_feedback_deployment').on('prediction_feedback').columns(['deployment', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['prediction_feedback', 'prediction_log', 'deployment_audit', 'deployment_revisions', 'deployments']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
