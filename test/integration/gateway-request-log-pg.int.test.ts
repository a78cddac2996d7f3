import { describe } from 'vitest';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { runRequestLogStoreContract } from '../../src/adapters/sql/gateway/request-log-store.contract.js';
import { GatewayRequestLogSqlStore } from '../../src/adapters/sql/gateway/request-log.sql-store.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('gateway request log on PostgreSQL', () => {
  runRequestLogStoreContract('postgres', async () => {
    const schema = await createPgSchema();
    const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 3 }, { options: schema.options });
    await migrateToLatest(database);
    return {
      store: new GatewayRequestLogSqlStore(database),
      cleanup: async () => {
        await database.close();
        await schema.drop();
      },
    };
  });
});
