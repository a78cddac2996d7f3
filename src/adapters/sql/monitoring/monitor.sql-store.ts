import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { ColumnPoint, Monitor, MonitorConfig, MonitorRun, MonitorRunResult } from '../../../domains/monitoring/monitor.schema.js';
import type { MonitorStore } from '../../../domains/monitoring/monitor.store.js';
import type { SqlDatabase } from '../database.js';
import { fromDbBool, isUniqueViolation, toDbBool } from '../dialect.js';
import type { DatabaseSchema, MonitorColumnStatsTable, MonitorRunsTable, MonitorsTable } from '../schema/index.js';

type Db = Kysely<DatabaseSchema>;

function toMonitor(r: Selectable<MonitorsTable>): Monitor {
  return {
    name: r.name,
    config: JSON.parse(r.config) as MonitorConfig,
    enabled: fromDbBool(r.enabled),
    nextRunAt: r.next_run_at === null ? null : Number(r.next_run_at),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toRun(r: Selectable<MonitorRunsTable>): MonitorRun {
  return {
    id: r.id,
    monitor: r.monitor,
    trigger: r.trigger as MonitorRun['trigger'],
    status: r.status as MonitorRun['status'],
    error: r.error,
    windowStart: Number(r.window_start),
    windowEnd: Number(r.window_end),
    startedAt: Number(r.started_at),
    finishedAt: Number(r.finished_at),
    rows: Number(r.rows),
    labelledRows: Number(r.labelled_rows),
    datasetDrift: r.dataset_drift === null ? null : fromDbBool(r.dataset_drift),
    driftShare: r.drift_share === null ? null : Number(r.drift_share),
    result: JSON.parse(r.result) as MonitorRunResult,
  };
}

function toPoint(r: Selectable<MonitorColumnStatsTable>): ColumnPoint {
  const num = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    runId: r.run_id,
    at: Number(r.at),
    column: r.column_name,
    test: r.test,
    statistic: num(r.statistic),
    p_value: num(r.p_value),
    drifted: fromDbBool(r.drifted),
    psi: num(r.psi),
    current_count: Number(r.current_count),
    not_computable: r.not_computable,
  };
}

/** Non-finite numbers (an infinite PSI) are stored as NULL: neither JSON nor every SQL engine carries them. */
const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** Monitors, runs and per-column series on Kysely: one code path for SQLite and PostgreSQL. */
export class MonitorSqlStore implements MonitorStore {
  private readonly db: Db;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async create(m: Monitor): Promise<void> {
    try {
      await this.db
        .insertInto('monitors')
        .values({ name: m.name, config: JSON.stringify(m.config), enabled: toDbBool(m.enabled), next_run_at: m.nextRunAt, created_by: m.createdBy, created_at: m.createdAt, updated_at: m.updatedAt })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.alreadyExists('monitor', m.name);
      throw err;
    }
  }

  async get(name: string): Promise<Monitor | null> {
    const row = await this.db.selectFrom('monitors').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toMonitor(row) : null;
  }

  async list(): Promise<Monitor[]> {
    return (await this.db.selectFrom('monitors').selectAll().orderBy('name').execute()).map(toMonitor);
  }

  async update(m: Monitor): Promise<void> {
    const res = await this.db
      .updateTable('monitors')
      .set({ config: JSON.stringify(m.config), enabled: toDbBool(m.enabled), next_run_at: m.nextRunAt, updated_at: m.updatedAt })
      .where('name', '=', m.name)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw AppError.notFound('monitor', m.name);
  }

  async delete(name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('monitor_column_stats').where('monitor', '=', name).execute();
      await trx.deleteFrom('monitor_runs').where('monitor', '=', name).execute();
      const res = await trx.deleteFrom('monitors').where('name', '=', name).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    });
  }

  async due(now: number): Promise<Monitor[]> {
    return (await this.db.selectFrom('monitors').selectAll().where('enabled', '=', 1).where('next_run_at', '<=', now).orderBy('next_run_at').limit(1000).execute()).map(toMonitor);
  }

  async advance(name: string, expected: number, next: number): Promise<boolean> {
    const res = await this.db.updateTable('monitors').set({ next_run_at: next }).where('name', '=', name).where('next_run_at', '=', expected).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async insertRun(run: MonitorRun, points: readonly ColumnPoint[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('monitor_runs')
        .values({
          id: run.id,
          monitor: run.monitor,
          trigger: run.trigger,
          status: run.status,
          error: run.error,
          window_start: run.windowStart,
          window_end: run.windowEnd,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          rows: run.rows,
          labelled_rows: run.labelledRows,
          dataset_drift: run.datasetDrift === null ? null : toDbBool(run.datasetDrift),
          drift_share: finite(run.driftShare),
          result: JSON.stringify(run.result),
        })
        .execute();
      // Chunked: SQLite binds at most 32k parameters per statement.
      for (let i = 0; i < points.length; i += 500) {
        await trx
          .insertInto('monitor_column_stats')
          .values(
            points.slice(i, i + 500).map((p) => ({
              run_id: run.id,
              monitor: run.monitor,
              column_name: p.column,
              at: p.at,
              test: p.test,
              statistic: finite(p.statistic),
              p_value: finite(p.p_value),
              drifted: toDbBool(p.drifted),
              psi: finite(p.psi),
              current_count: p.current_count,
              not_computable: p.not_computable,
            })),
          )
          .execute();
      }
    });
  }

  async updateRunResult(id: string, result: MonitorRunResult, labelledRows: number): Promise<void> {
    await this.db.updateTable('monitor_runs').set({ result: JSON.stringify(result), labelled_rows: labelledRows }).where('id', '=', id).execute();
  }

  async getRun(id: string): Promise<MonitorRun | null> {
    const row = await this.db.selectFrom('monitor_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRun(row) : null;
  }

  async listRuns(monitor: string, opts: { limit: number; before?: number | undefined }): Promise<MonitorRun[]> {
    let q = this.db.selectFrom('monitor_runs').selectAll().where('monitor', '=', monitor);
    if (opts.before !== undefined) q = q.where('window_end', '<', opts.before);
    return (await q.orderBy('window_end', 'desc').orderBy('started_at', 'desc').limit(opts.limit).execute()).map(toRun);
  }

  async latestRuns(monitors: readonly string[]): Promise<Map<string, MonitorRun>> {
    const out = new Map<string, MonitorRun>();
    for (const name of monitors) {
      const [run] = await this.listRuns(name, { limit: 1 });
      if (run) out.set(name, run);
    }
    return out;
  }

  async columnSeries(monitor: string, opts: { column?: string | undefined; from?: number | undefined; to?: number | undefined; limit: number }): Promise<ColumnPoint[]> {
    let q = this.db.selectFrom('monitor_column_stats').selectAll().where('monitor', '=', monitor);
    if (opts.column !== undefined) q = q.where('column_name', '=', opts.column);
    if (opts.from !== undefined) q = q.where('at', '>=', opts.from);
    if (opts.to !== undefined) q = q.where('at', '<', opts.to);
    const rows = await q.orderBy('at', 'desc').orderBy('column_name').limit(opts.limit).execute();
    return rows.reverse().map(toPoint);
  }
}
