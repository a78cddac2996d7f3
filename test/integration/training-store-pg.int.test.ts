import { describe } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/adapters/sql/index.js';
import { runTrainingStoreContract } from '../../src/adapters/sql/training/training-store.contract.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('training stores on PostgreSQL', () => {
  runTrainingStoreContract('postgres', async () => {
    const schema = await createPgSchema('training_store');
    const sql = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 6 }, { options: schema.options });
    await migrateToLatest(sql);
    return {
      sql,
      cleanup: async () => {
        await sql.close();
        await schema.drop();
      },
    };
  });
});
