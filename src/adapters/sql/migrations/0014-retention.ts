import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from '../dialect.js';

/**
 * Retention: indexes that let the sweep find the oldest rows without scanning a table.
 * The prediction log's only time index leads with the deployment; alerts had none on
 * `resolved_at`. The gateway log (`at`, `id`), notifications and the inbox (`created_at`)
 * already have theirs.
 */
export function retention(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('prediction_log_at').on('prediction_log').column('at').execute();
      await db.schema.createIndex('alerts_state_resolved').on('alerts').columns(['state', 'resolved_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('alerts_state_resolved').ifExists().execute();
      await db.schema.dropIndex('prediction_log_at').ifExists().execute();
    },
  };
}
