import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { runDatasetStoreContract } from './dataset-store.contract.js';
import { DatasetSqlStore } from './dataset.sql-store.js';

// A file, not :memory:, so concurrent commits go through SQLite's real write lock.
runDatasetStoreContract('sqlite (file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-data-sql-'));
  const database = await openDatabase({ type: 'sqlite', path: join(dir, 'keel.db') });
  await migrateToLatest(database);
  return {
    store: new DatasetSqlStore(database),
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
