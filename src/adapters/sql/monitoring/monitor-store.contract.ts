/**
 * The contract of the monitor store and the prediction-log reader, run on SQLite in unit tests and
 * on PostgreSQL in test/integration: what the monitors service relies on, whichever engine holds it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ColumnPoint, Monitor, MonitorRun } from '../../../domains/monitoring/monitor.schema.js';
import type { MonitorStore, PredictionLogReader } from '../../../domains/monitoring/monitor.store.js';
import type { ServingStore } from '../../../domains/serving/serving.store.js';

export interface MonitorStoreHarness {
  store: MonitorStore;
  log: PredictionLogReader;
  serving: Pick<ServingStore, 'appendPredictions' | 'putFeedback'>;
  cleanup(): Promise<void>;
}

const monitor = (name: string, nextRunAt: number | null, enabled = true): Monitor => ({
  name,
  config: { source: { deployment: 'd' }, reference: { rows: [{ a: 1 }] }, window: { every: 'hourly' } },
  enabled,
  nextRunAt,
  createdBy: 'k',
  createdAt: 1,
  updatedAt: 1,
});

const run = (id: string, name: string, windowEnd: number, psi = 0.1): MonitorRun => ({
  id,
  monitor: name,
  trigger: 'schedule',
  status: 'ok',
  error: null,
  windowStart: windowEnd - 3_600_000,
  windowEnd,
  startedAt: windowEnd + 5,
  finishedAt: windowEnd + 9,
  rows: 10,
  labelledRows: 2,
  datasetDrift: psi > 0.2,
  driftShare: 0.5,
  result: { drift: null, histograms: [], performance: null, infra: null },
});

const point = (runId: string, column: string, at: number, psi: number): ColumnPoint => ({ runId, at, column, test: 'psi', statistic: psi, p_value: null, drifted: psi >= 0.2, psi, current_count: 10, not_computable: null });

export function runMonitorStoreContract(engine: string, factory: () => Promise<MonitorStoreHarness>): void {
  describe(`monitor store on ${engine}`, () => {
    let h: MonitorStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(() => h.cleanup());

    it('creates, refuses a taken name, reads, updates and lists monitors', async () => {
      await h.store.create(monitor('b', 100));
      await h.store.create(monitor('a', null, false));
      await expect(h.store.create(monitor('a', 5))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(await h.store.get('b')).toEqual(monitor('b', 100));
      await h.store.update({ ...monitor('a', 7), updatedAt: 2 });
      expect(await h.store.get('a')).toMatchObject({ enabled: true, nextRunAt: 7, updatedAt: 2 });
      expect((await h.store.list()).map((m) => m.name)).toEqual(['a', 'b']);
      await expect(h.store.update(monitor('zz', 1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await h.store.get('zz')).toBeNull();
    });

    it('lists due monitors and lets exactly one of many concurrent claimers advance the schedule', async () => {
      await h.store.create(monitor('due', 1000));
      await h.store.create(monitor('later', 5000));
      await h.store.create(monitor('off', 10, false));
      expect((await h.store.due(2000)).map((m) => m.name)).toEqual(['due']);
      const wins = await Promise.all(Array.from({ length: 6 }, () => h.store.advance('due', 1000, 4600)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await h.store.get('due'))?.nextRunAt).toBe(4600);
      expect(await h.store.due(2000)).toEqual([]);
    });

    it('stores runs with their column points, pages them and serves the series', async () => {
      await h.store.create(monitor('m', 1));
      await h.store.create(monitor('other', 1));
      await h.store.insertRun(run('r1', 'm', 1000), [point('r1', 'x', 1000, 0.05), point('r1', 'y', 1000, Infinity)]);
      await h.store.insertRun(run('r2', 'm', 2000, 0.3), [point('r2', 'x', 2000, 0.3)]);
      await h.store.insertRun(run('r3', 'other', 3000), []);
      expect(await h.store.getRun('r2')).toEqual(run('r2', 'm', 2000, 0.3));
      expect((await h.store.listRuns('m', { limit: 10 })).map((r) => r.id)).toEqual(['r2', 'r1']);
      expect((await h.store.listRuns('m', { limit: 10, before: 2000 })).map((r) => r.id)).toEqual(['r1']);
      expect([...(await h.store.latestRuns(['m', 'other', 'none'])).entries()].map(([k, v]) => [k, v.id])).toEqual([
        ['m', 'r2'],
        ['other', 'r3'],
      ]);
      const x = await h.store.columnSeries('m', { column: 'x', limit: 100 });
      expect(x.map((p) => [p.at, p.psi, p.drifted])).toEqual([
        [1000, 0.05, false],
        [2000, 0.3, true],
      ]);
      // An infinite PSI (a bin empty on one side) is kept as null, not lost or rejected.
      expect((await h.store.columnSeries('m', { column: 'y', limit: 100 }))[0]).toMatchObject({ psi: null, statistic: null, drifted: true });
      expect(await h.store.columnSeries('m', { from: 1500, limit: 100 })).toHaveLength(1);
      const perf = { task: 'regression' as const, rows: 10, labelled: 10, labelled_fraction: 1, measured: { mae: 1 }, estimated: null, prediction_distribution: { labels: [], counts: [], entropy: null }, baseline: null, degradation: null, degraded: null };
      await h.store.updateRunResult('r1', { ...run('r1', 'm', 1000).result, performance: perf }, 10);
      expect(await h.store.getRun('r1')).toMatchObject({ labelledRows: 10, result: { performance: { measured: { mae: 1 } } } });
    });

    it('deletes a monitor with its runs and series', async () => {
      await h.store.create(monitor('m', 1));
      await h.store.insertRun(run('r1', 'm', 1000), [point('r1', 'x', 1000, 0.05)]);
      expect(await h.store.delete('m')).toBe(true);
      expect(await h.store.delete('m')).toBe(false);
      expect(await h.store.getRun('r1')).toBeNull();
      expect(await h.store.columnSeries('m', { limit: 10 })).toEqual([]);
    });

    it('reads the prediction log window with feedback joined, leaving shadow copies out', async () => {
      const rec = (requestId: string, at: number, deployment = 'd') => ({ requestId, deployment, model: 'm', version: 1, arm: 'primary', inputs: '{}', outputs: '{}', latencyMs: 1.5, status: 'ok' as const, cached: false, at });
      await h.serving.appendPredictions([rec('p1', 100), rec('p2', 200), rec('p3', 300), rec('p3:shadow', 300), rec('q1', 150, 'e'), rec('p4', 400)]);
      await h.serving.putFeedback({ requestId: 'p2', deployment: 'd', label: '1', reward: null, at: 500 });
      const w = await h.log.window('d', 100, 400, 10);
      expect(w.map((r) => [r.requestId, r.label])).toEqual([
        ['p1', null],
        ['p2', '1'],
        ['p3', null],
      ]);
      expect(w[0]).toMatchObject({ model: 'm', version: 1, latencyMs: 1.5, status: 'ok', at: 100 });
      expect((await h.log.window('d', 0, 1000, 2)).map((r) => r.requestId)).toEqual(['p3', 'p4']);
      expect((await h.log.latest('d', 2, 400)).map((r) => r.requestId)).toEqual(['p2', 'p3']);
      expect(await h.log.countBetween('d', 100, 400)).toBe(3);
      expect(await h.log.timings('d', 100, 400, 10)).toEqual([
        { latencyMs: 1.5, status: 'ok' },
        { latencyMs: 1.5, status: 'ok' },
        { latencyMs: 1.5, status: 'ok' },
      ]);
      expect(await h.log.feedbackSince('d', 100, 400, 499)).toBe(1);
      expect(await h.log.feedbackSince('d', 100, 400, 500)).toBe(0);
      expect(await h.log.feedbackSince('d', 300, 400, 0)).toBe(0);
    });
  });
}
