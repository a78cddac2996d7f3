/**
 * Quality suites on real data (vega-datasets seattle-weather): the clean file passes every check;
 * a copy with planted problems (missing values, out-of-range and unknown values, duplicate dates,
 * the last two months cut off) fails exactly the checks those problems break, with the planted
 * rows as failing examples.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../adapters/blob/index.js';
import { DatasetSqlStore, migrateToLatest, openDatabase, type SqlDatabase } from '../../adapters/sql/index.js';
import { DuckDbDatasetEngine } from '../../adapters/tabular/index.js';
import { fixedClock } from '../../core/clock.js';
import type { QualityReport, QualitySuiteInput } from './data.schema.js';
import { DatasetService } from './dataset.service.js';

const WEATHER = join(process.cwd(), 'node_modules/vega-datasets/data/seattle-weather.csv');
const actor = { id: 'tester' };
// The newest row is 2015-12-31: "now" is 36 hours later, inside the 48 h freshness limit.
const NOW = Date.parse('2016-01-01T12:00:00Z');

const suite: QualitySuiteInput = {
  name: 'weather-daily',
  checks: [
    { type: 'schema', columns: { date: 'date', precipitation: 'number', temp_max: 'number', temp_min: 'number', wind: 'number', weather: 'string' }, allowExtra: false },
    { type: 'completeness' },
    { type: 'range', column: 'temp_max', min: -30, max: 45 },
    { type: 'range', column: 'weather', allowed: ['drizzle', 'rain', 'sun', 'snow', 'fog'] },
    { type: 'uniqueness', columns: ['date'] },
    { type: 'freshness', column: 'date', maxAgeHours: 48 },
    { type: 'distribution', reference: '1', columns: ['temp_max', 'wind', 'weather'] },
  ],
};

function byName(report: QualityReport): Map<string, QualityReport['checks'][number]> {
  return new Map(report.checks.map((c) => [c.name, c]));
}

describe('quality suites on seattle-weather', () => {
  let dir: string;
  let sqlDb: SqlDatabase;
  let service: DatasetService;
  const planted = { nulls: [] as string[], hot: [] as string[], hail: [] as string[], dupes: [] as string[] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-quality-test-'));
    sqlDb = await openDatabase({ type: 'sqlite', path: ':memory:' });
    await migrateToLatest(sqlDb);
    const blobs = await FsBlobStore.open(join(dir, 'blobs'));
    service = new DatasetService({ store: new DatasetSqlStore(sqlDb), engine: new DuckDbDatasetEngine(blobs), blobs, clock: fixedClock(NOW) });

    const text = await readFile(WEATHER, 'utf8');
    const [header, ...rows] = text.trim().split('\n') as [string, ...string[]];
    const clean = await service.uploadFile(text);
    await service.createVersion('weather', { files: [{ path: 'weather.csv', sha256: clean.sha256 }] }, actor);

    // Planted problems, on rows chosen by position; the last 60 days are dropped (stale data).
    const kept = rows.slice(0, rows.length - 60).map((line, i) => {
      const cells = line.split(',');
      if (i % 10 === 3) {
        cells[1] = '';
        planted.nulls.push(cells[0] as string);
      }
      if (i % 100 === 7) {
        cells[2] = '99.9';
        planted.hot.push(cells[0] as string);
      }
      if (i === 500 || i === 501 || i === 502) {
        cells[5] = 'hail';
        planted.hail.push(cells[0] as string);
      }
      return cells.join(',');
    });
    const duplicated = [kept[10], kept[20], kept[30]] as string[];
    planted.dupes = duplicated.map((l) => l.split(',')[0] as string);
    const bad = await service.uploadFile([header, ...kept, ...duplicated].join('\n') + '\n');
    await service.createVersion('weather', { files: [{ path: 'weather.csv', sha256: bad.sha256 }], message: 'planted problems' }, actor);
  });
  afterAll(async () => {
    await sqlDb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes every check on the clean version', async () => {
    const report = await service.checkQuality('weather', 1, suite);
    const failed = report.checks.filter((c) => !c.passed);
    expect(failed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.rowCount).toBe(1461);
    const checks = byName(report);
    expect(checks.get('freshness:date')?.measured).toBe(36);
    expect(checks.get('completeness:precipitation')?.measured).toBe(0);
    // The distribution of a version against itself shows no drift.
    expect(checks.get('distribution:temp_max')?.passed).toBe(true);
  });

  it('finds each planted problem on the broken version, with the planted rows as examples', async () => {
    const report = await service.checkQuality('weather', 2, suite);
    expect(report.passed).toBe(false);
    const checks = byName(report);

    const nulls = checks.get('completeness:precipitation');
    const rows = 1461 - 60 + 3;
    expect(nulls?.passed).toBe(false);
    expect(nulls?.measured).toBeCloseTo((planted.nulls.length + planted.dupes.filter((d) => planted.nulls.includes(d)).length) / rows, 5);
    expect(nulls?.failingExamples).toHaveLength(20);
    expect(nulls?.failingExamples.every((r) => r.precipitation === null)).toBe(true);
    expect(checks.get('completeness:temp_max')?.passed).toBe(true);

    const hot = checks.get('range:temp_max');
    expect(hot?.passed).toBe(false);
    expect(hot?.detail).toMatch(new RegExp(`^${planted.hot.length} of ${rows} values outside`));
    expect(new Set(hot?.failingExamples.map((r) => r.temp_max))).toEqual(new Set([99.9]));

    const hail = checks.get('range:weather');
    expect(hail?.passed).toBe(false);
    expect(hail?.failingExamples.map((r) => r.date).sort()).toEqual([...planted.hail].sort());

    const unique = checks.get('uniqueness:date');
    expect(unique?.passed).toBe(false);
    expect(unique?.measured).toBe(3);
    expect(unique?.failingExamples.map((r) => [r.date, r.count]).sort()).toEqual(planted.dupes.map((d) => [d, 2]).sort());

    const fresh = checks.get('freshness:date');
    expect(fresh?.passed).toBe(false);
    expect(fresh?.measured).toBe(36 + 60 * 24);

    expect(checks.get('schema')?.passed).toBe(true);
  });

  it('flags a shifted distribution against the reference version', async () => {
    const text = await readFile(WEATHER, 'utf8');
    const [header, ...rows] = text.trim().split('\n') as [string, ...string[]];
    const summer = rows.filter((l) => /^\d{4}-0[6-8]-/.test(l));
    const blob = await service.uploadFile([header, ...summer].join('\n') + '\n');
    await service.createVersion('weather', { files: [{ path: 'weather.csv', sha256: blob.sha256 }], message: 'summer only' }, actor);
    const report = await service.checkQuality('weather', 3, { checks: [{ type: 'distribution', reference: 'weather@1', columns: ['temp_max'] }] });
    const check = report.checks[0];
    expect(check?.passed).toBe(false);
    // Over 1000 reference rows, the automatic choice for a numeric column is the normalized Wasserstein distance.
    expect(check?.detail).toMatch(/^wasserstein vs weather@1: distance/);
    expect(check?.measured).toBeGreaterThan(0.1);
  });

  it('stores reports with the version, newest first', async () => {
    const reports = await service.listReports('weather', 2);
    expect(reports[0]?.passed).toBe(false);
    expect(reports[0]?.suite).toBe('weather-daily');
  });

  it('refuses a malformed suite and an unknown version, naming them', async () => {
    await expect(service.checkQuality('weather', 1, 'checks: [oops')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^suite: not valid JSON or YAML/) });
    await expect(service.checkQuality('weather', 1, { checks: [{ type: 'completeness', maxNullFraction: 2 }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^suite\.checks\.0\.maxNullFraction/) });
    await expect(service.checkQuality('weather', 1, { checks: [{ type: 'range', column: 'weather', regex: '(' }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/invalid regex/) });
    await expect(service.checkQuality('weather', 9, suite)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'version weather@9 not found' });
    await expect(service.checkQuality('weather', 1, { checks: [{ type: 'distribution', reference: '7' }] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'version weather@7 not found' });
  });
});
