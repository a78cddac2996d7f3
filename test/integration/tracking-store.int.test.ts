import { describe } from 'vitest';
import { TrackingSqlStore } from '../../src/adapters/sql/tracking/tracking.sql-store.js';
import { runTrackingStoreContract } from '../../src/adapters/sql/tracking/tracking-store.contract.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('tracking store on PostgreSQL', () => {
  // Each test gets its own schema, so sequential experiment ids start at 1 every time.
  runTrackingStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ prefix: 'trk', poolSize: 4 });
    return {
      store: new TrackingSqlStore(database),
      cleanup: close,
    };
  });
});
