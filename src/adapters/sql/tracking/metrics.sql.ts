import { sql } from 'kysely';
import type { Metric, MetricBucket, MetricSeries } from '../../../domains/tracking/tracking.schema.js';
import type { MetricSummary } from '../../../domains/tracking/tracking.store.js';
import { mergeBlocks, overlapGroups, packBlock, toColumns, unpackBlock, type BlockMeta, type PointColumns } from './metric-blocks.js';
import { chunks, decodeMetricValue, encodeMetricValue, MAX_PARAMS_PER_STATEMENT, type Db } from './tracking-rows.js';

const SERIES_COLUMNS = 8;
const BLOCK_COLUMNS = 5;

/** One key's points of one write, with what its metric_series upsert needs. */
interface SeriesWrite {
  key: string;
  cols: PointColumns;
  latest: { step: number; timestamp: number; value: number };
  min: number | null;
  max: number | null;
}

/**
 * One pass over a key's columns: its latest point (MLflow's rule: highest step, then latest
 * timestamp, a later-logged tie winning) and its min/max (NaN ignored, as SQL's min/max ignore NULL).
 */
function summarize(key: string, cols: PointColumns): SeriesWrite {
  const { steps, timestamps, values } = cols;
  let best = 0;
  let min = Infinity;
  let max = -Infinity;
  let finite = false;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as number;
    const bs = steps[best] as number;
    if (s > bs || (s === bs && (timestamps[i] as number) >= (timestamps[best] as number))) best = i;
    const v = values[i] as number;
    if (v === v) {
      finite = true;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const latest = { step: steps[best] as number, timestamp: timestamps[best] as number, value: values[best] as number };
  return { key, cols, latest, min: finite ? min : null, max: finite ? max : null };
}

/** A log-batch's points grouped by key, each key's points kept in logging order. */
function groupByKey(metrics: readonly Metric[]): SeriesWrite[] {
  const byKey = new Map<string, Metric[]>();
  for (const m of metrics) {
    const points = byKey.get(m.key);
    if (points) points.push(m);
    else byKey.set(m.key, [m]);
  }
  return [...byKey].map(([key, points]) => summarize(key, toColumns(points)));
}

/** Appends a log-batch's points (see writeSeries). */
export function appendMetrics(trx: Db, runId: string, metrics: readonly Metric[]): Promise<void> {
  return writeSeries(trx, runId, groupByKey(metrics));
}

/** Appends a columnar batch: each series becomes one block, whatever its length. */
export function appendSeries(trx: Db, runId: string, series: readonly MetricSeries[]): Promise<void> {
  return writeSeries(trx, runId, series.filter((s) => s.steps.length > 0).map((s) => summarize(s.key, s)));
}

/**
 * One metric_series upsert per key (latest value merged with the stored row by CASE
 * expressions, so concurrent batches to one run cannot lose an update: the row lock
 * serialises them) returning the series ids, then one packed block per key. Both are a
 * single multi-row statement for any batch the API accepts.
 */
async function writeSeries(trx: Db, runId: string, writes: readonly SeriesWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const rows = writes.map(({ key, latest, min, max }) => ({
    run_id: runId,
    key,
    step: latest.step,
    timestamp: latest.timestamp,
    ...encodeMetricValue(latest.value),
    min_value: min,
    max_value: max,
  }));
  const newer = sql<boolean>`(excluded.step > metric_series.step or (excluded.step = metric_series.step and excluded."timestamp" >= metric_series."timestamp"))`;
  const pick = (column: string) => sql<number>`case when ${newer} then ${sql.ref(`excluded.${column}`)} else ${sql.ref(`metric_series.${column}`)} end`;
  const extreme = (column: string, cmp: '<' | '>') =>
    sql<number | null>`case when excluded.${sql.ref(column)} is null then metric_series.${sql.ref(column)}
      when metric_series.${sql.ref(column)} is null or excluded.${sql.ref(column)} ${sql.raw(cmp)} metric_series.${sql.ref(column)} then excluded.${sql.ref(column)}
      else metric_series.${sql.ref(column)} end`;
  const seriesIds = new Map<string, number>();
  for (const part of chunks(rows, Math.floor(MAX_PARAMS_PER_STATEMENT / SERIES_COLUMNS))) {
    const returned = await trx
      .insertInto('metric_series')
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
      .returning(['series_id', 'key'])
      .execute();
    for (const r of returned) seriesIds.set(r.key, Number(r.series_id));
  }
  const blocks = writes.map(({ key, cols }) => {
    const block = packBlock(cols);
    return { series_id: seriesIds.get(key) as number, min_step: block.minStep, max_step: block.maxStep, count: block.count, points: block.points };
  });
  for (const part of chunks(blocks, Math.floor(MAX_PARAMS_PER_STATEMENT / BLOCK_COLUMNS))) {
    await trx.insertInto('metric_blocks').values(part).execute();
  }
}

/** Block metadata of one series from the (series_id, min_step, max_step, count) index, in read order. */
async function seriesBlocks(db: Db, runId: string, key: string): Promise<BlockMeta[]> {
  const rows = await db
    .selectFrom('metric_blocks as b')
    .innerJoin('metric_series as s', 's.series_id', 'b.series_id')
    .select(['b.block_id', 'b.min_step', 'b.max_step', 'b.count'])
    .where('s.run_id', '=', runId)
    .where('s.key', '=', key)
    .orderBy('b.min_step')
    .orderBy('b.block_id')
    .execute();
  return rows.map((r) => ({ blockId: Number(r.block_id), minStep: Number(r.min_step), maxStep: Number(r.max_step), count: Number(r.count) }));
}

/** Decodes blocks, each overlap group merged into one sorted run; groups come back in step order. */
async function loadGroups(db: Db, groups: readonly BlockMeta[][]): Promise<PointColumns[]> {
  const ids = groups.flatMap((g) => g.map((b) => b.blockId));
  const decoded = new Map<number, PointColumns>();
  for (const part of chunks(ids, 1000)) {
    const rows = await db.selectFrom('metric_blocks').select(['block_id', 'count', 'points']).where('block_id', 'in', part).execute();
    for (const r of rows) decoded.set(Number(r.block_id), unpackBlock(r.points, Number(r.count)));
  }
  // Within a group, ties between blocks keep insertion (block id) order.
  return groups.map((g) => mergeBlocks([...g].sort((a, b) => a.blockId - b.blockId).map((b) => decoded.get(b.blockId) as PointColumns)));
}

/** One page of the series in (step, timestamp) order: whole groups before `offset` are skipped by their counts, unread. */
export async function metricHistory(db: Db, runId: string, key: string, offset: number, limit: number): Promise<Metric[]> {
  const wanted: BlockMeta[][] = [];
  let skipped = 0;
  let covered = 0;
  for (const group of overlapGroups(await seriesBlocks(db, runId, key))) {
    const n = group.reduce((sum, b) => sum + b.count, 0);
    if (covered >= offset + limit) break;
    if (covered + n <= offset) skipped += n;
    else wanted.push(group);
    covered += n;
  }
  const out: Metric[] = [];
  let index = skipped;
  for (const cols of await loadGroups(db, wanted)) {
    const from = Math.max(0, offset - index);
    const to = Math.min(cols.steps.length, offset + limit - index);
    for (let i = from; i < to; i++) out.push({ key, value: cols.values[i] as number, step: cols.steps[i] as number, timestamp: cols.timestamps[i] as number });
    index += cols.steps.length;
  }
  return out;
}

/**
 * Equal-width step buckets over the series' step range, each with min/max (NaN
 * ignored; NaN when the bucket has only NaN), count and its last point (highest step,
 * then latest timestamp). One pass over the packed columns: a 1M-point series is
 * ~24 MB of float64, read without building a row object per point.
 */
export async function metricBuckets(db: Db, runId: string, key: string, maxBuckets: number): Promise<MetricBucket[]> {
  // Insertion (block id) order, so among equal (step, timestamp) the later-logged point is "last", as in history order.
  const rows = await db
    .selectFrom('metric_blocks as b')
    .innerJoin('metric_series as s', 's.series_id', 'b.series_id')
    .select(['b.min_step', 'b.max_step', 'b.count', 'b.points'])
    .where('s.run_id', '=', runId)
    .where('s.key', '=', key)
    .orderBy('b.block_id')
    .execute();
  if (rows.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, Number(r.min_step));
    hi = Math.max(hi, Number(r.max_step));
  }
  const width = Math.max(1, Math.ceil((hi - lo + 1) / maxBuckets));
  const n = Math.floor((hi - lo) / width) + 1;
  const min = new Float64Array(n).fill(Number.NaN);
  const max = new Float64Array(n).fill(Number.NaN);
  const count = new Float64Array(n);
  const lastStep = new Float64Array(n).fill(-Infinity);
  const lastTs = new Float64Array(n);
  const last = new Float64Array(n);
  for (const r of rows) {
    const { steps, timestamps, values } = unpackBlock(r.points, Number(r.count));
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i] as number;
      const v = values[i] as number;
      const t = timestamps[i] as number;
      const k = Math.floor((s - lo) / width);
      count[k] = (count[k] as number) + 1;
      if (v === v) {
        const mn = min[k] as number;
        const mx = max[k] as number;
        if (!(mn <= v)) min[k] = v;
        if (!(mx >= v)) max[k] = v;
      }
      const ls = lastStep[k] as number;
      if (s > ls || (s === ls && t >= (lastTs[k] as number))) {
        lastStep[k] = s;
        lastTs[k] = t;
        last[k] = v;
      }
    }
  }
  const out: MetricBucket[] = [];
  for (let k = 0; k < n; k++) {
    if (count[k] === 0) continue;
    out.push({ step: lastStep[k] as number, min: min[k] as number, max: max[k] as number, last: last[k] as number, timestamp: lastTs[k] as number, count: count[k] as number });
  }
  return out;
}

export async function metricSummaries(db: Db, runIds: string[]): Promise<MetricSummary[]> {
  const out: MetricSummary[] = [];
  for (const ids of chunks(runIds, 500)) {
    const rows = await db.selectFrom('metric_series').select(['run_id', 'key', 'value', 'is_nan', 'min_value', 'max_value']).where('run_id', 'in', ids).execute();
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
