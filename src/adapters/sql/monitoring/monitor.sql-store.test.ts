import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { ServingSqlStore } from '../serving/serving.sql-store.js';
import { runMonitorStoreContract } from './monitor-store.contract.js';
import { MonitorSqlStore } from './monitor.sql-store.js';
import { PredictionLogSqlReader } from './prediction-log.sql-reader.js';

runMonitorStoreContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  return { store: new MonitorSqlStore(database), log: new PredictionLogSqlReader(database), serving: new ServingSqlStore(database), cleanup: () => database.close() };
});
