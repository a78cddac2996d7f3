import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/fs-blob-store.js';
import { TrackingSqlStore } from '../../src/adapters/sql/tracking/tracking.sql-store.js';
import { TuningSqlStore } from '../../src/adapters/sql/tuning/tuning.sql-store.js';
import { systemClock } from '../../src/core/clock.js';
import { TrackingService } from '../../src/domains/tracking/index.js';
import { runTuningServiceContract } from '../../src/domains/tuning/tuning-service.contract.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('studies on PostgreSQL', () => {
  // A pool of several connections, so the four parallel workers' asks really race in the database.
  runTuningServiceContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ prefix: 'tune', poolSize: 6 });
    const dir = mkdtempSync(join(tmpdir(), 'keel-tuning-pg-'));
    const blobs = await FsBlobStore.open(dir);
    return {
      store: new TuningSqlStore(database),
      tracking: new TrackingService(new TrackingSqlStore(database), blobs, systemClock),
      cleanup: async () => {
        await close();
        await blobs.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
