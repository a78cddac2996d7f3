/**
 * `keel train tabular` as a use case: read the data, train with trainTabular, and record it
 * all as a tracked run — params, per-step metrics, final metrics, the dataset as the run's
 * input, the ONNX model and its encoders as artifacts — then optionally register the model.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import type { Actor } from '../registry/index.js';
import { rowsToTable, type ColumnTable, type TabularReader, type TabularSource } from '../monitoring/index.js';
import type { TrackingApi } from '../tracking/index.js';
import { trainTabularRequestSchema, type TabularTrainingReport, type TrainTabularRequest } from './tabular-training.schema.js';
import { trainTabularInThread } from './tabular/train-in-thread.js';

/**
 * The seam for dataset references (`--data penguins@3`): the datasets domain resolves a name
 * and optional version to stored bytes. Wired in main.ts when that domain is present.
 */
export interface DatasetResolver {
  resolve(name: string, version?: string): Promise<{ source: TabularSource; name: string; version: string; digest: string }>;
  /** Records that a run trained on the version, so the dataset's lineage lists the run and its models. */
  linkRun?(name: string, version: string, runId: string): Promise<void>;
}

/** The part of the registry training needs. */
export interface ModelRegistrar {
  getModel(name: string): Promise<unknown>;
  createModel(input: { name: string; description?: string }, actor: Actor): Promise<unknown>;
  registerVersion(name: string, input: { source: { runId: string; path: string }; description?: string }, actor: Actor): Promise<{ version: number }>;
}

export interface TabularTrainingDeps {
  reader: TabularReader;
  tracking: TrackingApi;
  registry: ModelRegistrar;
  datasets?: DatasetResolver | undefined;
  clock: Clock;
}

interface LoadedData {
  table: ColumnTable;
  /** Set for a stored dataset version: the lineage link is recorded by the datasets domain. */
  datasetRef?: { name: string; version: string };
  name: string;
  digest: string;
  source: string;
  sourceType: string;
}

export class TabularTrainingService {
  constructor(private readonly deps: TabularTrainingDeps) {}

  async train(input: TrainTabularRequest, actor: Actor): Promise<TabularTrainingReport> {
    const req = parseInput(trainTabularRequestSchema, input);
    const data = await this.load(req.dataset);
    const { tracking, clock } = this.deps;
    const started = clock.now();
    const run = await tracking.createRun({
      ...(req.experiment ? { experimentName: req.experiment } : {}),
      runName: req.runName ?? `${req.model}-${req.target}`.slice(0, 250),
      tags: [
        { key: 'keel.trainer', value: req.model },
        { key: 'mlflow.source.type', value: 'LOCAL' },
        { key: 'mlflow.source.name', value: `keel train tabular --model ${req.model}` },
      ],
    });
    const runId = run.info.runId;
    try {
      if (data.datasetRef && this.deps.datasets?.linkRun) await this.deps.datasets.linkRun(data.datasetRef.name, data.datasetRef.version, runId);
      else await tracking.logInputs(runId, [{ dataset: { name: data.name, digest: data.digest, sourceType: data.sourceType, source: data.source }, tags: [{ key: 'mlflow.data.context', value: 'training' }] }]);
      // On a worker thread: the server keeps answering while the model trains.
      const result = await trainTabularInThread({ table: data.table, target: req.target, model: req.model, params: req.params, features: req.features, split: req.split, task: req.task });
      const params: Record<string, string> = { model: req.model, target: req.target, split: String(req.split), task: result.task };
      for (const [key, value] of Object.entries(result.params)) params[key] = Array.isArray(value) ? value.join(',') : String(value);
      await tracking.logBatch(runId, { params: Object.entries(params).map(([key, value]) => ({ key, value })) });
      const now = clock.now();
      const keys = [...new Set(result.history.flatMap((h) => Object.keys(h.metrics)))];
      const series = keys.map((key) => {
        const points = result.history.filter((h) => Number.isFinite(h.metrics[key]));
        return { key, steps: points.map((h) => h.step), timestamps: points.map(() => now), values: points.map((h) => h.metrics[key]!) };
      });
      if (series.some((s) => s.steps.length > 0)) await tracking.logMetricSeries(runId, series.filter((s) => s.steps.length > 0));
      const finals = Object.entries(result.metrics).filter(([, v]) => Number.isFinite(v));
      await tracking.logBatch(runId, { metrics: finals.map(([key, value]) => ({ key, value, timestamp: now, step: 0 })) });
      await tracking.putArtifact(runId, 'model/model.onnx', result.onnx);
      await tracking.putArtifact(runId, 'model/encoder.json', JSON.stringify({ target: req.target, task: result.task, classes: result.classes, encoder: result.encoder }, null, 2));
      let registered: TabularTrainingReport['registered'] = null;
      if (req.register) registered = { name: req.register, version: await this.register(req.register, runId, req.model, result.metrics, actor) };
      await tracking.updateRun(runId, { status: 'FINISHED', endTime: clock.now() });
      return {
        runId,
        experimentId: run.info.experimentId,
        model: req.model,
        task: result.task,
        classes: result.classes,
        features: result.features,
        params: result.params,
        metrics: result.metrics,
        rows: result.rows,
        steps: result.history.length,
        artifacts: ['model/model.onnx', 'model/encoder.json'],
        registered,
        durationMs: clock.now() - started,
      };
    } catch (err) {
      await tracking.updateRun(runId, { status: 'FAILED', endTime: clock.now() }).catch(() => undefined);
      throw err;
    }
  }

  private async register(name: string, runId: string, model: string, metrics: Record<string, number>, actor: Actor): Promise<number> {
    const { registry } = this.deps;
    try {
      await registry.getModel(name);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      await registry.createModel({ name, description: `built-in ${model} trained by keel train tabular` }, actor).catch((e: unknown) => {
        if (!(e instanceof AppError) || e.code !== 'ALREADY_EXISTS') throw e;
      });
    }
    const headline = metrics.accuracy !== undefined ? `accuracy ${metrics.accuracy.toFixed(4)}` : metrics.r2 !== undefined ? `R² ${metrics.r2.toFixed(4)}` : '';
    const version = await registry.registerVersion(name, { source: { runId, path: 'model/model.onnx' }, description: `${model}${headline ? `, validation ${headline}` : ''}` }, actor);
    return version.version;
  }

  private async load(dataset: ReturnType<typeof parseInput<typeof trainTabularRequestSchema>>['dataset']): Promise<LoadedData> {
    if ('rows' in dataset) {
      const json = JSON.stringify(dataset.rows);
      return { table: rowsToTable(dataset.rows), name: 'inline', digest: createHash('sha256').update(json).digest('hex').slice(0, 36), source: 'inline rows', sourceType: 'inline' };
    }
    if ('sha256' in dataset) {
      const table = await this.deps.reader.read({ kind: 'blob', sha256: dataset.sha256, format: dataset.format });
      return { table, name: dataset.name ?? dataset.sha256.slice(0, 12), digest: dataset.sha256.slice(0, 36), source: `sha256:${dataset.sha256}`, sourceType: 'upload' };
    }
    if (!this.deps.datasets) throw new AppError('FAILED_PRECONDITION', `dataset references (${dataset.name}${dataset.version ? `@${dataset.version}` : ''}) need the datasets service; upload the file instead`, { details: { fields: [{ path: 'body.dataset', message: 'no datasets service' }] } });
    const resolved = await this.deps.datasets.resolve(dataset.name, dataset.version);
    const table = await this.deps.reader.read(resolved.source);
    return { table, name: resolved.name, digest: resolved.digest.slice(0, 36), source: `${resolved.name}@${resolved.version}`, sourceType: 'keel-dataset', datasetRef: { name: resolved.name, version: resolved.version } };
  }
}
