import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Alerting: rules, channels, the latest value of each signal series, alert episodes
 * (history), notification groups, the notification outbox, the in-app inbox, silences,
 * and named leases (the evaluator lease, and the marker that defaults were installed).
 * All in SQL so several servers share one state.
 */
export function alerting(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('alert_rules')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull().unique())
        .addColumn('spec', t.json, (c) => c.notNull())
        .addColumn('builtin', t.boolean, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alert_channels')
        .addColumn('name', t.text, (c) => c.primaryKey())
        .addColumn('spec', t.json, (c) => c.notNull())
        .addColumn('builtin', t.boolean, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alert_series')
        .addColumn('key', t.text, (c) => c.primaryKey())
        .addColumn('metric', t.text, (c) => c.notNull())
        // The publisher a series belongs to (its `monitor` label, '' for none): a monitor's run replaces its earlier series.
        .addColumn('source', t.text, (c) => c.notNull())
        .addColumn('labels', t.json, (c) => c.notNull())
        .addColumn('value', t.double, (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alert_series_metric_source').on('alert_series').columns(['metric', 'source']).execute();
      await db.schema
        .createTable('alerts')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('fingerprint', t.text, (c) => c.notNull())
        .addColumn('rule_id', t.id, (c) => c.notNull())
        .addColumn('rule_name', t.text, (c) => c.notNull())
        .addColumn('severity', t.text, (c) => c.notNull())
        .addColumn('state', t.text, (c) => c.notNull())
        .addColumn('labels', t.json, (c) => c.notNull())
        .addColumn('annotations', t.json, (c) => c.notNull())
        .addColumn('value', t.double, (c) => c.notNull())
        .addColumn('active_since', t.bigint, (c) => c.notNull())
        .addColumn('fired_at', t.bigint)
        .addColumn('resolved_at', t.bigint)
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      // At most one open episode per fingerprint, whichever server evaluated.
      await db.schema
        .createIndex('alerts_open_fingerprint')
        .on('alerts')
        .column('fingerprint')
        .unique()
        .where(sql.ref('state'), 'in', ['pending', 'firing'])
        .execute();
      await db.schema.createIndex('alerts_state_since').on('alerts').columns(['state', 'active_since']).execute();
      await db.schema.createIndex('alerts_since').on('alerts').column('active_since').execute();
      await db.schema
        .createTable('alert_groups')
        .addColumn('key', t.text, (c) => c.primaryKey())
        .addColumn('rule_id', t.id, (c) => c.notNull())
        .addColumn('labels', t.json, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('last_sent_at', t.bigint)
        .addColumn('sent', t.json, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alert_notifications')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('channel', t.text, (c) => c.notNull())
        .addColumn('rule_id', t.id, (c) => c.notNull())
        .addColumn('group_key', t.text, (c) => c.notNull())
        .addColumn('group_status', t.text, (c) => c.notNull())
        .addColumn('alert_count', t.integer, (c) => c.notNull())
        .addColumn('payload', t.json, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('attempts', t.integer, (c) => c.notNull())
        .addColumn('error', t.text)
        .addColumn('claimed_at', t.bigint)
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('sent_at', t.bigint)
        .execute();
      await db.schema.createIndex('alert_notifications_status').on('alert_notifications').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('alert_notifications_created').on('alert_notifications').column('created_at').execute();
      await db.schema
        .createTable('alert_inbox')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('notification_id', t.id, (c) => c.notNull())
        .addColumn('severity', t.text, (c) => c.notNull())
        .addColumn('status', t.text, (c) => c.notNull())
        .addColumn('title', t.text, (c) => c.notNull())
        .addColumn('body', t.text, (c) => c.notNull())
        .addColumn('labels', t.json, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('read_at', t.bigint)
        .execute();
      await db.schema.createIndex('alert_inbox_created').on('alert_inbox').column('created_at').execute();
      await db.schema
        .createTable('alert_silences')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('matchers', t.json, (c) => c.notNull())
        .addColumn('starts_at', t.bigint, (c) => c.notNull())
        .addColumn('ends_at', t.bigint, (c) => c.notNull())
        .addColumn('comment', t.text, (c) => c.notNull())
        .addColumn('created_by', t.text, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alerting_leases')
        .addColumn('name', t.text, (c) => c.primaryKey())
        .addColumn('owner', t.text, (c) => c.notNull())
        .addColumn('expires_at', t.bigint, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['alerting_leases', 'alert_silences', 'alert_inbox', 'alert_notifications', 'alert_groups', 'alerts', 'alert_series', 'alert_channels', 'alert_rules']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
