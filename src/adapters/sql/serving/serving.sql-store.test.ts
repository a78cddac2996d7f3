import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { runServingStoreContract } from './serving-store.contract.js';
import { ServingSqlStore } from './serving.sql-store.js';

runServingStoreContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  return { store: new ServingSqlStore(database), cleanup: () => database.close() };
});
