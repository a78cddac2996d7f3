import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../../adapters/blob/fs-blob-store.js';
import { openDatabase } from '../../adapters/sql/database.js';
import { migrateToLatest } from '../../adapters/sql/migrations/migrate.js';
import { TrackingSqlStore } from '../../adapters/sql/tracking/tracking.sql-store.js';
import { TuningSqlStore } from '../../adapters/sql/tuning/tuning.sql-store.js';
import { systemClock } from '../../core/clock.js';
import { TrackingService } from '../tracking/index.js';
import { runTuningServiceContract } from './tuning-service.contract.js';

runTuningServiceContract('sqlite (in memory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-tuning-'));
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  const blobs = await FsBlobStore.open(dir);
  return {
    store: new TuningSqlStore(database),
    tracking: new TrackingService(new TrackingSqlStore(database), blobs, systemClock),
    cleanup: async () => {
      await database.close();
      await blobs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
