import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/fs-blob-store.js';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { RegistrySqlStore } from '../../src/adapters/sql/registry/registry.sql-store.js';
import { TrackingSqlStore } from '../../src/adapters/sql/tracking/tracking.sql-store.js';
import { systemClock } from '../../src/core/clock.js';
import { runRegistryServiceContract } from '../../src/domains/registry/registry-service.contract.js';
import { TrackingService } from '../../src/domains/tracking/index.js';
import { createPgSchema, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('registry on PostgreSQL', () => {
  // A pool of several connections, so concurrent promotions and registrations really race.
  runRegistryServiceContract('postgres', async () => {
    const schema = await createPgSchema('reg');
    const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 6 }, { options: schema.options });
    await migrateToLatest(database);
    const dir = mkdtempSync(join(tmpdir(), 'keel-registry-pg-'));
    const blobs = await FsBlobStore.open(dir);
    return {
      store: new RegistrySqlStore(database),
      tracking: new TrackingService(new TrackingSqlStore(database), blobs, systemClock),
      blobs,
      cleanup: async () => {
        await database.close();
        await blobs.close();
        await schema.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
