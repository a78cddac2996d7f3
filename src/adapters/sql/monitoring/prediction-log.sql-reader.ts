import { sql, type Kysely } from 'kysely';
import type { LoggedPrediction, PredictionLogReader } from '../../../domains/monitoring/monitor.store.js';
import type { SqlDatabase } from '../database.js';
import type { DatabaseSchema } from '../schema/index.js';

type Db = Kysely<DatabaseSchema>;

/** Shadow copies are logged as `<request id>:shadow`; they are not what users were answered. */
const SHADOW_SUFFIX = '%:shadow';

function base(db: Db, deployment: string) {
  return db
    .selectFrom('prediction_log as p')
    .leftJoin('prediction_feedback as f', 'f.request_id', 'p.request_id')
    .select(['p.request_id', 'p.model', 'p.version', 'p.arm', 'p.inputs', 'p.outputs', 'p.latency_ms', 'p.status', 'p.at', 'f.label'])
    .where('p.deployment', '=', deployment)
    .where('p.request_id', 'not like', SHADOW_SUFFIX);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toLogged(r: Row): LoggedPrediction {
  return {
    requestId: r.request_id,
    model: r.model,
    version: r.version,
    arm: r.arm,
    inputs: r.inputs,
    outputs: r.outputs,
    latencyMs: Number(r.latency_ms),
    status: r.status as LoggedPrediction['status'],
    at: Number(r.at),
    label: r.label ?? null,
  };
}

/** The serving prediction log with feedback joined by request id, read by monitors; one code path for SQLite and PostgreSQL. */
export class PredictionLogSqlReader implements PredictionLogReader {
  private readonly db: Db;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async window(deployment: string, from: number, to: number, limit: number): Promise<LoggedPrediction[]> {
    const rows = await base(this.db, deployment).where('p.at', '>=', from).where('p.at', '<', to).orderBy('p.at', 'desc').orderBy('p.request_id', 'desc').limit(limit).execute();
    return rows.reverse().map(toLogged);
  }

  async latest(deployment: string, n: number, to: number): Promise<LoggedPrediction[]> {
    const rows = await base(this.db, deployment).where('p.at', '<', to).orderBy('p.at', 'desc').orderBy('p.request_id', 'desc').limit(n).execute();
    return rows.reverse().map(toLogged);
  }

  async timings(deployment: string, from: number, to: number, limit: number): Promise<Pick<LoggedPrediction, 'latencyMs' | 'status'>[]> {
    const rows = await this.db
      .selectFrom('prediction_log')
      .select(['latency_ms', 'status'])
      .where('deployment', '=', deployment)
      .where('request_id', 'not like', SHADOW_SUFFIX)
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ latencyMs: Number(r.latency_ms), status: r.status as LoggedPrediction['status'] }));
  }

  async feedbackSince(deployment: string, from: number, to: number, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('prediction_feedback as f')
      .innerJoin('prediction_log as p', 'p.request_id', 'f.request_id')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('f.deployment', '=', deployment)
      .where('f.at', '>', since)
      .where('p.at', '>=', from)
      .where('p.at', '<', to)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async countBetween(deployment: string, after: number, to: number): Promise<number> {
    const row = await this.db
      .selectFrom('prediction_log')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('deployment', '=', deployment)
      .where('request_id', 'not like', SHADOW_SUFFIX)
      .where('at', '>', after)
      .where('at', '<=', to)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
