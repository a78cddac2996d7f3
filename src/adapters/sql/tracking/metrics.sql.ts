import { sql } from 'kysely';
import type { Metric, MetricBucket } from '../../../domains/tracking/tracking.schema.js';
import type { MetricSummary } from '../../../domains/tracking/tracking.store.js';
import { chunks, decodeMetricValue, encodeMetricValue, MAX_PARAMS_PER_STATEMENT, toMetric, type Db } from './tracking-rows.js';

const POINT_COLUMNS = 6;
const LATEST_COLUMNS = 8;

/** Appends points as multi-row inserts: one statement for a 1000-metric batch. */
export async function insertMetricPoints(trx: Db, runId: string, metrics: readonly Metric[]): Promise<void> {
  for (const part of chunks(metrics, Math.floor(MAX_PARAMS_PER_STATEMENT / POINT_COLUMNS))) {
    await trx
      .insertInto('metric_points')
      .values(part.map((m) => ({ run_id: runId, key: m.key, step: m.step, timestamp: m.timestamp, ...encodeMetricValue(m.value) })))
      .execute();
  }
}

interface LatestRow {
  run_id: string;
  key: string;
  step: number;
  timestamp: number;
  value: number | null;
  is_nan: 0 | 1;
  min_value: number | null;
  max_value: number | null;
}

/** MLflow's rule for the latest point: highest step, then latest timestamp. */
function isNewer(a: Metric, b: Metric): boolean {
  return a.step > b.step || (a.step === b.step && a.timestamp >= b.timestamp);
}

function lower(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function higher(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * Folds the batch per key in memory, then merges into latest_metrics with one
 * upsert whose CASE expressions compare against the stored row, so concurrent
 * batches to the same run cannot lose an update (the row lock serialises them).
 */
export async function upsertLatestMetrics(trx: Db, runId: string, metrics: readonly Metric[]): Promise<void> {
  const byKey = new Map<string, { latest: Metric; min: number | null; max: number | null }>();
  for (const m of metrics) {
    const v = Number.isNaN(m.value) ? null : m.value;
    const cur = byKey.get(m.key);
    if (!cur) byKey.set(m.key, { latest: m, min: v, max: v });
    else {
      if (isNewer(m, cur.latest)) cur.latest = m;
      cur.min = lower(cur.min, v);
      cur.max = higher(cur.max, v);
    }
  }
  const rows: LatestRow[] = [...byKey.values()].map(({ latest, min, max }) => ({
    run_id: runId,
    key: latest.key,
    step: latest.step,
    timestamp: latest.timestamp,
    ...encodeMetricValue(latest.value),
    min_value: min,
    max_value: max,
  }));
  const newer = sql<boolean>`(excluded.step > latest_metrics.step or (excluded.step = latest_metrics.step and excluded."timestamp" >= latest_metrics."timestamp"))`;
  const pick = (column: string) => sql<number>`case when ${newer} then ${sql.ref(`excluded.${column}`)} else ${sql.ref(`latest_metrics.${column}`)} end`;
  const extreme = (column: string, cmp: '<' | '>') =>
    sql<number | null>`case when excluded.${sql.ref(column)} is null then latest_metrics.${sql.ref(column)}
      when latest_metrics.${sql.ref(column)} is null or excluded.${sql.ref(column)} ${sql.raw(cmp)} latest_metrics.${sql.ref(column)} then excluded.${sql.ref(column)}
      else latest_metrics.${sql.ref(column)} end`;
  for (const part of chunks(rows, Math.floor(MAX_PARAMS_PER_STATEMENT / LATEST_COLUMNS))) {
    await trx
      .insertInto('latest_metrics')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['run_id', 'key']).doUpdateSet({
          // Right-hand sides read the row as it was before this update, in both engines.
          step: pick('step'),
          timestamp: pick('timestamp'),
          value: pick('value'),
          is_nan: pick('is_nan'),
          min_value: extreme('min_value', '<'),
          max_value: extreme('max_value', '>'),
        }),
      )
      .execute();
  }
}

export async function metricHistory(db: Db, runId: string, key: string, offset: number, limit: number): Promise<Metric[]> {
  const rows = await db
    .selectFrom('metric_points')
    .select(['key', 'step', 'timestamp', 'value', 'is_nan'])
    .where('run_id', '=', runId)
    .where('key', '=', key)
    .orderBy('step')
    .orderBy('timestamp')
    .orderBy('value')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toMetric);
}

/**
 * Equal-width step buckets computed by the database: one GROUP BY pass over the
 * series' index range, then an indexed lookup of each bucket's last step. Two
 * statements rather than a join, because SQLite's planner would rescan the
 * grouped rows once per point. Each bucket reports its last point's step and timestamp.
 */
export async function metricBuckets(db: Db, runId: string, key: string, maxBuckets: number): Promise<MetricBucket[]> {
  const range = await db
    .selectFrom('metric_points')
    .select((eb) => [eb.fn.min('step').as('lo'), eb.fn.max('step').as('hi')])
    .where('run_id', '=', runId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!range || range.lo === null || range.hi === null) return [];
  const lo = Number(range.lo);
  const width = Math.max(1, Math.ceil((Number(range.hi) - lo + 1) / maxBuckets));
  // lo and width are integers computed here, inlined so integer division happens in both engines.
  const bucket = sql<number>`(step - ${sql.lit(lo)}) / ${sql.lit(width)}`;
  const { rows: groups } = await sql<{ mn: number | null; mx: number | null; n: number; last_step: number }>`
    select min(value) as mn, max(value) as mx, count(*) as n, max(step) as last_step
    from metric_points where run_id = ${runId} and "key" = ${key}
    group by ${bucket} order by ${bucket}`.execute(db);
  // The last point of each bucket: the latest timestamp among points at its last step.
  const last = new Map<number, { timestamp: number; value: number }>();
  for (const steps of chunks(groups.map((g) => Number(g.last_step)), 1000)) {
    const points = await db
      .selectFrom('metric_points')
      .select(['step', 'timestamp', 'value', 'is_nan'])
      .where('run_id', '=', runId)
      .where('key', '=', key)
      .where('step', 'in', steps)
      .orderBy('step')
      .orderBy('timestamp')
      .orderBy('value')
      .execute();
    for (const p of points) last.set(Number(p.step), { timestamp: Number(p.timestamp), value: decodeMetricValue(p.value, p.is_nan) });
  }
  return groups.map((g) => {
    const step = Number(g.last_step);
    const point = last.get(step) ?? { timestamp: 0, value: Number.NaN };
    return {
      step,
      min: g.mn === null ? Number.NaN : Number(g.mn),
      max: g.mx === null ? Number.NaN : Number(g.mx),
      last: point.value,
      timestamp: point.timestamp,
      count: Number(g.n),
    };
  });
}

export async function metricSummaries(db: Db, runIds: string[]): Promise<MetricSummary[]> {
  const out: MetricSummary[] = [];
  for (const ids of chunks(runIds, 500)) {
    const rows = await db.selectFrom('latest_metrics').select(['run_id', 'key', 'value', 'is_nan', 'min_value', 'max_value']).where('run_id', 'in', ids).execute();
    for (const r of rows) {
      out.push({
        runId: r.run_id,
        key: r.key,
        latest: decodeMetricValue(r.value, r.is_nan),
        min: r.min_value === null ? null : Number(r.min_value),
        max: r.max_value === null ? null : Number(r.max_value),
      });
    }
  }
  return out;
}
