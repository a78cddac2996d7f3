/**
 * TabularReader on DuckDB: read_csv_auto / read_parquet / read_json_auto infer the column types,
 * and the result is streamed chunk by chunk (2048 rows) into typed columns. Blobs are copied to
 * a temporary file first (DuckDB reads paths), and removed afterwards.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { ColumnTable, TableColumn, TabularFormat, TabularReader, TabularReadOptions, TabularSource } from '../../domains/monitoring/monitoring.store.js';
import { CategoricalBuilder, NumericBuilder } from './column-builders.js';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const TEXT = /^(VARCHAR|BOOLEAN|ENUM.*|UUID)$/;
const TEMPORAL = /^(DATE|TIME.*|TIMESTAMP.*|INTERVAL)$/;

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function formatFromExtension(path: string): TabularFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  return undefined;
}

/** Parquet starts with PAR1; JSON lines with `{`; anything else is tried as CSV. */
async function sniffFormat(path: string): Promise<TabularFormat> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, 64, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
    return head.toString('utf8').trimStart().startsWith('{') ? 'jsonl' : 'csv';
  } finally {
    await handle.close();
  }
}

function scan(format: TabularFormat, path: string): string {
  const p = quoteString(path);
  if (format === 'parquet') return `read_parquet(${p})`;
  if (format === 'jsonl') return `read_json_auto(${p}, format = 'newline_delimited')`;
  return `read_csv_auto(${p})`;
}

export class DuckDbTabularReader implements TabularReader {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly blobs?: BlobStore) {}

  async read(source: TabularSource, opts: TabularReadOptions = {}): Promise<ColumnTable> {
    if (source.kind === 'file') return this.readFile(source.path, source.format, opts);
    if (!this.blobs) throw new AppError('FAILED_PRECONDITION', 'no artifact store to read datasets from');
    const dir = await mkdtemp(join(tmpdir(), 'keel-tabular-'));
    try {
      const path = join(dir, 'data');
      await pipeline(await this.blobs.get(source.sha256), createWriteStream(path));
      return await this.readFile(path, source.format, opts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async connect(): Promise<DuckDBConnection> {
    this.instance ??= import('@duckdb/node-api').then((m) => m.DuckDBInstance.create(':memory:'));
    return (await this.instance).connect();
  }

  private async readFile(path: string, declared: TabularFormat | undefined, opts: TabularReadOptions): Promise<ColumnTable> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new AppError('NOT_FOUND', `dataset file not found: ${path}`, { details: { path } });
    if (info.size === 0) throw AppError.invalid(`dataset file is empty: ${path}`);
    const format = declared ?? formatFromExtension(path) ?? (await sniffFormat(path));
    const connection = await this.connect();
    try {
      const from = scan(format, path);
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`).catch((err: unknown) => {
        throw AppError.invalid(`cannot read ${format} file ${path}: ${(err as Error).message.split('\n')[0]}`);
      });
      const wanted = opts.columns ? new Set(opts.columns) : undefined;
      const schema = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) })).filter((c) => !wanted || wanted.has(c.name));
      const plan = schema.map((c) => ({ ...c, role: NUMERIC.test(c.type) ? ('numeric' as const) : TEXT.test(c.type) ? ('text' as const) : ('unsupported' as const) }));
      const loaded = plan.filter((c) => c.role !== 'unsupported');
      const builders = loaded.map((c) => (c.role === 'numeric' ? new NumericBuilder() : new CategoricalBuilder()));
      let rowCount = 0;
      if (loaded.length === 0) {
        const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${from}`);
        rowCount = Number(counted.getRowObjectsJS()[0]?.n ?? 0);
      } else {
        const projection = loaded.map((c) => `CAST(${quoteIdent(c.name)} AS ${c.role === 'numeric' ? 'DOUBLE' : 'VARCHAR'})`).join(', ');
        const result = await connection.stream(`SELECT ${projection} FROM ${from}`).catch((err: unknown) => {
          throw AppError.invalid(`cannot read ${format} file ${path}: ${(err as Error).message.split('\n')[0]}`);
        });
        for (;;) {
          const chunk = await result.fetchChunk().catch((err: unknown) => {
            throw AppError.invalid(`cannot read ${format} file ${path}: ${(err as Error).message.split('\n')[0]}`);
          });
          if (!chunk || chunk.rowCount === 0) break;
          const rows = chunk.rowCount;
          builders.forEach((builder, col) => {
            const vector = chunk.getColumnVector(col);
            if (builder instanceof NumericBuilder) for (let i = 0; i < rows; i++) builder.push(vector.getItem(i) as number | null);
            else for (let i = 0; i < rows; i++) builder.push(vector.getItem(i) as string | null);
          });
          rowCount += rows;
        }
      }
      const built = new Map(loaded.map((c, i) => [c.name, (builders[i] as NumericBuilder | CategoricalBuilder).build(c.name)]));
      const columns: TableColumn[] = plan.map((c) => built.get(c.name) ?? { name: c.name, kind: 'unsupported', reason: TEMPORAL.test(c.type) ? `${c.type.toLowerCase()} column (dates and times are not drift-tested)` : `unsupported type ${c.type}` });
      return { rowCount, columns };
    } finally {
      connection.closeSync();
    }
  }
}

