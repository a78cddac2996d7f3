import type { TensorValue } from '../../core/ports/model-runtime.js';
import { concatRows, mergeKey, rowsOf, sliceRows } from './tensor-batch.js';

type Tensors = Record<string, TensorValue>;
type RunFn = (inputs: Tensors) => Promise<Tensors>;

export interface BatcherOptions {
  maxBatchSize: number;
  /** The longest a request waits for company while a run is already in flight. */
  maxLatencyMs: number;
  /** Runs in flight at once; more than one lets a batch form while another computes. */
  maxConcurrentRuns?: number;
  onBatch?: (rows: number, requests: number) => void;
  onQueueDepth?: (depth: number) => void;
}

interface Pending {
  inputs: Tensors;
  rows: number;
  key: string;
  enqueuedAt: number;
  resolve(out: Tensors): void;
  reject(err: unknown): void;
}

/**
 * Merges concurrent requests to one model version into one run (the dynamic batching of
 * Triton and MLServer). An idle model runs at the end of the current event-loop turn
 * (`setImmediate`), with every request that arrived in that turn, so light traffic pays no
 * timer wait and a burst read from many sockets at once leaves as one run; while runs are in
 * flight, arrivals queue and leave together when a run slot frees, the queue holds
 * `maxBatchSize` rows, or the oldest has waited `maxLatencyMs`.
 * Callers validate each request first; if a merged run still fails, its requests are
 * retried one by one, so one bad request never fails the others.
 */
export class AdaptiveBatcher {
  private readonly queue: Pending[] = [];
  private queuedRows = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private readonly maxRuns: number;
  private readonly flush = (): void => {
    this.flushScheduled = false;
    this.pump();
  };

  constructor(
    private readonly run: RunFn,
    private readonly opts: BatcherOptions,
  ) {
    this.maxRuns = opts.maxConcurrentRuns ?? 1;
  }

  submit(inputs: Tensors): Promise<Tensors> {
    const first = Object.values(inputs)[0];
    const rows = first ? rowsOf(first) : 1;
    return new Promise<Tensors>((resolve, reject) => {
      this.queue.push({ inputs, rows, key: mergeKey(inputs), enqueuedAt: performance.now(), resolve, reject });
      this.queuedRows += rows;
      // A full batch leaves now; otherwise wait for the rest of this turn's arrivals (one setImmediate, no timer).
      if (this.queuedRows >= this.opts.maxBatchSize) this.pump();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  get depth(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const full = this.queuedRows >= this.opts.maxBatchSize;
      if (this.inFlight < this.maxRuns || full) {
        this.dispatch();
        continue;
      }
      const head = this.queue[0] as Pending;
      const waited = performance.now() - head.enqueuedAt;
      if (waited >= this.opts.maxLatencyMs) {
        this.dispatch();
        continue;
      }
      // Wait for a run to finish (which pumps again) or for the head's deadline.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, Math.max(0, this.opts.maxLatencyMs - waited));
      break;
    }
    this.opts.onQueueDepth?.(this.queue.length);
  }

  /** Takes the head and every queued request that can join it, up to maxBatchSize rows. */
  private dispatch(): void {
    const head = this.queue.shift() as Pending;
    const batch = [head];
    let rows = head.rows;
    for (let i = 0; i < this.queue.length && rows < this.opts.maxBatchSize; ) {
      const p = this.queue[i] as Pending;
      if (p.key === head.key && rows + p.rows <= this.opts.maxBatchSize) {
        batch.push(p);
        rows += p.rows;
        this.queue.splice(i, 1);
      } else i++;
    }
    this.queuedRows -= rows;
    if (this.queue.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.inFlight++;
    void this.execute(batch, rows).finally(() => {
      this.inFlight--;
      this.pump();
    });
  }

  private async execute(batch: Pending[], rows: number): Promise<void> {
    this.opts.onBatch?.(rows, batch.length);
    if (batch.length === 1) {
      const only = batch[0] as Pending;
      await this.run(only.inputs).then(only.resolve, only.reject);
      return;
    }
    let outputs: Tensors;
    try {
      const merged: Tensors = {};
      for (const name of Object.keys(batch[0]!.inputs)) merged[name] = concatRows(batch.map((p) => p.inputs[name] as TensorValue));
      outputs = await this.run(merged);
      if (Object.values(outputs).some((o) => rowsOf(o) !== rows)) throw new Error('an output lost the batch dimension');
    } catch {
      // Something in the merged run failed: run each request alone so only the culprit sees an error.
      await Promise.all(batch.map((p) => this.run(p.inputs).then(p.resolve, p.reject)));
      return;
    }
    let start = 0;
    for (const p of batch) {
      const mine: Tensors = {};
      for (const [name, value] of Object.entries(outputs)) mine[name] = sliceRows(value, start, p.rows);
      start += p.rows;
      p.resolve(mine);
    }
  }
}
