import { describe } from 'vitest';
import { runMaterializationRunStoreContract } from '../../src/adapters/sql/features/materialization-run-store.contract.js';
import { MaterializationRunSqlStore } from '../../src/adapters/sql/features/materialization-run.sql-store.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('materialization run store on PostgreSQL', () => {
  runMaterializationRunStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 2 });
    return { store: new MaterializationRunSqlStore(database), cleanup: close };
  });
});
