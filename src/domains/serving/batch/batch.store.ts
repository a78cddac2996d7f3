import type { Readable } from 'node:stream';
import type { BatchJob } from './batch.schema.js';

/**
 * The file side of batch inference, as a port: the domain streams row ranges in and
 * prediction rows out without knowing the engine (DuckDB in src/adapters/tabular).
 */
export type BatchFormat = 'csv' | 'parquet' | 'jsonl';
export type BatchCell = number | string | boolean | null;
export type BatchRow = Record<string, BatchCell>;

export interface RowRange {
  start: number;
  count: number;
}

export interface BatchRowWriter {
  /** Resolves once the rows are handed to the file (with backpressure), never buffering the whole output. */
  write(rows: readonly BatchRow[]): Promise<void>;
  /** Finishes the file; it exists at its path only after this resolves. */
  close(): Promise<void>;
}

export interface BatchFiles {
  /** Rows in the file; `format` is inferred from the extension or the first bytes when absent. */
  countRows(path: string, format?: BatchFormat): Promise<number>;
  /** Rows [start, start + count) in file order, `chunkRows` at a time (the last chunk may be shorter). */
  readRows(path: string, range: RowRange, opts: { chunkRows: number; format?: BatchFormat | undefined }): AsyncIterable<BatchRow[]>;
  openWriter(path: string, format: BatchFormat): Promise<BatchRowWriter>;
  /** Concatenates same-format part files, in order, into `out` (in `format`). */
  concat(parts: readonly string[], partFormat: BatchFormat, out: string, format: BatchFormat): Promise<void>;
  /** Deletes a local file if it exists. */
  remove(path: string): Promise<void>;
  /** A private scratch folder (part files, downloaded inputs); `remove` deletes it and everything in it. */
  scratch(): Promise<{ dir: string; file(name: string): string; remove(): Promise<void> }>;
  /** Copies a blob of the artifact store to a local file (DuckDB reads paths). */
  download(sha256: string, path: string): Promise<void>;
  /** Streams a stored result (for downloads). */
  openBlob(sha256: string): Promise<Readable>;
  /** Stores an uploaded input (streamed, never buffered). */
  putBlob(data: Readable): Promise<{ sha256: string; size: number }>;
  /** Stores a local file in the artifact store. */
  upload(path: string): Promise<{ sha256: string; size: number }>;
}

export interface ShardRow {
  shard: number;
  rows: number;
  failedRows: number;
  /** The finished shard's result (JSON), null while it runs. */
  result: string | null;
}

export interface BatchJobFilter {
  /** Only the jobs of this target (a deployment name, or `model@version`). */
  target?: string | undefined;
  limit: number;
}

/** Job records and per-shard progress, shared by every worker (SQL, so other machines see it). */
export interface BatchJobStore {
  saveJob(job: BatchJob): Promise<void>;
  getJob(id: string): Promise<BatchJob | null>;
  /** Newest first. */
  listJobs(filter: BatchJobFilter): Promise<BatchJob[]>;
  /** Creates or overwrites the shard's row: a retried shard replaces, never adds to, its progress. */
  putShard(jobId: string, row: ShardRow): Promise<void>;
  listShards(jobId: string): Promise<ShardRow[]>;
}
