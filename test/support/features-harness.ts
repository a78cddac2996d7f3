/** A FeaturesService on real engines (SQLite metadata, DuckDB, a KvStore) with a settable clock. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteKvStore } from '../../src/adapters/kv/index.js';
import { FeatureRegistrySqlStore, migrateToLatest, openDatabase, postgresTableExporter, type SqlDatabase } from '../../src/adapters/sql/index.js';
import { DuckDbFeatureEngine } from '../../src/adapters/tabular/index.js';
import type { KvStore } from '../../src/core/ports/kv-store.js';
import { FeaturesService, type DatasetResolver } from '../../src/domains/features/index.js';

export interface FeaturesHarness {
  service: FeaturesService;
  kv: KvStore;
  sql: SqlDatabase;
  dir: string;
  clock: { now(): number; set(ms: number | string): void };
  close(): Promise<void>;
}

export async function featuresHarness(opts: { kv?: KvStore; datasets?: DatasetResolver; sql?: SqlDatabase } = {}): Promise<FeaturesHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-features-test-'));
  const sql = opts.sql ?? (await openDatabase({ type: 'sqlite', path: join(dir, 'keel.db') }));
  if (!opts.sql) await migrateToLatest(sql);
  const kv = opts.kv ?? (await SqliteKvStore.open(join(dir, 'kv.db')));
  let now = Date.parse('2024-02-01T00:00:00Z');
  const clock = { now: () => now, set: (ms: number | string) => void (now = typeof ms === 'number' ? ms : Date.parse(ms)) };
  const service = new FeaturesService({ store: new FeatureRegistrySqlStore(sql), engine: new DuckDbFeatureEngine({ exportPostgres: postgresTableExporter(sql) }), kv, datasets: opts.datasets, clock });
  return {
    service,
    kv,
    sql,
    dir,
    clock,
    close: async () => {
      if (!opts.kv) await kv.close();
      if (!opts.sql) await sql.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
