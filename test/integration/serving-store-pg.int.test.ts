import { describe } from 'vitest';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { runServingStoreContract } from '../../src/adapters/sql/serving/serving-store.contract.js';
import { ServingSqlStore } from '../../src/adapters/sql/serving/serving.sql-store.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('serving store on PostgreSQL', () => {
  runServingStoreContract('postgres', async () => {
    const schema = await createPgSchema();
    const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 3 }, { options: schema.options });
    await migrateToLatest(database);
    return {
      store: new ServingSqlStore(database),
      cleanup: async () => {
        await database.close();
        await schema.drop();
      },
    };
  });
});
