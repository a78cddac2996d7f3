import { describe } from 'vitest';
import { runAlertingServiceContract } from '../../src/domains/alerting/alerting-service.contract.js';
import { AlertingSqlStore } from '../../src/adapters/sql/alerting/alerting.sql-store.js';
import { EmbeddedJobQueue } from '../../src/adapters/queue/embedded-job-queue.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('alerting on PostgreSQL', () => {
  // Several connections, so the two-servers test really races for the evaluator lease and the claims.
  runAlertingServiceContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ prefix: 'alerting', poolSize: 6 });
    const queue = new EmbeddedJobQueue(database);
    return {
      store: new AlertingSqlStore(database),
      queue,
      cleanup: async () => {
        await queue.close();
        await close();
      },
    };
  });
});
