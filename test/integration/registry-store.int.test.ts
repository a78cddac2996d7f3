import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/fs-blob-store.js';
import { RegistrySqlStore } from '../../src/adapters/sql/registry/registry.sql-store.js';
import { TrackingSqlStore } from '../../src/adapters/sql/tracking/tracking.sql-store.js';
import { systemClock } from '../../src/core/clock.js';
import { runRegistryServiceContract } from '../../src/domains/registry/registry-service.contract.js';
import { TrackingService } from '../../src/domains/tracking/index.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('registry on PostgreSQL', () => {
  // A pool of several connections, so concurrent promotions and registrations really race.
  runRegistryServiceContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ prefix: 'reg', poolSize: 6 });
    const dir = mkdtempSync(join(tmpdir(), 'keel-registry-pg-'));
    const blobs = await FsBlobStore.open(dir);
    return {
      store: new RegistrySqlStore(database),
      tracking: new TrackingService(new TrackingSqlStore(database), blobs, systemClock),
      blobs,
      cleanup: async () => {
        await close();
        await blobs.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
