/**
 * The feature store's offline engine on DuckDB. One relation per view (source scan →
 * optional transformation → typed projection) serves both the point-in-time join
 * (ASOF LEFT JOIN, one per view) and materialization (newest row per entity), so
 * training and serving read features through the same definition.
 */
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import type { FeatureValue, FeatureValueType } from '../../domains/features/features.schema.js';
import type { EntityRowsInput, LatestRow, OfflineEngine, PostgresTableExporter, RelationSource, TrainingOutput, TrainingResult, ViewPlan } from '../../domains/features/features.store.js';
import { writeArrowFile } from './arrow-file.js';

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

const SQL_TYPE: Record<FeatureValueType | 'int64' | 'string', string> = { int64: 'BIGINT', float64: 'DOUBLE', string: 'VARCHAR', bool: 'BOOLEAN' };


function fileScan(paths: string | readonly string[], format: 'parquet' | 'csv' | 'jsonl'): string {
  const list = typeof paths === 'string' ? quoteString(paths) : `[${paths.map(quoteString).join(', ')}]`;
  if (format === 'parquet') return `read_parquet(${list})`;
  if (format === 'jsonl') return `read_json_auto(${list}, format = 'newline_delimited')`;
  return `read_csv_auto(${list})`;
}

export function fileFormat(path: string): 'parquet' | 'csv' {
  const ext = extname(path).toLowerCase();
  return ext === '.parquet' || ext === '.pq' ? 'parquet' : 'csv';
}

export class DuckDbFeatureEngine implements OfflineEngine {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly opts: { exportPostgres?: PostgresTableExporter; threads?: number } = {}) {}

  async training(entities: EntityRowsInput, timestampColumn: string, views: readonly ViewPlan[], out: TrainingOutput): Promise<TrainingResult> {
    return this.withScratch(async (c, dir) => {
      const entityScan = await this.entityScan(entities, dir);
      const entityColumns = await this.describe(c, `SELECT * FROM ${entityScan.sql}`, 'entity rows');
      entityColumns.delete('__row');
      const needed = new Map<string, string>([[timestampColumn, 'the timestamp column']]);
      for (const v of views) for (const k of v.joinKeys) needed.set(k.name, `a join key of view '${v.name}'`);
      for (const [name, why] of needed) if (!entityColumns.has(name)) throw AppError.invalid(`entity rows have no column '${name}' (${why})`, [{ path: `entities.${name}`, message: 'missing column' }]);
      // Casts only where the file's type differs: a no-op cast still costs a projection over every row.
      const keyCasts = new Map<string, string>();
      for (const v of views) for (const k of v.joinKeys) if (entityColumns.get(k.name) !== SQL_TYPE[k.type]) keyCasts.set(k.name, SQL_TYPE[k.type]);
      const replaced = [...keyCasts].map(([k, t]) => `TRY_CAST(${quoteIdent(k)} AS ${t}) AS ${quoteIdent(k)}`);
      // Parquet numbers its rows itself (in parallel); other inputs are small enough for row_number().
      const rowNumber = entityScan.parquet ? '' : ', row_number() OVER () AS __row';
      const ctes = [`__e AS (SELECT *${replaced.length ? ` REPLACE (${replaced.join(', ')})` : ''}, CAST(${quoteIdent(timestampColumn)} AS TIMESTAMP) AS __row_ts${rowNumber} FROM ${entityScan.sql})`];
      const selected: string[] = [];
      const joins: string[] = [];
      for (const [i, v] of views.entries()) {
        ctes.push(`__v${i} AS (${await this.viewRelation(c, v, dir)})`);
        const alias = `__v${i}`;
        const on = [...v.joinKeys.map((k) => `__e.${quoteIdent(k.name)} = ${alias}.${quoteIdent(k.name)}`), `__e.__row_ts >= ${alias}.__ts`].join(' AND ');
        joins.push(`ASOF LEFT JOIN ${alias} ON ${on}`);
        const fresh = `${alias}.__ts >= __e.__row_ts - to_milliseconds(${v.ttlMs})`;
        for (const f of v.features) selected.push(`CASE WHEN ${fresh} THEN ${alias}.${quoteIdent(f.column)} END AS ${quoteIdent(f.column)}`);
      }
      const query = `WITH ${ctes.join(',\n')}\nSELECT __e.* EXCLUDE (__row_ts, __row), ${selected.join(', ')} FROM __e ${joins.join(' ')} ORDER BY __e.__row`;
      const columns = [...entityColumns.keys(), ...views.flatMap((v) => v.features.map((f) => f.column))];
      if (out.kind === 'rows') {
        const result = await c.runAndReadAll(query).catch((err: unknown) => this.queryError(err));
        const data = result.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toFeatureValue(v)])));
        return { rows: data.length, columns, data };
      }
      const partial = `${out.path}.partial`;
      try {
        if (out.format === 'arrow') {
          const result = await c.runAndReadAll(query).catch((err: unknown) => this.queryError(err));
          await writeArrowFile(partial, result.columnNames(), result.getColumnsJS());
        } else {
          await c.run(`COPY (${query}) TO ${quoteString(partial)} ${out.format === 'parquet' ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)'}`).catch((err: unknown) => this.queryError(err));
        }
        await rename(partial, out.path);
      } finally {
        await rm(partial, { force: true });
      }
      const counted = await c.runAndReadAll(`SELECT count(*) AS n FROM ${entityScan.sql}`);
      return { rows: Number(counted.getRowObjectsJS()[0]?.n ?? 0), columns };
    });
  }

  async countEntities(view: ViewPlan, start: number, end: number): Promise<number> {
    return this.withScratch(async (c, dir) => {
      const keys = view.joinKeys.map((k) => quoteIdent(k.name)).join(', ');
      const result = await c.runAndReadAll(`SELECT count(*) AS n FROM (SELECT DISTINCT ${keys} FROM (${await this.viewRelation(c, view, dir, { dedupe: false })}) WHERE ${window(start, end)})`).catch((err: unknown) => this.queryError(err));
      return Number(result.getRowObjectsJS()[0]?.n ?? 0);
    });
  }

  async *latest(view: ViewPlan, start: number, end: number, chunkRows: number): AsyncIterable<LatestRow[]> {
    const dir = await mkdtemp(join(tmpdir(), 'keel-features-'));
    const c = await this.connect();
    try {
      const keys = view.joinKeys.map((k) => quoteIdent(k.name));
      const created = view.createdTimestampField ? 'epoch_ms(__created)' : 'NULL';
      const features = view.features.map((f) => quoteIdent(f.column));
      const query = `SELECT ${keys.join(', ')}, epoch_ms(__ts) AS __t, ${created} AS __c${features.length ? `, ${features.join(', ')}` : ''} FROM (${await this.viewRelation(c, view, dir, { dedupe: false })}) WHERE ${window(start, end)} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY __ts DESC${view.createdTimestampField ? ', __created DESC NULLS LAST' : ''}) = 1`;
      const result = await c.stream(query).catch((err: unknown) => this.queryError(err));
      const nKeys = keys.length;
      let pending: LatestRow[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const row of chunk.getRows()) {
          pending.push({
            key: row.slice(0, nKeys).map((k) => (typeof k === 'bigint' ? Number(k) : (k as number | string))),
            eventTime: Number(row[nKeys]),
            createdTime: row[nKeys + 1] === null ? null : Number(row[nKeys + 1]),
            values: row.slice(nKeys + 2).map(toFeatureValue),
          });
          if (pending.length >= chunkRows) {
            yield pending;
            pending = [];
          }
        }
      }
      if (pending.length > 0) yield pending;
    } finally {
      c.closeSync();
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The typed projection of one view: join keys, `__ts`, `__created` and `view__feature` columns, newest-created row per (key, event time). */
  private async viewRelation(c: DuckDBConnection, v: ViewPlan, dir: string, opts: { dedupe: boolean } = { dedupe: true }): Promise<string> {
    const scan = await this.sourceScan(v.source, dir);
    const base = v.transformation ? `SELECT * FROM (WITH source AS (SELECT * FROM ${scan}) SELECT * FROM (${v.transformation}))` : `SELECT * FROM ${scan}`;
    const columns = await this.describe(c, base, `view '${v.name}'`);
    const wanted = [...v.joinKeys.map((k) => k.name), v.timestampField, ...(v.createdTimestampField ? [v.createdTimestampField] : []), ...v.features.map((f) => f.name)];
    for (const name of wanted) if (!columns.has(name)) throw AppError.invalid(`view '${v.name}': its source${v.transformation ? ' (after the transformation)' : ''} has no column '${name}'`, [{ path: `views.${v.name}`, message: `no column '${name}'` }]);
    const cast = (name: string, type: string): string => (columns.get(name) === type ? quoteIdent(name) : `CAST(${quoteIdent(name)} AS ${type})`);
    const projection = [
      ...v.joinKeys.map((k) => `${cast(k.name, SQL_TYPE[k.type])} AS ${quoteIdent(k.name)}`),
      `${cast(v.timestampField, 'TIMESTAMP')} AS __ts`,
      ...(v.createdTimestampField ? [`${cast(v.createdTimestampField, 'TIMESTAMP')} AS __created`] : []),
      ...v.features.map((f) => `${cast(f.name, SQL_TYPE[f.type])} AS ${quoteIdent(f.column)}`),
    ];
    const keys = v.joinKeys.map((k) => quoteIdent(k.name)).join(', ');
    // Several rows for one event time: the one created last wins (a late correction replaces the value).
    // Callers that order by created time themselves skip it: DuckDB 1.5 fails ("expression type mismatch")
    // when a time filter is pushed through this window over a TIMESTAMPTZ column.
    const dedupe = v.createdTimestampField && opts.dedupe ? ` QUALIFY row_number() OVER (PARTITION BY ${keys}, __ts ORDER BY __created DESC NULLS LAST) = 1` : '';
    // Rows without an event time never match: ASOF skips NULLs, and the materialization window excludes them.
    return `SELECT * FROM (SELECT ${projection.join(', ')} FROM (${base}))${dedupe}`;
  }

  private async sourceScan(source: RelationSource, dir: string): Promise<string> {
    if (source.kind === 'file') {
      for (const path of source.paths) {
        const info = await stat(path).catch(() => null);
        if (!info?.isFile()) throw new AppError('NOT_FOUND', `source file not found: ${path}`, { details: { path } });
      }
      return fileScan(source.paths, source.format);
    }
    if (!this.opts.exportPostgres) throw new AppError('FAILED_PRECONDITION', `source table '${source.table}' is in PostgreSQL, but Keel's database is not PostgreSQL`);
    return `read_json_auto(${quoteString(await this.opts.exportPostgres(source.table, dir))}, format = 'newline_delimited')`;
  }

  /** The entity rows as a DuckDB relation; Parquet brings its own `__row` (file_row_number). */
  private async entityScan(entities: EntityRowsInput, dir: string): Promise<{ sql: string; parquet: boolean }> {
    if (entities.kind === 'file') {
      const info = await stat(entities.path).catch(() => null);
      if (!info?.isFile()) throw new AppError('NOT_FOUND', `entity rows file not found: ${entities.path}`, { details: { path: entities.path } });
      if (fileFormat(entities.path) === 'parquet') return { sql: `(SELECT * RENAME (file_row_number AS __row) FROM read_parquet(${quoteString(entities.path)}, file_row_number = true))`, parquet: true };
      return { sql: fileScan(entities.path, 'csv'), parquet: false };
    }
    const path = join(dir, 'entities.jsonl');
    await writeFile(path, entities.rows.map((r) => JSON.stringify(r)).join('\n'));
    return { sql: `read_json_auto(${quoteString(path)}, format = 'newline_delimited')`, parquet: false };
  }

  private async describe(c: DuckDBConnection, query: string, what: string): Promise<Map<string, string>> {
    const described = await c.runAndReadAll(`DESCRIBE ${query}`).catch((err: unknown) => {
      throw AppError.invalid(`cannot read ${what}: ${firstLine(err)}`);
    });
    return new Map(described.getRowObjectsJS().map((r) => [String(r.column_name), String(r.column_type)]));
  }

  private queryError(err: unknown): never {
    if (err instanceof AppError) throw err;
    // Conversion errors come from the data (a timestamp that is not one, a key that is not a number).
    throw AppError.invalid(`feature query failed: ${firstLine(err)}`);
  }

  private async connect(): Promise<DuckDBConnection> {
    this.instance ??= import('@duckdb/node-api').then(async (m) => {
      const instance = await m.DuckDBInstance.create(':memory:', this.opts.threads ? { threads: String(this.opts.threads) } : {});
      // Timestamps with a zone become UTC wall times, whatever the machine's zone.
      const c = await instance.connect();
      await c.run("SET GLOBAL TimeZone = 'UTC'").catch(() => undefined);
      c.closeSync();
      return instance;
    });
    return (await this.instance).connect();
  }

  private async withScratch<T>(work: (c: DuckDBConnection, dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'keel-features-'));
    const c = await this.connect();
    try {
      return await work(c, dir);
    } finally {
      c.closeSync();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function window(start: number, end: number): string {
  return `__ts BETWEEN epoch_ms(${Math.trunc(start)}::BIGINT) AND epoch_ms(${Math.trunc(end)}::BIGINT)`;
}

function toFeatureValue(v: unknown): FeatureValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}
