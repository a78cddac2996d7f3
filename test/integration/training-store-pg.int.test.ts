import { describe } from 'vitest';
import { runTrainingStoreContract } from '../../src/adapters/sql/training/training-store.contract.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('training stores on PostgreSQL', () => {
  runTrainingStoreContract('postgres', async () => {
    const { database: sql, close } = await openPgSchemaDatabase({ prefix: 'training_store', poolSize: 6 });
    return {
      sql,
      cleanup: close,
    };
  });
});
