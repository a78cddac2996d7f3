import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Hyperparameter studies: the study (its definition as one JSON document), one row
 * per trial (number unique within the study: parallel askers cannot share one), and
 * the intermediate values trials report, which pruners compare across trials.
 */
export function studies(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('studies')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull().unique())
        .addColumn('definition', t.json, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('experiment_id', t.text, (c) => c.notNull())
        .addColumn('parent_run_id', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('study_trials')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('study_id', t.id, (c) => c.notNull())
        .addColumn('number', t.integer, (c) => c.notNull())
        .addColumn('state', t.text, (c) => c.notNull())
        .addColumn('params', t.json, (c) => c.notNull())
        .addColumn('objective_values', t.json)
        .addColumn('reason', t.text)
        .addColumn('run_id', t.text)
        .addColumn('retry_of', t.integer)
        .addColumn('parent_trial', t.integer)
        .addColumn('last_step', t.bigint)
        .addColumn('last_value', t.double)
        .addColumn('started_at', t.bigint, (c) => c.notNull())
        .addColumn('completed_at', t.bigint)
        .addColumn('heartbeat_at', t.bigint, (c) => c.notNull())
        .addUniqueConstraint('study_trials_number', ['study_id', 'number'])
        .execute();
      await db.schema.createIndex('study_trials_state').on('study_trials').columns(['study_id', 'state']).execute();
      await db.schema
        .createTable('study_trial_values')
        .addColumn('study_id', t.id, (c) => c.notNull())
        .addColumn('trial_number', t.integer, (c) => c.notNull())
        .addColumn('step', t.bigint, (c) => c.notNull())
        .addColumn('value', t.double, (c) => c.notNull())
        .addPrimaryKeyConstraint('study_trial_values_pk', ['study_id', 'trial_number', 'step'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('study_trial_values').execute();
      await db.schema.dropTable('study_trials').execute();
      await db.schema.dropTable('studies').execute();
    },
  };
}
