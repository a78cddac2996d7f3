/**
 * The TrackingStore contract: every SQL dialect runs these same cases
 * (SQLite beside the code, PostgreSQL in test/integration).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids.js';
import type { Metric } from '../../../domains/tracking/tracking.schema.js';
import type { FilterClause, NewRun, RunSearchQuery, TrackingStore } from '../../../domains/tracking/tracking.store.js';

export interface TrackingStoreHarness {
  store: TrackingStore;
  cleanup(): Promise<void>;
}

const T0 = 1_750_000_000_000;
const location = (id: string) => `mlflow-artifacts:/${id}`;

function newRun(experimentId: string, overrides: Partial<NewRun> = {}): NewRun {
  const runId = newId();
  return { runId, experimentId, runName: `run-${runId.slice(0, 4)}`, userId: 'ada', status: 'RUNNING', startTime: T0, artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`, tags: [], params: [], ...overrides };
}

const metric = (key: string, value: number, step: number, timestamp = T0 + step): Metric => ({ key, value, step, timestamp });

export function runTrackingStoreContract(name: string, factory: () => Promise<TrackingStoreHarness>): void {
  describe(`TrackingStore contract: ${name}`, () => {
    let h: TrackingStoreHarness;
    let s: TrackingStore;
    beforeEach(async () => {
      h = await factory();
      s = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    async function experiment(nameOf = `exp-${newId().slice(0, 8)}`): Promise<string> {
      return (await s.createExperiment({ name: nameOf, artifactLocation: undefined, tags: [], creationTime: T0 }, location)).experimentId;
    }

    it('has the Default experiment 0 and gives new experiments sequential string ids', async () => {
      expect(await s.getExperiment('0')).toMatchObject({ experimentId: '0', name: 'Default', artifactLocation: 'mlflow-artifacts:/0', lifecycleStage: 'active' });
      const a = await s.createExperiment({ name: 'a', artifactLocation: undefined, tags: [{ key: 'team', value: 'ml' }], creationTime: T0 }, location);
      const b = await s.createExperiment({ name: 'b', artifactLocation: 's3://bucket/b', tags: [], creationTime: T0 + 1 }, location);
      expect(a).toEqual({ experimentId: '1', name: 'a', artifactLocation: 'mlflow-artifacts:/1', lifecycleStage: 'active', creationTime: T0, lastUpdateTime: T0, tags: [{ key: 'team', value: 'ml' }] });
      expect(b.experimentId).toBe('2');
      expect(b.artifactLocation).toBe('s3://bucket/b');
      expect((await s.getExperimentByName('b'))?.experimentId).toBe('2');
      expect(await s.getExperiment('999')).toBeNull();
      await expect(s.createExperiment({ name: 'a', artifactLocation: undefined, tags: [], creationTime: T0 }, location)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      await expect(s.updateExperiment('2', { name: 'a', lastUpdateTime: T0 + 5 })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(await s.updateExperiment('2', { name: 'b2', lifecycleStage: 'deleted', lastUpdateTime: T0 + 5 })).toBe(true);
      expect(await s.setExperimentTag('1', { key: 'team', value: 'infra' }, T0 + 9)).toBe(true);
      expect(await s.setExperimentTag('77', { key: 'team', value: 'infra' }, T0 + 9)).toBe(false);
      expect((await s.getExperiment('1'))?.tags).toEqual([{ key: 'team', value: 'infra' }]);
      const active = await s.searchExperiments({ filter: [], viewType: 'ACTIVE_ONLY', orderBy: [{ entity: 'attribute', key: 'name', ascending: true }], offset: 0, limit: 10 });
      expect(active.map((e) => e.name)).toEqual(['Default', 'a']);
      const like = await s.searchExperiments({ filter: [{ kind: 'compare', entity: 'attribute', key: 'name', op: 'LIKE', value: 'b%' }], viewType: 'ALL', orderBy: [], offset: 0, limit: 10 });
      expect(like.map((e) => e.name)).toEqual(['b2']);
      const tagged = await s.searchExperiments({ filter: [{ kind: 'compare', entity: 'tag', key: 'team', op: '=', value: 'infra' }], viewType: 'ALL', orderBy: [], offset: 0, limit: 10 });
      expect(tagged.map((e) => e.name)).toEqual(['a']);
    });

    it('round-trips NaN and ±Infinity and keeps the latest point by step, then timestamp, with min/max over the series', async () => {
      const exp = await experiment();
      const run = newRun(exp);
      await s.createRun(run);
      await s.logBatch(run.runId, { metrics: [metric('loss', 0.5, 0), metric('loss', Number.NaN, 1), metric('loss', Infinity, 2), metric('loss', -Infinity, 2, T0 - 100), metric('acc', 0.9, 3)], params: [], tags: [] });
      // An older step logged later does not become the latest; the same step with a later timestamp does.
      await s.logBatch(run.runId, { metrics: [metric('loss', 0.1, 1, T0 + 999), metric('acc', 0.95, 3, T0 + 1000)], params: [], tags: [] });
      const history = await s.getMetricHistory(run.runId, 'loss', 0, 100);
      expect(history.map((m) => [m.step, m.value])).toEqual([[0, 0.5], [1, Number.NaN], [1, 0.1], [2, -Infinity], [2, Infinity]]);
      const latest = (await s.getRun(run.runId))?.data.metrics;
      expect(latest).toEqual([metric('acc', 0.95, 3, T0 + 1000), metric('loss', Infinity, 2)]);
      const summaries = await s.metricSummaries([run.runId]);
      expect(summaries.find((m) => m.key === 'loss')).toEqual({ runId: run.runId, key: 'loss', latest: Infinity, min: -Infinity, max: Infinity });
      expect(await s.getMetricHistory(run.runId, 'loss', 3, 10)).toHaveLength(2);
    });

    it('orders history across batches logged out of step order, keeping duplicates, and pages across them', async () => {
      const exp = await experiment();
      const run = newRun(exp);
      await s.createRun(run);
      const steps = (from: number, to: number, ts = 0) => Array.from({ length: to - from }, (_, i) => metric('k', from + i, from + i, T0 + ts));
      await s.logBatch(run.runId, { metrics: steps(0, 10), params: [], tags: [] });
      await s.logBatch(run.runId, { metrics: [...steps(20, 25), metric('k', -1, 21, T0)], params: [], tags: [] });
      await s.logBatch(run.runId, { metrics: steps(5, 15, 1), params: [], tags: [] });
      await s.logBatch(run.runId, { metrics: [metric('k', 3.5, 3, T0), metric('k', 3, 3, T0)], params: [], tags: [] });
      const all = await s.getMetricHistory(run.runId, 'k', 0, 1000);
      expect(all).toHaveLength(28);
      const sorted = [...all].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
      expect(all).toEqual(sorted);
      // Equal (step, timestamp) keep logging order: the first batch's 3, then 3.5, then 3.
      expect(all.filter((m) => m.step === 3).map((m) => m.value)).toEqual([3, 3.5, 3]);
      expect(all.filter((m) => m.step === 21).map((m) => m.value)).toEqual([21, -1]);
      for (const [offset, limit] of [[0, 5], [4, 7], [11, 3], [17, 100], [27, 5], [28, 5]] as const) {
        expect(await s.getMetricHistory(run.runId, 'k', offset, limit)).toEqual(all.slice(offset, offset + limit));
      }
      const buckets = await s.getMetricBuckets(run.runId, 'k', 5);
      expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(28);
      expect(buckets.at(-1)).toMatchObject({ step: 24, last: 24, max: 24 });
      expect((await s.getRun(run.runId))?.data.metrics).toEqual([metric('k', 24, 24, T0)]);
    });

    it('appends columnar series as blocks beside log-batch points, with latest, min/max, NaN/±Inf and step order kept', async () => {
      const exp = await experiment();
      const run = newRun(exp);
      await s.createRun(run);
      const cols = (steps: number[], values: number[], ts = (i: number) => T0 + i) => ({
        steps: Float64Array.from(steps),
        timestamps: Float64Array.from(steps, ts),
        values: Float64Array.from(values),
      });
      await s.logBatch(run.runId, { metrics: [metric('loss', 0.9, 0)], params: [], tags: [] });
      // Logged out of step order, with a tie at step 3 whose later timestamp must win "latest".
      await s.logMetricSeries(run.runId, [
        { key: 'loss', ...cols([3, 1, 2, 3], [0.3, Number.NaN, -Infinity, 0.25], (i) => (i === 3 ? T0 + 10 : T0 + i)) },
        { key: 'acc', ...cols([0, 1], [0.5, Infinity]) },
      ]);
      const history = await s.getMetricHistory(run.runId, 'loss', 0, 100);
      expect(history.map((m) => [m.step, m.value])).toEqual([[0, 0.9], [1, Number.NaN], [2, -Infinity], [3, 0.3], [3, 0.25]]);
      expect(history[4]?.timestamp).toBe(T0 + 10);
      const summaries = await s.metricSummaries([run.runId]);
      expect(summaries.find((m) => m.key === 'loss')).toEqual({ runId: run.runId, key: 'loss', latest: 0.25, min: -Infinity, max: 0.9 });
      expect(summaries.find((m) => m.key === 'acc')).toEqual({ runId: run.runId, key: 'acc', latest: Infinity, min: 0.5, max: Infinity });
      // A later series with an older step leaves the latest value alone.
      await s.logMetricSeries(run.runId, [{ key: 'loss', ...cols([2], [7]) }]);
      expect((await s.getRun(run.runId))?.data.metrics.find((m) => m.key === 'loss')).toEqual(metric('loss', 0.25, 3, T0 + 10));
      const buckets = await s.getMetricBuckets(run.runId, 'loss', 10);
      expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(6);
    });

    it('writes a 100k-point columnar series as one block that pages like any other', async () => {
      const exp = await experiment();
      const run = newRun(exp);
      await s.createRun(run);
      const n = 100_000;
      await s.logMetricSeries(run.runId, [{ key: 'big', steps: Float64Array.from({ length: n }, (_, i) => i), timestamps: new Float64Array(n).fill(T0), values: Float64Array.from({ length: n }, (_, i) => i / 2) }]);
      const page = await s.getMetricHistory(run.runId, 'big', 99_990, 100);
      expect(page.map((m) => m.step)).toEqual(Array.from({ length: 10 }, (_, i) => 99_990 + i));
      expect((await s.metricSummaries([run.runId]))[0]).toMatchObject({ latest: (n - 1) / 2, min: 0, max: (n - 1) / 2 });
    });

    it('refuses a param re-logged with another value and writes nothing of that batch', async () => {
      const exp = await experiment();
      const run = newRun(exp, { params: [{ key: 'lr', value: '0.01' }] });
      await s.createRun(run);
      await s.logBatch(run.runId, { metrics: [], params: [{ key: 'lr', value: '0.01' }], tags: [] });
      const bad = s.logBatch(run.runId, { metrics: [metric('m', 1, 0)], params: [{ key: 'bs', value: '32' }, { key: 'lr', value: '0.02' }], tags: [{ key: 't', value: 'x' }] });
      await expect(bad).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { key: 'lr', oldValue: '0.01', newValue: '0.02' } });
      await expect(bad).rejects.toThrow(/lr.*0\.01.*0\.02/);
      const after = await s.getRun(run.runId);
      expect(after?.data).toEqual({ metrics: [], params: [{ key: 'lr', value: '0.01' }], tags: [] });
      expect(await s.getMetricHistory(run.runId, 'm', 0, 10)).toEqual([]);
    });

    it('writes batches larger than one statement can bind, and buckets the series in SQL', async () => {
      const exp = await experiment();
      const run = newRun(exp);
      await s.createRun(run);
      const points = Array.from({ length: 6000 }, (_, i) => metric('x', i % 7 === 0 ? -i : i, i));
      await s.logBatch(run.runId, { metrics: points, params: [], tags: [] });
      expect(await s.getMetricHistory(run.runId, 'x', 5990, 100)).toHaveLength(10);
      const buckets = await s.getMetricBuckets(run.runId, 'x', 10);
      expect(buckets).toHaveLength(10);
      expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(6000);
      expect(buckets[0]).toEqual({ step: 599, min: -595, max: 599, last: 599, timestamp: T0 + 599, count: 600 });
      expect(buckets[9]).toMatchObject({ step: 5999, last: -5999, min: -5999, count: 600 });
      expect(await s.getMetricBuckets(run.runId, 'missing', 10)).toEqual([]);
    });

    it('searches by metrics, params, tags, attributes and datasets, ordering with NULLs last', async () => {
      const exp = await experiment();
      const runs = [
        newRun(exp, { runName: 'alpha', startTime: T0 + 1, params: [{ key: 'lr', value: '0.01' }], tags: [{ key: 'team', value: 'Vision' }] }),
        newRun(exp, { runName: 'beta', startTime: T0 + 2, params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'team', value: 'nlp' }], status: 'FINISHED' }),
        newRun(exp, { runName: 'gamma', startTime: T0 + 3, params: [], tags: [] }),
      ];
      for (const r of runs) await s.createRun(r);
      const [a, b, c] = runs.map((r) => r.runId) as [string, string, string];
      await s.logBatch(a, { metrics: [metric('acc', 0.7, 0)], params: [], tags: [] });
      await s.logBatch(b, { metrics: [metric('acc', 0.95, 0)], params: [], tags: [] });
      await s.logInputs(c, exp, [{ dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '/data/iris.csv' }, tags: [{ key: 'mlflow.data.context', value: 'train' }] }]);
      const search = async (filter: FilterClause[], extra: Partial<RunSearchQuery> = {}) =>
        (await s.searchRuns({ experimentIds: [exp], filter, viewType: 'ACTIVE_ONLY', orderBy: [], offset: 0, limit: 100, ...extra })).map((r) => r.info.runName);
      expect(await search([])).toEqual(['gamma', 'beta', 'alpha']);
      expect(await search([{ kind: 'compare', entity: 'metric', key: 'acc', op: '>', value: 0.9 }])).toEqual(['beta']);
      expect(await search([{ kind: 'compare', entity: 'param', key: 'lr', op: '=', value: '0.01' }])).toEqual(['alpha']);
      expect(await search([{ kind: 'compare', entity: 'tag', key: 'team', op: '!=', value: 'nlp' }])).toEqual(['alpha']);
      expect(await search([{ kind: 'compare', entity: 'tag', key: 'team', op: 'LIKE', value: 'vis%' }])).toEqual([]);
      expect(await search([{ kind: 'compare', entity: 'tag', key: 'team', op: 'ILIKE', value: 'vis%' }])).toEqual(['alpha']);
      expect(await search([{ kind: 'compare', entity: 'attribute', key: 'status', op: '=', value: 'FINISHED' }])).toEqual(['beta']);
      expect(await search([{ kind: 'in', entity: 'attribute', key: 'run_id', negated: false, values: [a, c] }])).toEqual(['gamma', 'alpha']);
      expect(await search([{ kind: 'in', entity: 'attribute', key: 'run_name', negated: true, values: ['alpha'] }])).toEqual(['gamma', 'beta']);
      expect(await search([{ kind: 'null', entity: 'param', key: 'lr', negated: false }])).toEqual(['gamma']);
      expect(await search([{ kind: 'compare', entity: 'attribute', key: 'start_time', op: '>=', value: T0 + 2 }])).toEqual(['gamma', 'beta']);
      expect(await search([{ kind: 'compare', entity: 'dataset', key: 'name', op: '=', value: 'iris' }])).toEqual(['gamma']);
      expect(await search([{ kind: 'compare', entity: 'dataset', key: 'context', op: '=', value: 'train' }])).toEqual(['gamma']);
      expect(await search([], { orderBy: [{ entity: 'metric', key: 'acc', ascending: true }] })).toEqual(['alpha', 'beta', 'gamma']);
      expect(await search([], { orderBy: [{ entity: 'metric', key: 'acc', ascending: false }] })).toEqual(['beta', 'alpha', 'gamma']);
      expect(await search([], { orderBy: [{ entity: 'param', key: 'lr', ascending: false }], offset: 1, limit: 1 })).toEqual(['alpha']);
      await s.updateRun(b, { lifecycleStage: 'deleted', deletedTime: T0 });
      expect(await search([], { viewType: 'DELETED_ONLY' })).toEqual(['beta']);
      expect(await search([], { viewType: 'ALL' })).toHaveLength(3);
      const withInputs = (await s.getRun(c))?.inputs.datasetInputs;
      expect(withInputs).toEqual([{ dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '/data/iris.csv' }, tags: [{ key: 'mlflow.data.context', value: 'train' }] }]);
    });

    it('updates runs and tags in one transaction, and deletes tags', async () => {
      const exp = await experiment();
      const run = newRun(exp, { tags: [{ key: 'a', value: '1' }] });
      await s.createRun(run);
      await expect(s.createRun(run)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      const info = await s.updateRun(run.runId, { status: 'FINISHED', endTime: T0 + 10, runName: 'renamed', tags: [{ key: 'mlflow.runName', value: 'renamed' }] });
      expect(info).toMatchObject({ status: 'FINISHED', endTime: T0 + 10, runName: 'renamed' });
      expect(await s.updateRun(newId(), { status: 'FAILED' })).toBeNull();
      await s.logBatch(run.runId, { metrics: [], params: [], tags: [{ key: 'a', value: '2' }, { key: 'a', value: '3' }] });
      expect((await s.getRun(run.runId))?.data.tags).toEqual([{ key: 'a', value: '3' }, { key: 'mlflow.runName', value: 'renamed' }]);
      expect(await s.deleteTag(run.runId, 'a')).toBe(true);
      expect(await s.deleteTag(run.runId, 'a')).toBe(false);
      expect((await s.getRuns([newId(), run.runId])).map((r) => r.info.runId)).toEqual([run.runId]);
    });

    it('records artifacts by full path and lists them by prefix', async () => {
      const exp = await experiment();
      const run = newRun(exp);
      const root = `${exp}/${run.runId}/artifacts/`;
      const sha = 'a'.repeat(64);
      await s.putArtifact({ path: `${root}model/MLmodel`, runId: run.runId, sha256: sha, size: 5, createdAt: T0 });
      await s.putArtifact({ path: `${root}a.txt`, runId: run.runId, sha256: sha, size: 1, createdAt: T0 });
      await s.putArtifact({ path: `${root}a.txt`, runId: run.runId, sha256: 'b'.repeat(64), size: 2, createdAt: T0 + 1 });
      await s.putArtifact({ path: `${exp}/models/m1/weights.bin`, runId: null, sha256: sha, size: 3_000_000_000, createdAt: T0 });
      expect(await s.getArtifact(`${root}a.txt`)).toEqual({ path: `${root}a.txt`, runId: run.runId, sha256: 'b'.repeat(64), size: 2, createdAt: T0 + 1 });
      expect(await s.getArtifact(`${root}nope`)).toBeNull();
      expect((await s.listArtifacts(root, run.runId)).map((r) => r.path)).toEqual([`${root}a.txt`, `${root}model/MLmodel`]);
      expect((await s.listArtifacts(`${root}model/`, run.runId)).map((r) => r.path)).toEqual([`${root}model/MLmodel`]);
      expect((await s.listArtifacts(`${exp}/`, null)).map((r) => r.size).sort((x, y) => x - y)).toEqual([2, 5, 3_000_000_000]);
    });
  });
}
