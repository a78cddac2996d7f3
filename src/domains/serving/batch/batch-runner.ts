import { AppError } from '../../../core/errors.js';
import type { BatchFiles, BatchFormat, BatchRow, BatchRowWriter, RowRange } from './batch.store.js';

/** Predicts one batch of input rows; answers one row of outputs per input row, in order. */
export type BatchPredictor = (rows: BatchRow[], batchIndex: number) => Promise<Record<string, unknown>[]>;

export interface RangeResult {
  rows: number;
  predictions: number;
  failedRows: number;
  batchLatenciesMs: number[];
}

export interface RunRangeOptions {
  files: BatchFiles;
  input: { path: string; format?: BatchFormat | undefined };
  range: RowRange;
  batchSize: number;
  predict: BatchPredictor;
  output: BatchRowWriter;
  failed: BatchRowWriter;
  signal?: AbortSignal | undefined;
  onProgress?: ((rows: number, failedRows: number) => void) | undefined;
  now?: () => number;
}

/** `probabilities: [a, b]` → `probabilities_0, probabilities_1`: flat columns read well in CSV and Parquet. */
export function flattenPrediction(row: number, prediction: Record<string, unknown>): BatchRow {
  const out: BatchRow = { row };
  for (const [name, value] of Object.entries(prediction)) {
    if (Array.isArray(value)) value.forEach((v, i) => (out[`${name}_${i}`] = cell(v)));
    else out[name] = cell(value);
  }
  return out;
}

function cell(v: unknown): BatchRow[string] {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null ? v : JSON.stringify(v);
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Streams one row range through the model: read a batch, predict, write, repeat. A batch
 * rejected as invalid is retried row by row so that one bad row costs only itself; any
 * other failure (model missing, runtime down) fails the range, for the queue to retry.
 */
export async function runRange(opts: RunRangeOptions): Promise<RangeResult> {
  const now = opts.now ?? (() => performance.now());
  const result: RangeResult = { rows: 0, predictions: 0, failedRows: 0, batchLatenciesMs: [] };
  let batchIndex = 0;
  for await (const rows of opts.files.readRows(opts.input.path, opts.range, { chunkRows: opts.batchSize, format: opts.input.format })) {
    if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
    const first = opts.range.start + result.rows;
    const started = now();
    const answered: BatchRow[] = [];
    const failures: BatchRow[] = [];
    try {
      const predictions = await opts.predict(rows, batchIndex);
      predictions.forEach((p, i) => answered.push(flattenPrediction(first + i, p)));
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'INVALID_ARGUMENT') throw err;
      for (let i = 0; i < rows.length; i++) {
        try {
          const [p] = await opts.predict([rows[i] as BatchRow], batchIndex);
          answered.push(flattenPrediction(first + i, p ?? {}));
        } catch (rowErr) {
          if (rowErr instanceof AppError && rowErr.code !== 'INVALID_ARGUMENT') throw rowErr;
          failures.push({ row: first + i, reason: reasonOf(rowErr), input: JSON.stringify(rows[i]) });
        }
      }
    }
    result.batchLatenciesMs.push(now() - started);
    await opts.output.write(answered);
    if (failures.length > 0) await opts.failed.write(failures);
    result.rows += rows.length;
    result.predictions += answered.length;
    result.failedRows += failures.length;
    batchIndex++;
    opts.onProgress?.(result.rows, result.failedRows);
  }
  return result;
}

export function emptyResult(): RangeResult {
  return { rows: 0, predictions: 0, failedRows: 0, batchLatenciesMs: [] };
}
