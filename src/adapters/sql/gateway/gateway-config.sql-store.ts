import { sql } from 'kysely';
import type { GatewayConfig } from '../../../core/gateway-config.js';
import type { GatewayConfigStore, StoredGatewayConfig } from '../../../domains/llm/gateway/gateway-config.store.js';
import type { SqlDatabase } from '../database.js';

const ROW_ID = 'current';

export class GatewayConfigSqlStore implements GatewayConfigStore {
  constructor(private readonly sql: SqlDatabase) {}

  async load(): Promise<StoredGatewayConfig | null> {
    const row = await this.sql.db.selectFrom('gateway_config').select(['body', 'version', 'updated_at']).where('id', '=', ROW_ID).executeTakeFirst();
    if (!row) return null;
    // Written by save() after validation; the service validates again when it compiles it.
    return { config: JSON.parse(row.body) as GatewayConfig, version: Number(row.version), updatedAt: Number(row.updated_at) };
  }

  async save(config: GatewayConfig, at: number): Promise<number> {
    const body = JSON.stringify(config);
    // One upsert: two servers saving at once each get a distinct version, and the row is never half-written.
    const row = await this.sql.db
      .insertInto('gateway_config')
      .values({ id: ROW_ID, body, version: 1, updated_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ body, updated_at: at, version: sql<number>`gateway_config.version + 1` }))
      .returning('version')
      .executeTakeFirstOrThrow();
    return Number(row.version);
  }

  async clear(): Promise<void> {
    await this.sql.db.deleteFrom('gateway_config').where('id', '=', ROW_ID).execute();
  }
}
