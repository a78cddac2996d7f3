import type { TensorValue } from '../../core/ports/model-runtime.js';
import type { PredictionRecord, ServingStore } from './serving.store.js';
import { tensorsJsonText } from './tensor-batch.js';

/**
 * A record as the request path hands it over: inputs and outputs may still be tensors,
 * turned into JSON text when the batch is written, so serializing costs the request nothing.
 * The tensors must not change after `append` (the pipeline never mutates a served tensor).
 */
export type PredictionEntry = Omit<PredictionRecord, 'inputs' | 'outputs'> & {
  inputs: string | Record<string, TensorValue>;
  outputs: string | Record<string, TensorValue>;
};

function toRecord(e: PredictionEntry): PredictionRecord {
  if (typeof e.inputs === 'string' && typeof e.outputs === 'string') return e as PredictionRecord;
  return { ...e, inputs: typeof e.inputs === 'string' ? e.inputs : tensorsJsonText(e.inputs), outputs: typeof e.outputs === 'string' ? e.outputs : tensorsJsonText(e.outputs) };
}

export interface LogWriterOptions {
  /** Flush when this many rows wait. */
  maxRows?: number;
  /** …or when the oldest has waited this long. */
  maxDelayMs?: number;
  /** Rows kept while the store is failing; beyond it the oldest are dropped (and counted) rather than growing memory. */
  maxBuffered?: number;
  onError?: (err: unknown, dropped: number) => void;
}

/**
 * Appends prediction records in batches off the request path: `append` only pushes to
 * an array; a timer or a full buffer serializes them and writes them in one multi-row insert.
 */
export class PredictionLogWriter {
  private buffer: PredictionEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private readonly maxBuffered: number;
  dropped = 0;

  constructor(
    private readonly store: Pick<ServingStore, 'appendPredictions'>,
    private readonly opts: LogWriterOptions = {},
  ) {
    this.maxRows = opts.maxRows ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 200;
    this.maxBuffered = opts.maxBuffered ?? 100_000;
  }

  append(record: PredictionEntry): void {
    this.buffer.push(record);
    if (this.buffer.length > this.maxBuffered) {
      this.buffer.shift();
      this.dropped++;
    }
    if (this.buffer.length >= this.maxRows) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.maxDelayMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves when every row appended before the call is stored (or failed). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const rows = this.buffer;
    this.buffer = [];
    // Chained so batches land in order and flush() callers wait for earlier ones too.
    this.flushing = this.flushing.then(async () => {
      if (rows.length === 0) return;
      try {
        await this.store.appendPredictions(rows.map(toRecord));
      } catch (err) {
        this.dropped += rows.length;
        this.opts.onError?.(err, rows.length);
      }
    });
    return this.flushing;
  }
}
