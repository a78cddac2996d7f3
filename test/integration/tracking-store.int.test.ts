import { describe } from 'vitest';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { TrackingSqlStore } from '../../src/adapters/sql/tracking/tracking.sql-store.js';
import { runTrackingStoreContract } from '../../src/adapters/sql/tracking/tracking-store.contract.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('tracking store on PostgreSQL', () => {
  // Each test gets its own schema, so sequential experiment ids start at 1 every time.
  runTrackingStoreContract('postgres', async () => {
    const schema = await createPgSchema('trk');
    const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 4 }, { options: schema.options });
    await migrateToLatest(database);
    return {
      store: new TrackingSqlStore(database),
      cleanup: async () => {
        await database.close();
        await schema.drop();
      },
    };
  });
});
