/**
 * BatchFiles on DuckDB: input row ranges are streamed chunk by chunk (LIMIT/OFFSET keeps
 * file order, since DuckDB preserves insertion order), and output is written as JSON lines
 * with backpressure, then converted by `COPY … TO` when Parquet or CSV was asked for —
 * so neither side ever holds the whole file in memory.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { BatchFiles, BatchFormat, BatchRow, BatchRowWriter, RowRange } from '../../domains/serving/batch/batch.store.js';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function formatOf(path: string, declared: BatchFormat | undefined): BatchFormat {
  if (declared) return declared;
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  return 'csv';
}

function scan(format: BatchFormat, path: string): string {
  const p = quoteString(path);
  if (format === 'parquet') return `read_parquet(${p})`;
  if (format === 'jsonl') return `read_json_auto(${p}, format = 'newline_delimited')`;
  return `read_csv_auto(${p})`;
}

function copyOptions(format: BatchFormat): string {
  return format === 'parquet' ? '(FORMAT parquet)' : format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT json)';
}

const NUMBER_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const firstLine = (err: unknown): string => (err as Error).message.split('\n')[0] ?? '';

/** JSON lines written through a file stream, honouring its backpressure. */
class JsonLinesWriter {
  private rows = 0;
  private constructor(private readonly stream: WriteStream) {}

  static open(path: string): JsonLinesWriter {
    return new JsonLinesWriter(createWriteStream(path));
  }

  get count(): number {
    return this.rows;
  }

  async write(rows: readonly BatchRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.rows += rows.length;
    const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (!this.stream.write(text)) await new Promise<void>((resolve, reject) => this.stream.once('drain', resolve).once('error', reject));
  }

  close(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

export class DuckDbBatchFiles implements BatchFiles {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly blobs?: BlobStore) {}

  async countRows(path: string, format?: BatchFormat): Promise<number> {
    return this.withConnection(async (c) => {
      const from = await this.checkedScan(path, format);
      const result = await c.runAndReadAll(`SELECT count(*) AS n FROM ${from}`).catch((err: unknown) => {
        throw AppError.invalid(`cannot read ${path}: ${firstLine(err)}`);
      });
      return Number(result.getRowObjectsJS()[0]?.n ?? 0);
    });
  }

  async *readRows(path: string, range: RowRange, opts: { chunkRows: number; format?: BatchFormat | undefined }): AsyncIterable<BatchRow[]> {
    if (range.count <= 0) return;
    const from = await this.checkedScan(path, opts.format);
    // CSV has no types: one stray word makes DuckDB read a numeric column as text, so numbers
    // written as text are numbers again, and only the stray cells fail (with their text as the reason).
    const coerce = formatOf(path, opts.format) === 'csv';
    const connection = await this.connect();
    try {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
      const columns = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), numeric: NUMERIC.test(String(r.column_type)), bool: String(r.column_type) === 'BOOLEAN' }));
      // Numbers as DOUBLE (no bigint surprises), booleans kept, everything else as text.
      const projection = columns.map((c) => (c.numeric ? `CAST(${quoteIdent(c.name)} AS DOUBLE)` : c.bool ? quoteIdent(c.name) : `CAST(${quoteIdent(c.name)} AS VARCHAR)`)).join(', ');
      const names = columns.map((c) => c.name);
      const result = await connection.stream(`SELECT ${projection} FROM ${from} LIMIT ${Math.floor(range.count)} OFFSET ${Math.floor(range.start)}`);
      let pending: BatchRow[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const values of chunk.getRows()) {
          const row: BatchRow = {};
          names.forEach((n, i) => {
            const v = values[i] as BatchRow[string];
            row[n] = coerce && typeof v === 'string' && NUMBER_TEXT.test(v) ? Number(v) : v;
          });
          pending.push(row);
          if (pending.length === opts.chunkRows) {
            yield pending;
            pending = [];
          }
        }
      }
      if (pending.length > 0) yield pending;
    } finally {
      connection.closeSync();
    }
  }

  async openWriter(path: string, format: BatchFormat): Promise<BatchRowWriter> {
    // Written beside the target and renamed (or converted) at close: a reader never sees half a file.
    const partial = `${path}.partial.jsonl`;
    const lines = JsonLinesWriter.open(partial);
    return {
      write: (rows) => lines.write(rows),
      close: async () => {
        await lines.close();
        try {
          if (format === 'jsonl') return await rename(partial, path);
          if (lines.count === 0) return await this.writeEmpty(path, format);
          await this.withConnection((c) => c.run(`COPY (SELECT * FROM read_json_auto(${quoteString(partial)}, format = 'newline_delimited')) TO ${quoteString(path)} ${copyOptions(format)}`));
        } finally {
          await rm(partial, { force: true });
        }
      },
    };
  }

  async concat(parts: readonly string[], partFormat: BatchFormat, out: string, format: BatchFormat): Promise<void> {
    const nonEmpty: string[] = [];
    for (const p of parts) if (((await stat(p).catch(() => null))?.size ?? 0) > 0) nonEmpty.push(p);
    if (partFormat === 'jsonl' && format === 'jsonl') {
      await writeFile(out, '');
      for (const p of nonEmpty) await pipeline(createReadStream(p), createWriteStream(out, { flags: 'a' }));
      return;
    }
    const readable = partFormat === 'parquet' ? (await Promise.all(nonEmpty.map(async (p) => ((await this.countRows(p, 'parquet')) > 0 ? p : null)))).filter((p): p is string => p !== null) : nonEmpty;
    if (readable.length === 0) return this.writeEmpty(out, format);
    const list = `[${readable.map(quoteString).join(', ')}]`;
    const from = partFormat === 'parquet' ? `read_parquet(${list})` : partFormat === 'jsonl' ? `read_json_auto(${list}, format = 'newline_delimited')` : `read_csv_auto(${list})`;
    // Shards finish in any order; the row number restores the input's.
    await this.withConnection((c) => c.run(`COPY (SELECT * FROM ${from} ORDER BY "row") TO ${quoteString(out)} ${copyOptions(format)}`));
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async scratch(): Promise<{ dir: string; file(name: string): string; remove(): Promise<void> }> {
    const dir = await mkdtemp(join(tmpdir(), 'keel-batch-'));
    return { dir, file: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
  }

  async download(sha256: string, path: string): Promise<void> {
    if (!this.blobs) throw new AppError('FAILED_PRECONDITION', 'no artifact store to read batch inputs from');
    await pipeline(await this.blobs.get(sha256), createWriteStream(path));
  }

  async openBlob(sha256: string): Promise<Readable> {
    if (!this.blobs) throw new AppError('FAILED_PRECONDITION', 'no artifact store to read batch outputs from');
    return this.blobs.get(sha256);
  }

  async putBlob(data: Readable): Promise<{ sha256: string; size: number }> {
    if (!this.blobs) throw new AppError('FAILED_PRECONDITION', 'no artifact store to keep batch inputs in');
    return this.blobs.put(data);
  }

  async upload(path: string): Promise<{ sha256: string; size: number }> {
    if (!this.blobs) throw new AppError('FAILED_PRECONDITION', 'no artifact store to write batch outputs to');
    return this.blobs.put(createReadStream(path));
  }

  private async writeEmpty(path: string, format: BatchFormat): Promise<void> {
    if (format !== 'parquet') return writeFile(path, '');
    await this.withConnection((c) => c.run(`COPY (SELECT 0::BIGINT AS "row" WHERE false) TO ${quoteString(path)} (FORMAT parquet)`));
  }

  private async checkedScan(path: string, declared: BatchFormat | undefined): Promise<string> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new AppError('NOT_FOUND', `input file not found: ${path}`, { details: { path } });
    if (info.size === 0) throw AppError.invalid(`input file is empty: ${path}`);
    return scan(formatOf(path, declared), path);
  }

  private async connect(): Promise<DuckDBConnection> {
    this.instance ??= import('@duckdb/node-api').then((m) => m.DuckDBInstance.create(':memory:'));
    return (await this.instance).connect();
  }

  private async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }
}
