import { describe } from 'vitest';
import { DatasetSqlStore } from '../../src/adapters/sql/data/dataset.sql-store.js';
import { runDatasetStoreContract } from '../../src/adapters/sql/data/dataset-store.contract.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('datasets on PostgreSQL', () => {
  // Several connections, so concurrent version commits really race for the next number.
  runDatasetStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ prefix: 'data', poolSize: 6 });
    return {
      store: new DatasetSqlStore(database),
      cleanup: close,
    };
  });
});
