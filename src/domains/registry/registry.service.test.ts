import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../adapters/blob/fs-blob-store.js';
import { openDatabase } from '../../adapters/sql/database.js';
import { migrateToLatest } from '../../adapters/sql/migrations/migrate.js';
import { RegistrySqlStore } from '../../adapters/sql/registry/registry.sql-store.js';
import { TrackingSqlStore } from '../../adapters/sql/tracking/tracking.sql-store.js';
import { systemClock } from '../../core/clock.js';
import { TrackingService } from '../tracking/index.js';
import { runRegistryServiceContract } from './registry-service.contract.js';

runRegistryServiceContract('sqlite (in memory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-registry-'));
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  const blobs = await FsBlobStore.open(dir);
  return {
    store: new RegistrySqlStore(database),
    tracking: new TrackingService(new TrackingSqlStore(database), blobs, systemClock),
    blobs,
    cleanup: async () => {
      await database.close();
      await blobs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the schema itself keeps one Production version per model', () => {
  it('refuses a second Production row even from a writer that skips the service (partial unique index)', async () => {
    const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
    await migrateToLatest(database);
    try {
      const db = database.db;
      await db.insertInto('registered_models').values({ id: 'm1', name: 'm', description: '', created_by: 'x', created_at: 1, updated_at: 1, last_version: 2 }).execute();
      const row = (version: number, stage: string) => ({ model_id: 'm1', version, stage, description: '', source: 's', artifact_path: null, run_id: null, sha256: 'a'.repeat(64), size_bytes: 1, file_name: 'f', flavor: 'onnx', signature: null, metrics: '[]', params: '[]', datasets: '[]', created_by: 'x', created_at: 1, updated_at: 1 });
      await db.insertInto('model_versions').values([row(1, 'Production'), row(2, 'None')]).execute();
      await expect(db.updateTable('model_versions').set({ stage: 'Production' }).where('version', '=', 2).execute()).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
      await db.updateTable('model_versions').set({ stage: 'Staging' }).where('version', '=', 2).execute();
    } finally {
      await database.close();
    }
  });
});
