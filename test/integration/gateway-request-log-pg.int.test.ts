import { describe } from 'vitest';
import { runRequestLogStoreContract } from '../../src/adapters/sql/gateway/request-log-store.contract.js';
import { GatewayRequestLogSqlStore } from '../../src/adapters/sql/gateway/request-log.sql-store.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('gateway request log on PostgreSQL', () => {
  runRequestLogStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 3 });
    return {
      store: new GatewayRequestLogSqlStore(database),
      cleanup: close,
    };
  });
});
