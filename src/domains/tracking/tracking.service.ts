import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { BlobSource, BlobStore } from '../../core/ports/blob-store.js';
import { parseInput } from '../../core/validation.js';
import { directChildren, runIdOfPath, validateArtifactPath } from './artifact-paths.js';
import { parseLogBatch } from './log-batch-parser.js';
import { parseMetricSeriesList } from './metric-series-parser.js';
import { parseOrderBy } from './order-by.js';
import { decodePageToken, page } from './paging.js';
import { generateRunName } from './run-names.js';
import { parseSearchFilter } from './search-filter.js';
import type { Page, RunComparison, TrackingApi } from './tracking.api.js';
import {
  createExperimentSchema,
  createRunSchema,
  datasetInputSchema,
  LIMITS,
  metricHistorySchema,
  metricSchema,
  paramSchema,
  searchExperimentsSchema,
  searchRunsSchema,
  tagSchema,
  updateRunSchema,
  type ArtifactEntry,
  type CreateExperimentInput,
  type CreateRunInput,
  type DatasetInputInput,
  type Experiment,
  type LogBatchInput,
  type Metric,
  type MetricBucket,
  type MetricSeriesInput,
  type Param,
  type Run,
  type RunInfo,
  type SearchExperimentsInput,
  type SearchRunsInput,
  type Tag,
  type UpdateRunInput,
} from './tracking.schema.js';
import type { TrackingStore } from './tracking.store.js';

/** MLflow's system tags, kept so MLflow's UI and clients read Keel's runs unchanged. */
export const SYSTEM_TAGS = { runName: 'mlflow.runName', user: 'mlflow.user', parentRunId: 'mlflow.parentRunId' } as const;

const EXPERIMENT_ID = /^\d{1,18}$/;
const RUN_ID = /^[0-9a-f]{32}$/;
const experimentNameSchema = createExperimentSchema.shape.name;
const runIdsSchema = z.array(z.string().regex(RUN_ID, 'must be a 32-character hex run id')).min(2).max(50);

export class TrackingService implements TrackingApi {
  constructor(
    private readonly store: TrackingStore,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  /* ---------- experiments ---------- */

  async createExperiment(input: CreateExperimentInput): Promise<Experiment> {
    const { name, artifactLocation, tags } = parseInput(createExperimentSchema, input);
    return this.store.createExperiment({ name, artifactLocation, tags, creationTime: this.clock.now() }, (id) => `mlflow-artifacts:/${id}`);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const found = EXPERIMENT_ID.test(experimentId) ? await this.store.getExperiment(experimentId) : null;
    if (!found) throw AppError.notFound('experiment', experimentId);
    return found;
  }

  async getExperimentByName(name: string): Promise<Experiment> {
    const found = await this.store.getExperimentByName(name);
    if (!found) throw AppError.notFound('experiment', name);
    return found;
  }

  async searchExperiments(input: SearchExperimentsInput): Promise<Page<Experiment>> {
    const q = parseInput(searchExperimentsSchema, input);
    const filter = parseSearchFilter(q.filter, 'experiments');
    const orderBy = parseOrderBy(q.orderBy, 'experiments');
    return page(decodePageToken(q.pageToken), q.maxResults, (offset, limit) => this.store.searchExperiments({ filter, orderBy, viewType: q.viewType, offset, limit }));
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    const name = parseInput(experimentNameSchema, newName, 'name');
    const experiment = await this.getExperiment(experimentId);
    if (experiment.lifecycleStage !== 'active') throw new AppError('FAILED_PRECONDITION', `experiment '${experimentId}' is deleted; restore it before renaming`);
    await this.store.updateExperiment(experimentId, { name, lastUpdateTime: this.clock.now() });
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.getExperiment(experimentId);
    await this.store.updateExperiment(experimentId, { lifecycleStage: 'deleted', lastUpdateTime: this.clock.now() });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.getExperiment(experimentId);
    await this.store.updateExperiment(experimentId, { lifecycleStage: 'active', lastUpdateTime: this.clock.now() });
  }

  async setExperimentTag(experimentId: string, tag: Tag): Promise<void> {
    const t = parseInput(tagSchema, tag, 'tag');
    await this.getExperiment(experimentId);
    await this.store.setExperimentTag(experimentId, t, this.clock.now());
  }

  /* ---------- runs ---------- */

  async createRun(input: CreateRunInput): Promise<Run> {
    const q = parseInput(createRunSchema, input);
    const experiment = await this.resolveExperiment(q.experimentId, q.experimentName);
    if (experiment.lifecycleStage !== 'active') {
      throw new AppError('FAILED_PRECONDITION', `could not create a run in experiment '${experiment.experimentId}': it is deleted`);
    }
    checkParamsConsistent(q.params);
    const tags = new Map(q.tags.map((t) => [t.key, t.value]));
    const runName = q.runName || tags.get(SYSTEM_TAGS.runName) || generateRunName();
    const userId = q.userId ?? tags.get(SYSTEM_TAGS.user) ?? '';
    tags.set(SYSTEM_TAGS.runName, runName);
    if (userId) tags.set(SYSTEM_TAGS.user, userId);
    if (q.parentRunId) tags.set(SYSTEM_TAGS.parentRunId, q.parentRunId);
    const runId = newId();
    await this.store.createRun({
      runId,
      experimentId: experiment.experimentId,
      runName,
      userId,
      status: 'RUNNING',
      startTime: q.startTime ?? this.clock.now(),
      artifactUri: `${experiment.artifactLocation.replace(/\/+$/, '')}/${runId}/artifacts`,
      tags: [...tags].map(([key, value]) => ({ key, value })),
      params: q.params,
    });
    return this.getRun(runId);
  }

  private async resolveExperiment(experimentId: string | undefined, experimentName: string | undefined): Promise<Experiment> {
    if (experimentId !== undefined) return this.getExperiment(experimentId);
    if (experimentName === undefined) return this.getExperiment('0');
    const existing = await this.store.getExperimentByName(experimentName);
    if (existing) return existing;
    try {
      return await this.createExperiment({ name: experimentName });
    } catch (err) {
      // Two runs starting together may both create it: the loser uses the winner's.
      if (err instanceof AppError && err.code === 'ALREADY_EXISTS') return this.getExperimentByName(experimentName);
      throw err;
    }
  }

  async getRun(runId: string): Promise<Run> {
    const run = RUN_ID.test(runId) ? await this.store.getRun(runId) : null;
    if (!run) throw AppError.notFound('run', runId);
    return run;
  }

  private async runInfo(runId: string): Promise<RunInfo> {
    const info = RUN_ID.test(runId) ? await this.store.getRunInfo(runId) : null;
    if (!info) throw AppError.notFound('run', runId);
    return info;
  }

  /** MLflow refuses writes to deleted runs (finished ones still accept metrics). */
  private async activeRun(runId: string): Promise<RunInfo> {
    const info = await this.runInfo(runId);
    if (info.lifecycleStage !== 'active') {
      throw new AppError('INVALID_ARGUMENT', `The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`, { details: { runId, lifecycleStage: info.lifecycleStage } });
    }
    return info;
  }

  async updateRun(runId: string, input: UpdateRunInput): Promise<RunInfo> {
    const q = parseInput(updateRunSchema, input);
    await this.activeRun(runId);
    const info = await this.store.updateRun(runId, {
      status: q.status,
      endTime: q.endTime,
      runName: q.runName || undefined,
      tags: q.runName ? [{ key: SYSTEM_TAGS.runName, value: q.runName }] : undefined,
    });
    if (!info) throw AppError.notFound('run', runId);
    return info;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.runInfo(runId);
    await this.store.updateRun(runId, { lifecycleStage: 'deleted', deletedTime: this.clock.now() });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.runInfo(runId);
    await this.store.updateRun(runId, { lifecycleStage: 'active', deletedTime: null });
  }

  async logBatch(runId: string, input: LogBatchInput): Promise<void> {
    const batch = parseLogBatch(input);
    checkParamsConsistent(batch.params);
    await this.activeRun(runId);
    if (batch.metrics.length + batch.params.length + batch.tags.length === 0) return;
    await this.store.logBatch(runId, batch);
  }

  async logMetricSeries(runId: string, input: readonly MetricSeriesInput[]): Promise<void> {
    const series = parseMetricSeriesList(input);
    await this.activeRun(runId);
    if (series.length === 0) return;
    await this.store.logMetricSeries(runId, series);
  }

  async logMetric(runId: string, metric: { key: string; value: number | string; timestamp: number; step?: number }): Promise<void> {
    const m = parseInput(metricSchema, metric, 'metric');
    await this.activeRun(runId);
    await this.store.logBatch(runId, { metrics: [m], params: [], tags: [] });
  }

  async logParam(runId: string, param: Param): Promise<void> {
    const p = parseInput(paramSchema, param, 'param');
    await this.activeRun(runId);
    await this.store.logBatch(runId, { metrics: [], params: [p], tags: [] });
  }

  async setTag(runId: string, tag: Tag): Promise<void> {
    const t = parseInput(tagSchema, tag, 'tag');
    await this.activeRun(runId);
    await this.store.logBatch(runId, { metrics: [], params: [], tags: [t] });
    // MLflow keeps the run's name and its mlflow.runName tag in step.
    if (t.key === SYSTEM_TAGS.runName && t.value) await this.store.updateRun(runId, { runName: t.value.slice(0, LIMITS.runName) });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.activeRun(runId);
    if (!(await this.store.deleteTag(runId, key))) throw new AppError('NOT_FOUND', `no tag '${key}' on run ${runId}`, { details: { resource: 'tag', id: key } });
  }

  async logInputs(runId: string, inputs: DatasetInputInput[]): Promise<void> {
    const parsed = parseInput(z.array(datasetInputSchema).max(LIMITS.batchTotal), inputs, 'datasetInputs');
    const info = await this.activeRun(runId);
    await this.store.logInputs(runId, info.experimentId, parsed);
  }

  async getMetricHistory(runId: string, key: string, opts: { pageToken?: string | undefined; maxResults?: number | undefined } = {}): Promise<Page<Metric>> {
    const q = parseInput(metricHistorySchema, { runId, key, ...stripUndefined(opts) }, 'query');
    await this.runInfo(runId);
    return page(decodePageToken(q.pageToken), q.maxResults, (offset, limit) => this.store.getMetricHistory(runId, q.key, offset, limit));
  }

  async getMetricHistoryBuckets(runId: string, key: string, maxPoints: number): Promise<MetricBucket[]> {
    const q = parseInput(metricHistorySchema.required({ maxPoints: true }), { runId, key, maxPoints }, 'query');
    await this.runInfo(runId);
    return this.store.getMetricBuckets(runId, q.key, q.maxPoints);
  }

  async searchRuns(input: SearchRunsInput): Promise<Page<Run>> {
    const q = parseInput(searchRunsSchema, input);
    q.experimentIds.forEach((id, i) => {
      if (!EXPERIMENT_ID.test(id)) throw AppError.invalid(`body.experimentIds.${i}: '${id}' is not an experiment id`, [{ path: `experimentIds.${i}`, message: 'not an experiment id' }]);
    });
    const filter = parseSearchFilter(q.filter, 'runs');
    const orderBy = parseOrderBy(q.orderBy, 'runs');
    return page(decodePageToken(q.pageToken), q.maxResults, (offset, limit) =>
      this.store.searchRuns({ experimentIds: q.experimentIds, filter, orderBy, viewType: q.runViewType, offset, limit }),
    );
  }

  async compareRuns(runIds: string[]): Promise<RunComparison> {
    const ids = parseInput(runIdsSchema, runIds, 'runIds');
    if (new Set(ids).size !== ids.length) throw AppError.invalid('runIds: each run may appear once', [{ path: 'runIds', message: 'duplicate run id' }]);
    const runs = await this.store.getRuns(ids);
    const missing = ids.find((id) => !runs.some((r) => r.info.runId === id));
    if (missing) throw AppError.notFound('run', missing);
    const paramKeys = [...new Set(runs.flatMap((r) => r.data.params.map((p) => p.key)))].sort();
    const params = paramKeys.map((key) => {
      const values = runs.map((r) => r.data.params.find((p) => p.key === key)?.value ?? null);
      return { key, values, differs: values.some((v) => v !== values[0]) };
    });
    const summaries = await this.store.metricSummaries(ids);
    const metricKeys = [...new Set(summaries.map((s) => s.key))].sort();
    const metrics = metricKeys.map((key) => {
      const of = ids.map((id) => summaries.find((s) => s.runId === id && s.key === key));
      return { key, latest: of.map((s) => s?.latest ?? null), min: of.map((s) => s?.min ?? null), max: of.map((s) => s?.max ?? null) };
    });
    return { runs: runs.map((r) => r.info), params, metrics };
  }

  /* ---------- artifacts ---------- */

  private async artifactRoot(runId: string): Promise<{ info: RunInfo; root: string }> {
    const info = await this.runInfo(runId);
    return { info, root: `${info.experimentId}/${runId}/artifacts` };
  }

  async putArtifact(runId: string, path: string, source: BlobSource): Promise<ArtifactEntry> {
    const rel = validateArtifactPath(path);
    const { root } = await this.artifactRoot(runId);
    const entry = await this.putAt(`${root}/${rel}`, runId, source);
    return { ...entry, path: rel };
  }

  async listArtifacts(runId: string, path?: string): Promise<{ rootUri: string; files: ArtifactEntry[] }> {
    const rel = path ? validateArtifactPath(path.replace(/\/+$/, '')) : '';
    const { info, root } = await this.artifactRoot(runId);
    const prefix = `${root}/${rel ? `${rel}/` : ''}`;
    const records = await this.store.listArtifacts(prefix, runId);
    return { rootUri: info.artifactUri, files: directChildren(records, prefix, rel ? `${rel}/` : '') };
  }

  async openArtifact(runId: string, path: string): Promise<{ stream: Readable; size: number; sha256: string }> {
    const rel = validateArtifactPath(path);
    const { root } = await this.artifactRoot(runId);
    return this.openAt(`${root}/${rel}`, path);
  }

  async putArtifactAtPath(path: string, source: BlobSource): Promise<ArtifactEntry> {
    const full = validateArtifactPath(path);
    return this.putAt(full, runIdOfPath(full), source);
  }

  async listArtifactsAtPath(path: string): Promise<ArtifactEntry[]> {
    const full = path.replace(/\/+$/, '');
    if (full) validateArtifactPath(full);
    const prefix = full ? `${full}/` : '';
    return directChildren(await this.store.listArtifacts(prefix, runIdOfPath(prefix)), prefix, '');
  }

  openArtifactAtPath(path: string): Promise<{ stream: Readable; size: number; sha256: string }> {
    return this.openAt(validateArtifactPath(path), path);
  }

  /** The blob is stored (and its sha256 known) before the row exists: a crash between leaves an unreferenced blob, never a dangling row. */
  private async putAt(fullPath: string, runId: string | null, source: BlobSource): Promise<ArtifactEntry> {
    const blob = await this.blobs.put(source);
    await this.store.putArtifact({ path: fullPath, runId, sha256: blob.sha256, size: blob.size, createdAt: this.clock.now() });
    return { path: fullPath, isDir: false, size: blob.size, sha256: blob.sha256 };
  }

  private async openAt(fullPath: string, shown: string): Promise<{ stream: Readable; size: number; sha256: string }> {
    const record = await this.store.getArtifact(fullPath);
    if (!record) throw AppError.notFound('artifact', shown);
    return { stream: await this.blobs.get(record.sha256), size: record.size, sha256: record.sha256 };
  }
}

/** One batch may repeat a param only with the same value. */
function checkParamsConsistent(params: readonly Param[]): void {
  const seen = new Map<string, string>();
  for (const p of params) {
    const prev = seen.get(p.key);
    if (prev !== undefined && prev !== p.value) {
      throw AppError.invalid(`params: key '${p.key}' appears twice with different values ('${prev}' and '${p.value}')`, [{ path: 'params', message: `duplicate key ${p.key}` }]);
    }
    seen.set(p.key, p.value);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
