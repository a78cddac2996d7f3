import { AppError } from '../core/errors.js';
import type { ArtifactEntry, Run, RunStatus } from '../domains/tracking/tracking.schema.js';
import { MetricBatcher, type BatcherOptions } from './metric-batcher.js';
import type { ExitAwareRun, NodeSupport } from './node-support.js';
import type { RunsApi } from './resources/runs.js';

export type BatchingOptions = Omit<BatcherOptions, 'send'>;

export type ParamValue = string | number | boolean;

/**
 * A live run. Logging calls buffer and return at once; metrics go out in the
 * background as columnar batches (every 50,000 points or every second), and `end()`
 * sends what is left.
 * @example
 * const run = await keel.startRun({ experiment: 'penguins', params: { lr: 0.1 } });
 * for (let epoch = 0; epoch < 100; epoch++) run.logMetrics({ loss, accuracy }, epoch);
 * await run.logArtifact('model.json');
 * await run.end();
 */
export class RunHandle implements ExitAwareRun {
  readonly id: string;
  readonly experimentId: string;
  /** The run as created (its info, initial params and tags). */
  readonly run: Run;
  private readonly runs: RunsApi;
  private readonly node: NodeSupport | undefined;
  private readonly batcher: MetricBatcher;
  private unwatch: (() => void) | undefined;
  private ending: Promise<void> | undefined;

  constructor(deps: { runs: RunsApi; run: Run; node?: NodeSupport | undefined; batching?: BatchingOptions | undefined }) {
    this.runs = deps.runs;
    this.run = deps.run;
    this.id = deps.run.info.runId;
    this.experimentId = deps.run.info.experimentId;
    this.node = deps.node;
    this.batcher = new MetricBatcher({
      ...deps.batching,
      send: (json, route) => (route === 'metrics' ? this.runs.logMetricSeriesJson(this.id, json) : this.runs.logBatchJson(this.id, json)),
    });
  }

  /** Buffers one point (never waits on the network). @example run.logMetric('loss', 0.42, epoch); */
  logMetric(key: string, value: number, step?: number): void {
    this.batcher.logMetric(key, value, step);
  }

  /** Buffers several metrics at one step. @example run.logMetrics({ loss: 0.42, accuracy: 0.91 }, epoch); */
  logMetrics(metrics: Record<string, number>, step?: number): void {
    for (const key in metrics) this.batcher.logMetric(key, metrics[key] as number, step);
  }

  /** Params are immutable: logging another value for a key fails the batch. @example run.logParam('lr', 0.1); */
  logParam(key: string, value: ParamValue): void {
    this.batcher.logParam(key, String(value));
  }

  /** @example run.logParams({ lr: 0.1, epochs: 200, optimizer: 'sgd' }); */
  logParams(params: Record<string, ParamValue>): void {
    for (const [key, value] of Object.entries(params)) this.batcher.logParam(key, String(value));
  }

  /** Tags are mutable; the last value set wins. @example run.setTag('stage', 'tuning'); */
  setTag(key: string, value: string): void {
    this.batcher.setTag(key, value);
  }

  /**
   * Uploads a local file or folder (Node only). A file lands at `artifactPath`
   * (default: its own name); a folder's files land under `artifactPath` (default: the folder's name).
   * @example await run.logArtifact('out/model.json', 'model/weights.json');
   */
  async logArtifact(localPath: string, artifactPath?: string): Promise<ArtifactEntry[]> {
    if (!this.node) throw new AppError('FAILED_PRECONDITION', 'logArtifact reads local files and needs Node; in a browser use keel.runs.uploadArtifact');
    return this.node.uploadLocalPath(this.runs, this.id, localPath, artifactPath);
  }

  /** Sends everything buffered and waits; rejects with the first batch the server refused. @example await run.flush(); */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Points, params and tags the server has accepted. */
  get sent(): number {
    return this.batcher.sent;
  }

  /**
   * Flushes, then sets the final status and end time. Calling it again is a no-op.
   * The status is set even when a batch failed; that failure is then rethrown.
   * @example await run.end(); // FINISHED
   * @example await run.end('FAILED');
   */
  end(status: RunStatus = 'FINISHED'): Promise<void> {
    this.ending ??= this.finish(status);
    return this.ending;
  }

  /** Used by the Node exit hooks. */
  async onProcessExit(reason: 'beforeExit' | 'SIGINT' | 'SIGTERM'): Promise<void> {
    try {
      await this.end(reason === 'beforeExit' ? 'FINISHED' : 'KILLED');
    } catch (err) {
      // At exit there is no caller left to throw to.
      console.error(`keel: run ${this.id} did not end cleanly: ${(err as Error).message}`);
    }
  }

  /** @internal Wires the Node exit hooks; `startRun` calls it. */
  watchExit(signals: boolean): void {
    this.unwatch = this.node?.watchProcessExit(this, { signals });
  }

  private async finish(status: RunStatus): Promise<void> {
    let failure: unknown;
    await this.batcher.close().catch((err: unknown) => (failure = err));
    try {
      await this.runs.update(this.id, { status, endTime: Date.now() });
    } finally {
      this.unwatch?.();
      this.unwatch = undefined;
    }
    if (failure !== undefined) throw failure;
  }
}
