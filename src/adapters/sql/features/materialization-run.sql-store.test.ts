import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { runMaterializationRunStoreContract } from './materialization-run-store.contract.js';
import { MaterializationRunSqlStore } from './materialization-run.sql-store.js';

runMaterializationRunStoreContract('sqlite (in memory)', async () => {
  const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(sql);
  return { store: new MaterializationRunSqlStore(sql), cleanup: () => sql.close() };
});
