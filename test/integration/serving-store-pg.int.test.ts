import { describe } from 'vitest';
import { runServingStoreContract } from '../../src/adapters/sql/serving/serving-store.contract.js';
import { ServingSqlStore } from '../../src/adapters/sql/serving/serving.sql-store.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('serving store on PostgreSQL', () => {
  runServingStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 3 });
    return {
      store: new ServingSqlStore(database),
      cleanup: close,
    };
  });
});
