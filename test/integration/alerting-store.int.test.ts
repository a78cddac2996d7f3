import { describe } from 'vitest';
import { runAlertingServiceContract } from '../../src/domains/alerting/alerting-service.contract.js';
import { AlertingSqlStore } from '../../src/adapters/sql/alerting/alerting.sql-store.js';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { EmbeddedJobQueue } from '../../src/adapters/queue/embedded-job-queue.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('alerting on PostgreSQL', () => {
  // Several connections, so the two-servers test really races for the evaluator lease and the claims.
  runAlertingServiceContract('postgres', async () => {
    const schema = await createPgSchema('alerting');
    const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 6 }, { options: schema.options });
    await migrateToLatest(database);
    const queue = new EmbeddedJobQueue(database);
    return {
      store: new AlertingSqlStore(database),
      queue,
      cleanup: async () => {
        await queue.close();
        await database.close();
        await schema.drop();
      },
    };
  });
});
