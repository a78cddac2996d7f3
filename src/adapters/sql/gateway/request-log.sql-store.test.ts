import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { runRequestLogStoreContract } from './request-log-store.contract.js';
import { GatewayRequestLogSqlStore } from './request-log.sql-store.js';

runRequestLogStoreContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  return { store: new GatewayRequestLogSqlStore(database), cleanup: () => database.close() };
});
