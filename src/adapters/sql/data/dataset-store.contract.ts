/**
 * The DatasetStore contract: SQLite runs it beside the code, PostgreSQL in test/integration
 * (with a pool of several connections, so concurrent commits really race).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids.js';
import type { QualityReport } from '../../../domains/data/data.schema.js';
import type { DatasetStore, NewVersion } from '../../../domains/data/data.store.js';

export interface DatasetStoreHarness {
  store: DatasetStore;
  cleanup(): Promise<void>;
}

const sha = (c: string): string => c.repeat(64).slice(0, 64);

function dataset(name: string) {
  return { id: newId(), name, description: 'daily weather', createdBy: 'alice', createdAt: 1_700_000_000_000 };
}

function version(digest: string, files = [{ path: 'a.csv', sha256: sha('a'), size: 10 }]): NewVersion {
  return {
    id: newId(),
    digest,
    format: 'csv',
    files,
    size: files.reduce((s, f) => s + f.size, 0),
    rowCount: 3,
    schema: [{ name: 'x', type: 'BIGINT' }],
    profile: { rowCount: 3, columns: [{ name: 'x', type: 'BIGINT', kind: 'numeric', count: 3, nulls: 0, nullFraction: 0, distinct: 3, distinctApproximate: false, min: 1, max: 3, mean: 2, std: 1, quantiles: { p5: 1.1, p25: 1.5, p50: 2, p75: 2.5, p95: 2.9 }, histogram: { edges: [1, 2, 3], counts: [1, 2] }, top: null }] },
    message: 'msg',
    source: 'here',
    createdBy: 'alice',
    createdAt: 1_700_000_000_000,
  };
}

export function runDatasetStoreContract(name: string, factory: () => Promise<DatasetStoreHarness>): void {
  describe(`DatasetStore contract: ${name}`, () => {
    let h: DatasetStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('numbers versions per dataset, round-trips them, and returns the existing version for the same digest', async () => {
      const v1 = await h.store.addVersion(dataset('weather'), version(sha('1')));
      const v2 = await h.store.addVersion(dataset('weather'), version(sha('2'), [{ path: 'a.csv', sha256: sha('a'), size: 10 }, { path: 'b/c.csv', sha256: sha('b'), size: 5 }]));
      const other = await h.store.addVersion(dataset('cars'), version(sha('1')));
      expect([v1.version.version, v2.version.version, other.version.version]).toEqual([1, 2, 1]);
      expect(v2.version).toMatchObject({ dataset: 'weather', size: 15, rowCount: 3, format: 'csv', files: [{ path: 'a.csv', sha256: sha('a'), size: 10 }, { path: 'b/c.csv', sha256: sha('b'), size: 5 }] });
      expect(v2.version.profile.columns[0]?.quantiles?.p95).toBe(2.9);
      const again = await h.store.addVersion(dataset('weather'), version(sha('1')));
      expect(again).toMatchObject({ created: false, version: { id: v1.version.id, version: 1 } });

      const ds = await h.store.getDataset('weather');
      expect(ds).toMatchObject({ name: 'weather', description: 'daily weather', createdBy: 'alice', latestVersion: 2, versionCount: 2 });
      expect((await h.store.listDatasets()).map((d) => d.name)).toEqual(['cars', 'weather']);
      expect((await h.store.listVersions(ds?.id as string)).map((v) => v.version)).toEqual([2, 1]);
      expect((await h.store.findVersionsByDigest(ds?.id as string, '222222')).map((v) => v.version)).toEqual([2]);
      expect(await h.store.findVersionsByDigest(ds?.id as string, '333333')).toEqual([]);
      expect(await h.store.getVersion(ds?.id as string, 9)).toBeNull();
      const refs = await h.store.countFileReferences([sha('a'), sha('b'), sha('c')]);
      expect([refs.get(sha('a')), refs.get(sha('b')), refs.get(sha('c'))]).toEqual([3, 1, undefined]);
    });

    it('gives concurrent commits distinct numbers, and one version for one content', async () => {
      const digests = Array.from({ length: 6 }, (_, i) => sha(String(i)));
      const results = await Promise.all(digests.map((d) => h.store.addVersion(dataset('race'), version(d))));
      expect(results.map((r) => r.version.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const same = await Promise.all(Array.from({ length: 4 }, () => h.store.addVersion(dataset('same'), version(sha('f')))));
      expect(new Set(same.map((r) => r.version.id)).size).toBe(1);
      expect(same.filter((r) => r.created)).toHaveLength(1);
    });

    it('keeps quality reports and run links with the version', async () => {
      const { version: v } = await h.store.addVersion(dataset('weather'), version(sha('1')));
      const report = (id: string, createdAt: number, passed: boolean): QualityReport => ({
        id,
        dataset: 'weather',
        version: 1,
        versionId: v.id,
        suite: 'ci',
        passed,
        rowCount: 3,
        checks: [{ name: 'uniqueness:date', type: 'uniqueness', columns: ['date'], passed, measured: passed ? 0 : 2, threshold: 0, detail: 'x', failingExamples: passed ? [] : [{ date: '2012-01-01', count: 2 }] }],
        durationMs: 5,
        createdAt,
      });
      await h.store.saveReport(report('r1', 1000, true));
      await h.store.saveReport(report('r2', 2000, false));
      const reports = await h.store.listReports(v.id);
      expect(reports.map((r) => [r.id, r.passed])).toEqual([
        ['r2', false],
        ['r1', true],
      ]);
      expect(reports[0]?.checks[0]?.failingExamples).toEqual([{ date: '2012-01-01', count: 2 }]);
      expect(reports[1]?.suite).toBe('ci');

      await h.store.linkRun(v.id, { runId: 'run-a', context: 'train', linkedAt: 10 });
      await h.store.linkRun(v.id, { runId: 'run-a', context: 'eval', linkedAt: 20 });
      await h.store.linkRun(v.id, { runId: 'run-b', context: 'eval', linkedAt: 30 });
      expect(await h.store.listRunLinks(v.id)).toEqual([
        { runId: 'run-a', context: 'train', linkedAt: 10 },
        { runId: 'run-b', context: 'eval', linkedAt: 30 },
      ]);
    });
  });
}
