import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { runTrainingStoreContract } from './training-store.contract.js';

runTrainingStoreContract('sqlite (in memory)', async () => {
  const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(sql);
  return { sql, cleanup: () => sql.close() };
});
