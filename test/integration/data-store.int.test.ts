import { describe } from 'vitest';
import { DatasetSqlStore } from '../../src/adapters/sql/data/dataset.sql-store.js';
import { runDatasetStoreContract } from '../../src/adapters/sql/data/dataset-store.contract.js';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('datasets on PostgreSQL', () => {
  // Several connections, so concurrent version commits really race for the next number.
  runDatasetStoreContract('postgres', async () => {
    const schema = await createPgSchema('data');
    const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 6 }, { options: schema.options });
    await migrateToLatest(database);
    return {
      store: new DatasetSqlStore(database),
      cleanup: async () => {
        await database.close();
        await schema.drop();
      },
    };
  });
});
