import type { Kysely, Selectable } from 'kysely';
import type { DatasetInput, Experiment, LifecycleStage, Metric, Run, RunInfo, RunStatus, Tag } from '../../../domains/tracking/tracking.schema.js';
import type { DatabaseSchema, ExperimentsTable, RunsTable } from '../schema/index.js';

/** Rows ↔ domain records, and the batched loads that turn run rows into full runs. */
export type Db = Kysely<DatabaseSchema>;

/** Bound parameters per statement stay well under SQLite's 32766 and PostgreSQL's 65535. */
export const MAX_PARAMS_PER_STATEMENT = 30_000;
const ID_CHUNK = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** NaN cannot be stored by SQLite (it becomes NULL), so it travels as a flag in both engines. */
export function encodeMetricValue(value: number): { value: number | null; is_nan: 0 | 1 } {
  return Number.isNaN(value) ? { value: null, is_nan: 1 } : { value, is_nan: 0 };
}

export function decodeMetricValue(value: number | null, isNan: number): number {
  return isNan !== 0 || value === null ? Number.NaN : Number(value);
}

export function toMetric(row: { key: string; value: number | null; is_nan: number; step: number; timestamp: number }): Metric {
  return { key: row.key, value: decodeMetricValue(row.value, row.is_nan), step: Number(row.step), timestamp: Number(row.timestamp) };
}

export function experimentIdNumber(experimentId: string): number {
  return Number(experimentId);
}

export function toExperiment(row: Selectable<ExperimentsTable>, tags: Tag[]): Experiment {
  return {
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    tags,
  };
}

export function toRunInfo(row: Selectable<RunsTable>): RunInfo {
  return {
    runId: row.run_id,
    runName: row.run_name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status as RunStatus,
    startTime: Number(row.start_time),
    endTime: row.end_time === null ? null : Number(row.end_time),
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
  };
}

function group<T>(rows: readonly T[], by: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = by(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export async function loadExperiments(db: Db, rows: Selectable<ExperimentsTable>[]): Promise<Experiment[]> {
  if (rows.length === 0) return [];
  const tags: { experiment_id: number; key: string; value: string }[] = [];
  for (const ids of chunks(rows.map((r) => r.experiment_id), ID_CHUNK)) {
    tags.push(...(await db.selectFrom('experiment_tags').select(['experiment_id', 'key', 'value']).where('experiment_id', 'in', ids).orderBy('key').execute()));
  }
  const byExperiment = group(tags, (t) => String(t.experiment_id));
  return rows.map((r) => toExperiment(r, (byExperiment.get(String(r.experiment_id)) ?? []).map((t) => ({ key: t.key, value: t.value }))));
}

/** Params, tags, latest metrics and dataset inputs of many runs: four queries per chunk of ids, never one per run. */
export async function loadRuns(db: Db, infos: RunInfo[]): Promise<Run[]> {
  if (infos.length === 0) return [];
  const params: { run_id: string; key: string; value: string }[] = [];
  const tags: { run_id: string; key: string; value: string }[] = [];
  const metrics: { run_id: string; key: string; value: number | null; is_nan: number; step: number; timestamp: number }[] = [];
  const inputs: { run_id: string; tags: string; name: string; digest: string; source_type: string; source: string; schema: string | null; profile: string | null }[] = [];
  for (const ids of chunks(infos.map((i) => i.runId), ID_CHUNK)) {
    const [p, t, m, d] = await Promise.all([
      db.selectFrom('run_params').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).orderBy('key').execute(),
      db.selectFrom('run_tags').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).orderBy('key').execute(),
      db.selectFrom('metric_series').select(['run_id', 'key', 'value', 'is_nan', 'step', 'timestamp']).where('run_id', 'in', ids).orderBy('key').execute(),
      db
        .selectFrom('run_inputs as i')
        .innerJoin('datasets as d', 'd.dataset_id', 'i.dataset_id')
        .select(['i.run_id', 'i.tags', 'd.name', 'd.digest', 'd.source_type', 'd.source', 'd.schema', 'd.profile'])
        .where('i.run_id', 'in', ids)
        .orderBy('d.name')
        .execute(),
    ]);
    params.push(...p);
    tags.push(...t);
    metrics.push(...m);
    inputs.push(...d);
  }
  const p = group(params, (r) => r.run_id);
  const t = group(tags, (r) => r.run_id);
  const m = group(metrics, (r) => r.run_id);
  const d = group(inputs, (r) => r.run_id);
  return infos.map((info) => ({
    info,
    data: {
      metrics: (m.get(info.runId) ?? []).map(toMetric),
      params: (p.get(info.runId) ?? []).map((r) => ({ key: r.key, value: r.value })),
      tags: (t.get(info.runId) ?? []).map((r) => ({ key: r.key, value: r.value })),
    },
    inputs: { datasetInputs: (d.get(info.runId) ?? []).map(toDatasetInput) },
  }));
}

function toDatasetInput(row: { tags: string; name: string; digest: string; source_type: string; source: string; schema: string | null; profile: string | null }): DatasetInput {
  return {
    dataset: {
      name: row.name,
      digest: row.digest,
      sourceType: row.source_type,
      source: row.source,
      ...(row.schema === null ? {} : { schema: row.schema }),
      ...(row.profile === null ? {} : { profile: row.profile }),
    },
    tags: JSON.parse(row.tags) as Tag[],
  };
}
