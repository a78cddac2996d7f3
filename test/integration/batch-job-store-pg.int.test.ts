import { describe } from 'vitest';
import { runBatchJobStoreContract } from '../../src/adapters/sql/serving/batch-job-store.contract.js';
import { BatchJobSqlStore } from '../../src/adapters/sql/serving/batch-job.sql-store.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('batch job store on PostgreSQL', () => {
  runBatchJobStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 2 });
    return { store: new BatchJobSqlStore(database), cleanup: close };
  });
});
