import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { TrackingSqlStore } from './tracking.sql-store.js';
import { runTrackingStoreContract } from './tracking-store.contract.js';

runTrackingStoreContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  return { store: new TrackingSqlStore(database), cleanup: () => database.close() };
});
