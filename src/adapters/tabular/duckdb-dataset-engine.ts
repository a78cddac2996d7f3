/**
 * DatasetEngine on DuckDB: a version's files are scanned together (one table function over all
 * of them); the profile is one aggregate query, one query for every histogram, and one per
 * top-values column, and a quality suite's measures are all aggregates of ONE scan, with follow-up queries
 * for failing examples only when a measure found something.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { ColumnProfile, ColumnSchema, DataFormat, DatasetFile, DatasetProfile } from '../../domains/data/data.schema.js';
import type { DatasetEngine, LocalDataset, MaterializedDataset, Measure, MeasureResult } from '../../domains/data/data.store.js';
import type { ColumnTable, TableColumn } from '../../domains/monitoring/monitoring.store.js';
import { CategoricalBuilder, NumericBuilder } from './column-builders.js';
import { firstLine, kindOf, quoteIdent, quoteString, scanFiles } from './duckdb-sql.js';

const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;
/** Top values are one GROUP BY each: enough for a profile page, bounded for wide tables. */
const MAX_TOP_COLUMNS = 100;
const EXACT_DISTINCT_ROWS = 1_000_000;

type Row = Record<string, unknown>;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class DuckDbDatasetEngine implements DatasetEngine {
  private instance: Promise<DuckDBInstance> | undefined;

  /** `exactDistinctRows`: up to this many rows distinct counts are exact; above, HyperLogLog (4× faster on 3M rows here). */
  constructor(
    private readonly blobs: BlobStore,
    private readonly opts: { exactDistinctRows: number } = { exactDistinctRows: EXACT_DISTINCT_ROWS },
  ) {}

  async materialize(files: readonly DatasetFile[], format: DataFormat): Promise<MaterializedDataset> {
    const dir = await mkdtemp(join(tmpdir(), 'keel-data-'));
    const close = (): Promise<void> => rm(dir, { recursive: true, force: true });
    try {
      const paths: string[] = [];
      for (const f of files) {
        const target = join(dir, ...f.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await pipeline(await this.blobs.get(f.sha256), createWriteStream(target));
        paths.push(target);
      }
      return { dir, format, paths, close };
    } catch (err) {
      await close();
      throw err;
    }
  }

  async profile(data: LocalDataset): Promise<{ schema: ColumnSchema[]; profile: DatasetProfile }> {
    return this.withConnection(async (c) => {
      const from = scanFiles(data.format, data.paths);
      const schema = await this.describe(c, data);
      // Parquet answers count(*) from its metadata; for text formats it is the cheapest scan there is.
      const rows = num((await this.query(c, `SELECT CAST(count(*) AS DOUBLE) AS n FROM ${from}`, data))[0]?.n) ?? 0;
      const approximate = rows > this.opts.exactDistinctRows;
      const aggregates = ['CAST(count(*) AS DOUBLE) AS n'];
      schema.forEach((col, i) => {
        const q = quoteIdent(col.name);
        const kind = kindOf(col.type);
        aggregates.push(`CAST(count(${q}) AS DOUBLE) AS c${i}`, approximate ? `CAST(approx_count_distinct(${q}) AS DOUBLE) AS d${i}` : `CAST(count(DISTINCT ${q}) AS DOUBLE) AS d${i}`);
        if (kind === 'numeric') {
          const x = `CAST(${q} AS DOUBLE)`;
          aggregates.push(`min(${x}) AS lo${i}`, `max(${x}) AS hi${i}`, `avg(${x}) AS mean${i}`, `stddev_samp(${x}) AS std${i}`, `quantile_cont(${x}, [0.05, 0.25, 0.5, 0.75, 0.95]) AS q${i}`);
        } else if (kind === 'temporal' || kind === 'text') {
          aggregates.push(`CAST(min(${q}) AS VARCHAR) AS lo${i}`, `CAST(max(${q}) AS VARCHAR) AS hi${i}`);
        }
      });
      const stats = (await this.query(c, `SELECT ${aggregates.join(', ')} FROM ${from}`, data))[0] ?? {};
      const rowCount = num(stats.n) ?? 0;
      const columns: ColumnProfile[] = [];
      let topColumns = 0;
      for (const [i, col] of schema.entries()) {
        const kind = kindOf(col.type);
        const count = num(stats[`c${i}`]) ?? 0;
        const q = stats[`q${i}`] as unknown[] | null | undefined;
        const lo = stats[`lo${i}`] as number | string | null | undefined;
        const hi = stats[`hi${i}`] as number | string | null | undefined;
        const profile: ColumnProfile = {
          name: col.name,
          type: col.type,
          kind,
          count,
          nulls: rowCount - count,
          nullFraction: rowCount === 0 ? 0 : (rowCount - count) / rowCount,
          // An estimate can exceed the non-null count on tiny differences; never report more than exist.
          distinct: Math.min(num(stats[`d${i}`]) ?? 0, count),
          distinctApproximate: approximate,
          min: kind === 'numeric' ? num(lo) : (lo ?? null),
          max: kind === 'numeric' ? num(hi) : (hi ?? null),
          mean: kind === 'numeric' ? num(stats[`mean${i}`]) : null,
          std: kind === 'numeric' ? num(stats[`std${i}`]) : null,
          quantiles: kind === 'numeric' && Array.isArray(q) && q.length === 5 ? { p5: Number(q[0]), p25: Number(q[1]), p50: Number(q[2]), p75: Number(q[3]), p95: Number(q[4]) } : null,
          histogram: null,
          top: null,
        };
        if ((kind === 'text' || kind === 'boolean') && count > 0 && topColumns++ < MAX_TOP_COLUMNS) profile.top = await this.topValues(c, from, col.name);
        columns.push(profile);
      }
      await this.histograms(c, from, columns);
      return { schema, profile: { rowCount, columns } };
    });
  }

  async measure(data: LocalDataset, measures: readonly Measure[], opts: { exampleLimit: number }): Promise<MeasureResult[]> {
    return this.withConnection(async (c) => {
      const from = scanFiles(data.format, data.paths);
      const schema = new Map((await this.describe(c, data)).map((col) => [col.name, col.type]));
      for (const m of measures) if (m.kind === 'violations' && m.regex !== undefined) await this.checkRegex(c, m.regex);
      const parts: string[] = ['CAST(count(*) AS DOUBLE) AS n'];
      measures.forEach((m, i) => {
        if (m.kind === 'nulls') parts.push(`CAST(count(*) - count(${quoteIdent(m.column)}) AS DOUBLE) AS v${i}`, `CAST(count(*) AS DOUBLE) AS b${i}`);
        else if (m.kind === 'violations') {
          const q = quoteIdent(m.column);
          parts.push(`CAST(count(*) FILTER (WHERE ${q} IS NOT NULL AND (${violation(m, schema.get(m.column) ?? 'VARCHAR')})) AS DOUBLE) AS v${i}`, `CAST(count(${q}) AS DOUBLE) AS b${i}`);
        } else if (m.kind === 'duplicates') {
          // One key column: a plain DISTINCT (a struct key is several times slower), with all NULL keys
          // counted as one key, as the struct comparison of several columns counts them.
          const one = m.columns.length === 1 ? quoteIdent(m.columns[0] as string) : undefined;
          const keys = one ? `(count(DISTINCT ${one}) + CASE WHEN count(*) > count(${one}) THEN 1 ELSE 0 END)` : `count(DISTINCT row(${m.columns.map(quoteIdent).join(', ')}))`;
          parts.push(`CAST(count(*) - ${keys} AS DOUBLE) AS v${i}`, `CAST(${keys} AS DOUBLE) AS b${i}`);
        } else {
          const q = quoteIdent(m.column);
          parts.push(`CAST(epoch_ms(max(TRY_CAST(${q} AS TIMESTAMP))) AS DOUBLE) AS v${i}`, `CAST(count(${q}) AS DOUBLE) AS b${i}`);
        }
      });
      // One scan computes every measure.
      const row = (await this.query(c, `SELECT ${parts.join(', ')} FROM ${from}`, data))[0] ?? {};
      const out: MeasureResult[] = [];
      for (const [i, m] of measures.entries()) {
        const value = num(row[`v${i}`]);
        const base = num(row[`b${i}`]) ?? 0;
        let examples: Record<string, unknown>[] = [];
        if (m.kind !== 'latest' && value !== null && value > 0 && opts.exampleLimit > 0) examples = await this.examples(c, from, m, schema, opts.exampleLimit);
        out.push({ value, base, examples });
      }
      return out;
    });
  }

  async readColumns(data: LocalDataset, columns: readonly string[]): Promise<ColumnTable> {
    return this.withConnection(async (c) => {
      const from = scanFiles(data.format, data.paths);
      const schema = new Map((await this.describe(c, data)).map((col) => [col.name, kindOf(col.type)]));
      const plan = columns.map((name) => ({ name, kind: schema.get(name) ?? 'other' }));
      const loaded = plan.filter((p) => p.kind === 'numeric' || p.kind === 'text' || p.kind === 'boolean');
      const builders = loaded.map((p) => (p.kind === 'numeric' ? new NumericBuilder() : new CategoricalBuilder()));
      let rowCount = 0;
      if (loaded.length === 0) rowCount = num((await this.query(c, `SELECT CAST(count(*) AS DOUBLE) AS n FROM ${from}`, data))[0]?.n) ?? 0;
      else {
        const projection = loaded.map((p) => `CAST(${quoteIdent(p.name)} AS ${p.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'})`).join(', ');
        const result = await c.stream(`SELECT ${projection} FROM ${from}`).catch((err: unknown) => {
          throw unreadable(data, err);
        });
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          builders.forEach((builder, col) => {
            const vector = chunk.getColumnVector(col);
            if (builder instanceof NumericBuilder) for (let r = 0; r < chunk.rowCount; r++) builder.push(vector.getItem(r) as number | null);
            else for (let r = 0; r < chunk.rowCount; r++) builder.push(vector.getItem(r) as string | null);
          });
          rowCount += chunk.rowCount;
        }
      }
      const built = new Map(loaded.map((p, i) => [p.name, (builders[i] as NumericBuilder | CategoricalBuilder).build(p.name)]));
      const out: TableColumn[] = plan.map((p) => built.get(p.name) ?? { name: p.name, kind: 'unsupported', reason: `${p.kind} column (dates, times and nested values are not drift-tested)` });
      return { rowCount, columns: out };
    });
  }

  private async describe(c: DuckDBConnection, data: LocalDataset): Promise<ColumnSchema[]> {
    const rows = await this.query(c, `DESCRIBE SELECT * FROM ${scanFiles(data.format, data.paths)}`, data);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /** Every numeric column's equal-width histogram, all in one scan (DuckDB's `histogram` of bin numbers). */
  private async histograms(c: DuckDBConnection, from: string, columns: ColumnProfile[]): Promise<void> {
    const plans = columns
      .filter((p) => p.kind === 'numeric' && typeof p.min === 'number' && typeof p.max === 'number' && Number.isFinite(p.min) && Number.isFinite(p.max))
      .map((p) => {
        const lo = p.min as number;
        const hi = p.max as number;
        const bins = lo === hi ? 1 : HISTOGRAM_BINS;
        const width = lo === hi ? 1 : (hi - lo) / bins;
        return { p, lo, hi, bins, width };
      });
    if (plans.length === 0) return;
    const parts = plans.map(({ p, lo, bins, width }, i) => {
      const x = `CAST(${quoteIdent(p.name)} AS DOUBLE)`;
      return `histogram(CASE WHEN isfinite(${x}) THEN CAST(least(greatest(floor((${x} - ${lo}) / ${width}), 0), ${bins - 1}) AS INTEGER) END) AS h${i}`;
    });
    const row = ((await c.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${from}`)).getRowObjectsJson()[0] ?? {}) as Record<string, { key: number; value: string | number }[] | null>;
    plans.forEach(({ p, lo, hi, bins, width }, i) => {
      const counts = new Array<number>(bins).fill(0);
      for (const entry of row[`h${i}`] ?? []) counts[Number(entry.key)] = Number(entry.value);
      p.histogram = { edges: Array.from({ length: bins + 1 }, (_, k) => (k === bins ? (lo === hi ? hi + 1 : hi) : lo + k * width)), counts };
    });
  }

  private async topValues(c: DuckDBConnection, from: string, column: string): Promise<{ value: string; count: number }[]> {
    const q = quoteIdent(column);
    const rows = await c.runAndReadAll(`SELECT CAST(${q} AS VARCHAR) AS v, CAST(count(*) AS DOUBLE) AS n FROM ${from} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${TOP_VALUES}`);
    return rows.getRowObjectsJS().map((r) => ({ value: String(r.v), count: Number(r.n) }));
  }

  private async examples(c: DuckDBConnection, from: string, m: Exclude<Measure, { kind: 'latest' }>, schema: Map<string, string>, limit: number): Promise<Record<string, unknown>[]> {
    let query: string;
    if (m.kind === 'nulls') query = `SELECT * FROM ${from} WHERE ${quoteIdent(m.column)} IS NULL LIMIT ${limit}`;
    else if (m.kind === 'violations') query = `SELECT * FROM ${from} WHERE ${quoteIdent(m.column)} IS NOT NULL AND (${violation(m, schema.get(m.column) ?? 'VARCHAR')}) LIMIT ${limit}`;
    else {
      const keys = m.columns.map(quoteIdent).join(', ');
      query = `SELECT ${keys}, count(*) AS "count" FROM ${from} GROUP BY ${keys} HAVING count(*) > 1 ORDER BY "count" DESC, ${keys} LIMIT ${limit}`;
    }
    const rows = (await c.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[];
    // JSON renders 64-bit integers as text; small ones read better as numbers.
    for (const row of rows)
      for (const [key, value] of Object.entries(row)) {
        const type = key === 'count' && m.kind === 'duplicates' ? 'BIGINT' : schema.get(key);
        if (typeof value === 'string' && type && INTEGER.test(type) && Number.isSafeInteger(Number(value))) row[key] = Number(value);
      }
    return rows;
  }

  private async checkRegex(c: DuckDBConnection, pattern: string): Promise<void> {
    await c.runAndReadAll(`SELECT regexp_full_match('', ${quoteString(pattern)})`).catch((err: unknown) => {
      throw AppError.invalid(`invalid regex '${pattern}': ${firstLine(err)}`, [{ path: 'suite.checks', message: `invalid regex '${pattern}'` }]);
    });
  }

  private async query(c: DuckDBConnection, text: string, data: LocalDataset): Promise<Row[]> {
    const result = await c.runAndReadAll(text).catch((err: unknown) => {
      throw unreadable(data, err);
    });
    return result.getRowObjectsJS() as Row[];
  }

  private async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    this.instance ??= import('@duckdb/node-api').then((m) => m.DuckDBInstance.create(':memory:'));
    const connection = await (await this.instance).connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }
}

function unreadable(data: LocalDataset, err: unknown): AppError {
  return AppError.invalid(`cannot read the files as ${data.format}: ${firstLine(err)}`);
}

/** The SQL condition a non-null value fails; numbers compare as numbers, the rest as text. */
function violation(m: Extract<Measure, { kind: 'violations' }>, type: string): string {
  const q = quoteIdent(m.column);
  const numeric = kindOf(type) === 'numeric';
  const x = numeric ? `CAST(${q} AS DOUBLE)` : `TRY_CAST(${q} AS DOUBLE)`;
  const conditions: string[] = [];
  if (m.min !== undefined || m.max !== undefined) {
    // A value that is not a number at all is outside any numeric range.
    const bounds = [m.min !== undefined ? `${x} < ${m.min}` : '', m.max !== undefined ? `${x} > ${m.max}` : ''].filter(Boolean);
    conditions.push(numeric ? bounds.join(' OR ') : `${x} IS NULL OR ${bounds.join(' OR ')}`);
  }
  if (m.allowed !== undefined) {
    const allNumbers = numeric && m.allowed.every((a) => a.trim() !== '' && Number.isFinite(Number(a)));
    conditions.push(allNumbers ? `${x} NOT IN (${m.allowed.map((a) => String(Number(a))).join(', ')})` : `CAST(${q} AS VARCHAR) NOT IN (${m.allowed.map(quoteString).join(', ')})`);
  }
  if (m.regex !== undefined) conditions.push(`NOT regexp_full_match(CAST(${q} AS VARCHAR), ${quoteString(m.regex)})`);
  return conditions.map((cond) => `(${cond})`).join(' OR ');
}
