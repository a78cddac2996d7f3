import { sql } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { DatasetInput, Experiment, LifecycleStage, Metric, MetricBucket, MetricSeries, Param, Run, RunInfo, Tag } from '../../../domains/tracking/tracking.schema.js';
import type {
  ArtifactRecord,
  ExperimentSearchQuery,
  MetricSummary,
  NewExperiment,
  NewRun,
  RunPatch,
  RunSearchQuery,
  TrackingStore,
} from '../../../domains/tracking/tracking.store.js';
import type { SqlDatabase } from '../database.js';
import { isUniqueViolation } from '../dialect.js';
import { insertExperiment, nameTaken, searchExperiments, setExperimentTag } from './experiments.sql.js';
import { appendMetrics, appendSeries, metricBuckets, metricHistory, metricSummaries } from './metrics.sql.js';
import { searchRunRows } from './run-search.sql.js';
import { chunks, experimentIdNumber, loadExperiments, loadRuns, toRunInfo, type Db } from './tracking-rows.js';

/** The tracking port on Kysely: one code path for SQLite and PostgreSQL. */
export class TrackingSqlStore implements TrackingStore {
  private readonly db: Db;

  constructor(private readonly sql: SqlDatabase) {
    this.db = sql.db;
  }

  createExperiment(input: NewExperiment, defaultArtifactLocation: (experimentId: string) => string): Promise<Experiment> {
    return insertExperiment(this.db, input, defaultArtifactLocation);
  }

  async getExperiment(experimentId: string): Promise<Experiment | null> {
    const row = await this.db.selectFrom('experiments').selectAll().where('experiment_id', '=', experimentIdNumber(experimentId)).executeTakeFirst();
    return row ? ((await loadExperiments(this.db, [row]))[0] ?? null) : null;
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const row = await this.db.selectFrom('experiments').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? ((await loadExperiments(this.db, [row]))[0] ?? null) : null;
  }

  searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]> {
    return searchExperiments(this.db, this.sql.dialect, query);
  }

  async updateExperiment(experimentId: string, patch: { name?: string; lifecycleStage?: LifecycleStage; lastUpdateTime: number }): Promise<boolean> {
    try {
      const result = await this.db
        .updateTable('experiments')
        .set({
          last_update_time: patch.lastUpdateTime,
          ...(patch.name === undefined ? {} : { name: patch.name }),
          ...(patch.lifecycleStage === undefined ? {} : { lifecycle_stage: patch.lifecycleStage }),
        })
        .where('experiment_id', '=', experimentIdNumber(experimentId))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    } catch (err) {
      if (isUniqueViolation(err) && patch.name !== undefined) throw nameTaken(patch.name, err);
      throw err;
    }
  }

  setExperimentTag(experimentId: string, tag: Tag, at: number): Promise<boolean> {
    return setExperimentTag(this.db, experimentId, tag, at);
  }

  async createRun(run: NewRun): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('runs')
          .values({
            run_id: run.runId,
            experiment_id: experimentIdNumber(run.experimentId),
            run_name: run.runName,
            user_id: run.userId,
            status: run.status,
            start_time: run.startTime,
            end_time: null,
            lifecycle_stage: 'active',
            artifact_uri: run.artifactUri,
            deleted_time: null,
          })
          .execute();
        await this.writeParamsAndTags(trx, run.runId, run.params, run.tags);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.alreadyExists('run', run.runId);
      throw err;
    }
  }

  async getRun(runId: string): Promise<Run | null> {
    return (await this.getRuns([runId]))[0] ?? null;
  }

  async getRunInfo(runId: string): Promise<RunInfo | null> {
    const row = await this.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
    return row ? toRunInfo(row) : null;
  }

  async getRuns(runIds: string[]): Promise<Run[]> {
    const infos = new Map<string, RunInfo>();
    for (const ids of chunks(runIds, 500)) {
      for (const row of await this.db.selectFrom('runs').selectAll().where('run_id', 'in', ids).execute()) infos.set(row.run_id, toRunInfo(row));
    }
    return loadRuns(this.db, runIds.flatMap((id) => infos.get(id) ?? []));
  }

  async updateRun(runId: string, patch: RunPatch): Promise<RunInfo | null> {
    return this.db.transaction().execute(async (trx) => {
      const set = {
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.endTime === undefined ? {} : { end_time: patch.endTime }),
        ...(patch.runName === undefined ? {} : { run_name: patch.runName }),
        ...(patch.lifecycleStage === undefined ? {} : { lifecycle_stage: patch.lifecycleStage }),
        ...(patch.deletedTime === undefined ? {} : { deleted_time: patch.deletedTime }),
      };
      if (Object.keys(set).length > 0) await trx.updateTable('runs').set(set).where('run_id', '=', runId).execute();
      const row = await trx.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
      if (!row) return null;
      if (patch.tags && patch.tags.length > 0) await this.writeParamsAndTags(trx, runId, [], patch.tags);
      return toRunInfo(row);
    });
  }

  async logBatch(runId: string, batch: { metrics: Metric[]; params: Param[]; tags: Tag[] }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.writeParamsAndTags(trx, runId, batch.params, batch.tags);
      if (batch.metrics.length > 0) await appendMetrics(trx, runId, batch.metrics);
    });
  }

  async logMetricSeries(runId: string, series: readonly MetricSeries[]): Promise<void> {
    await this.db.transaction().execute((trx) => appendSeries(trx, runId, series));
  }

  /**
   * Params are insert-if-absent, then read back: a key that already held
   * another value (logged earlier, or by a concurrent batch) fails the whole
   * transaction. Reading after inserting closes the race a check-first would leave.
   */
  private async writeParamsAndTags(trx: Db, runId: string, params: Param[], tags: Tag[]): Promise<void> {
    const wanted = new Map(params.map((p) => [p.key, p.value]));
    if (wanted.size > 0) {
      const rows = [...wanted].map(([key, value]) => ({ run_id: runId, key, value }));
      await trx.insertInto('run_params').values(rows).onConflict((oc) => oc.columns(['run_id', 'key']).doNothing()).execute();
      const stored = await trx.selectFrom('run_params').select(['key', 'value']).where('run_id', '=', runId).where('key', 'in', [...wanted.keys()]).execute();
      for (const s of stored) {
        const value = wanted.get(s.key);
        if (value !== undefined && value !== s.value) {
          throw new AppError(
            'INVALID_ARGUMENT',
            `param '${s.key}' of run ${runId} was already logged with value '${s.value}' and cannot change to '${value}': params are immutable`,
            { details: { fields: [{ path: `params.${s.key}`, message: 'params are immutable' }], key: s.key, oldValue: s.value, newValue: value } },
          );
        }
      }
    }
    // The last value of a key repeated in one batch wins (PostgreSQL refuses to update one row twice in a statement).
    const tagRows = [...new Map(tags.map((t) => [t.key, t.value]))].map(([key, value]) => ({ run_id: runId, key, value }));
    if (tagRows.length > 0) {
      await trx
        .insertInto('run_tags')
        .values(tagRows)
        .onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
        .execute();
    }
  }

  async deleteTag(runId: string, key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('run_tags').where('run_id', '=', runId).where('key', '=', key).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async logInputs(runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const expId = experimentIdNumber(experimentId);
    await this.db.transaction().execute(async (trx) => {
      for (const input of inputs) {
        const d = input.dataset;
        // A dataset is identified by (experiment, name, digest); logging it again reuses the row.
        await trx
          .insertInto('datasets')
          .values({ dataset_id: newId(), experiment_id: expId, name: d.name, digest: d.digest, source_type: d.sourceType, source: d.source, schema: d.schema ?? null, profile: d.profile ?? null })
          .onConflict((oc) => oc.columns(['experiment_id', 'name', 'digest']).doNothing())
          .execute();
        const { dataset_id } = await trx
          .selectFrom('datasets')
          .select('dataset_id')
          .where('experiment_id', '=', expId)
          .where('name', '=', d.name)
          .where('digest', '=', d.digest)
          .executeTakeFirstOrThrow();
        const context = input.tags.find((t) => t.key === 'mlflow.data.context')?.value ?? null;
        await trx
          .insertInto('run_inputs')
          .values({ run_id: runId, dataset_id, tags: JSON.stringify(input.tags), context })
          .onConflict((oc) => oc.columns(['run_id', 'dataset_id']).doUpdateSet({ tags: JSON.stringify(input.tags), context }))
          .execute();
      }
    });
  }

  getMetricHistory(runId: string, key: string, offset: number, limit: number): Promise<Metric[]> {
    return metricHistory(this.db, runId, key, offset, limit);
  }

  getMetricBuckets(runId: string, key: string, maxBuckets: number): Promise<MetricBucket[]> {
    return metricBuckets(this.db, runId, key, maxBuckets);
  }

  metricSummaries(runIds: string[]): Promise<MetricSummary[]> {
    return metricSummaries(this.db, runIds);
  }

  async searchRuns(query: RunSearchQuery): Promise<Run[]> {
    const rows = await searchRunRows(this.db, this.sql.dialect, query);
    return loadRuns(this.db, rows.map(toRunInfo));
  }

  async putArtifact(record: ArtifactRecord): Promise<void> {
    const values = { path: record.path, run_id: record.runId, sha256: record.sha256, size: record.size, created_at: record.createdAt };
    await this.db
      .insertInto('artifacts')
      .values(values)
      .onConflict((oc) => oc.column('path').doUpdateSet({ run_id: record.runId, sha256: record.sha256, size: record.size, created_at: record.createdAt }))
      .execute();
  }

  async getArtifact(path: string): Promise<ArtifactRecord | null> {
    const row = await this.db.selectFrom('artifacts').selectAll().where('path', '=', path).executeTakeFirst();
    return row ? { path: row.path, runId: row.run_id, sha256: row.sha256, size: Number(row.size), createdAt: Number(row.created_at) } : null;
  }

  async listArtifacts(prefix: string, runId: string | null): Promise<ArtifactRecord[]> {
    let q = this.db.selectFrom('artifacts').selectAll();
    // A run's files are found through the run_id index; the prefix test then needs no collation-aware range.
    if (runId !== null) q = q.where('run_id', '=', runId);
    if (prefix !== '') q = q.where(sql<string>`substr(path, 1, ${sql.lit(prefix.length)})`, '=', prefix);
    const rows = await q.orderBy('path').execute();
    return rows.map((row) => ({ path: row.path, runId: row.run_id, sha256: row.sha256, size: Number(row.size), createdAt: Number(row.created_at) }));
  }
}
