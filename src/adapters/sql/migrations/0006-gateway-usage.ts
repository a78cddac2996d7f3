import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from '../dialect.js';

/**
 * Gateway usage: per-key limits on API keys, and the request log. The log is
 * append-only, written in batches off the request path, with no foreign keys
 * (a revoked or deleted key keeps its history). Tags live in their own table so
 * spend can be grouped by tag with an index, on both dialects alike.
 */
export function gatewayUsage(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('api_keys').addColumn('limits', t.json).execute();

      await db.schema
        .createTable('gateway_requests')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('request_id', t.text, (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('kind', t.text, (c) => c.notNull())
        .addColumn('model', t.text, (c) => c.notNull())
        .addColumn('route', t.text)
        .addColumn('provider', t.text)
        .addColumn('provider_model', t.text)
        .addColumn('status', t.integer, (c) => c.notNull())
        .addColumn('stream', t.boolean, (c) => c.notNull())
        .addColumn('tokens_in', t.bigint, (c) => c.notNull())
        .addColumn('tokens_out', t.bigint, (c) => c.notNull())
        .addColumn('cost_usd', t.double, (c) => c.notNull())
        .addColumn('latency_ms', t.double, (c) => c.notNull())
        .addColumn('ttft_ms', t.double)
        .addColumn('cache', t.text, (c) => c.notNull())
        .addColumn('key_id', t.text)
        .addColumn('end_user', t.text)
        .addColumn('tags', t.json, (c) => c.notNull())
        .addColumn('attempts', t.integer, (c) => c.notNull())
        .addColumn('usage_source', t.text)
        .addColumn('error', t.text)
        .execute();
      // The log is read newest first, filtered by one of these; `at` leads so time ranges stay index scans.
      await db.schema.createIndex('gateway_requests_at').on('gateway_requests').columns(['at', 'id']).execute();
      await db.schema.createIndex('gateway_requests_key_at').on('gateway_requests').columns(['key_id', 'at']).execute();
      await db.schema.createIndex('gateway_requests_model_at').on('gateway_requests').columns(['model', 'at']).execute();
      await db.schema.createIndex('gateway_requests_route_at').on('gateway_requests').columns(['route', 'at']).execute();

      await db.schema
        .createTable('gateway_request_tags')
        .addColumn('request', t.id, (c) => c.notNull())
        .addColumn('tag', t.text, (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('gateway_request_tags_pk', ['request', 'tag'])
        .execute();
      await db.schema.createIndex('gateway_request_tags_tag_at').on('gateway_request_tags').columns(['tag', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('gateway_request_tags').ifExists().execute();
      await db.schema.dropTable('gateway_requests').ifExists().execute();
      await db.schema.alterTable('api_keys').dropColumn('limits').execute();
    },
  };
}
