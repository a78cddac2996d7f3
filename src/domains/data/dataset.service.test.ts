import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../adapters/blob/index.js';
import { DatasetSqlStore, migrateToLatest, openDatabase, type SqlDatabase } from '../../adapters/sql/index.js';
import { DuckDbDatasetEngine } from '../../adapters/tabular/index.js';
import { fixedClock } from '../../core/clock.js';
import { DatasetService } from './dataset.service.js';

const WEATHER = join(process.cwd(), 'node_modules/vega-datasets/data/seattle-weather.csv');
const actor = { id: 'tester' };

describe('DatasetService', () => {
  let dir: string;
  let sqlDb: SqlDatabase;
  let blobs: FsBlobStore;
  let service: DatasetService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-data-test-'));
    sqlDb = await openDatabase({ type: 'sqlite', path: ':memory:' });
    await migrateToLatest(sqlDb);
    blobs = await FsBlobStore.open(join(dir, 'blobs'));
    service = new DatasetService({ store: new DatasetSqlStore(sqlDb), engine: new DuckDbDatasetEngine(blobs), blobs, clock: fixedClock(1_700_000_000_000) });
  });
  afterAll(async () => {
    await sqlDb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('versions a CSV with its schema, row count and per-column profile', async () => {
    const csv = await readFile(WEATHER);
    const { sha256 } = await service.uploadFile(csv);
    const { version, created } = await service.createVersion('weather', { files: [{ path: 'seattle-weather.csv', sha256 }], message: 'first' }, actor);
    expect(created).toBe(true);
    expect(version.version).toBe(1);
    expect(version.rowCount).toBe(1461);
    expect(version.schema.map((c) => c.name)).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    const temp = version.profile.columns.find((c) => c.name === 'temp_max');
    expect(temp?.kind).toBe('numeric');
    expect(temp?.min).toBe(-1.6);
    expect(temp?.max).toBe(35.6);
    expect(temp?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(1461);
    const weather = version.profile.columns.find((c) => c.name === 'weather');
    expect(weather?.distinct).toBe(5);
    expect(weather?.top?.[0]).toEqual({ value: 'rain', count: 641 });
    const resolved = await service.resolve('weather');
    expect(resolved).toMatchObject({ version: 1, format: 'csv', files: [{ path: 'seattle-weather.csv', sha256, size: csv.length }] });
    const again = await service.createVersion('weather', { files: [{ path: 'seattle-weather.csv', sha256 }] }, actor);
    expect(again.created).toBe(false);
    expect(again.version.id).toBe(version.id);
  });
});
