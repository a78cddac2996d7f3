import { EmbeddedJobQueue } from '../../queue/embedded-job-queue.js';
import { runAlertingServiceContract } from '../../../domains/alerting/alerting-service.contract.js';
import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { AlertingSqlStore } from './alerting.sql-store.js';

runAlertingServiceContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  const queue = new EmbeddedJobQueue(database);
  return {
    store: new AlertingSqlStore(database),
    queue,
    cleanup: async () => {
      await queue.close();
      await database.close();
    },
  };
});
