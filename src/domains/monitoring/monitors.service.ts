/**
 * Scheduled monitors: CRUD, a run (one window of a deployment's prediction log or a stored dataset
 * against the reference → drift per column, performance, infrastructure), the stored time series,
 * and the schedule. Any number of server instances may tick: the store's compare-and-set on
 * `next_run_at` lets exactly one claim each due run, which goes onto the job queue
 * (`monitoring.runs`) so that any worker executes it, with the queue's retries.
 */
import { AppError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import { parseInput } from '../../core/validation.js';
import type { JobHandler } from '../jobs/index.js';
import type { ModelVersion } from '../registry/index.js';
import type { Deployment } from '../serving/index.js';
import { computeDriftReport } from './drift-report.js';
import { infraSnapshot, noInfraProbe, type InfraProbe } from './infra-snapshot.js';
import { loadReference } from './monitor-reference.js';
import { runSignals } from './monitor-signals.js';
import { followingRunAt, nextRunAt, windowMs } from './monitor-window.js';
import {
  createMonitorSchema,
  runMonitorSchema,
  updateMonitorSchema,
  type ColumnPoint,
  type InfraSnapshot,
  type Monitor,
  type MonitorConfig,
  type MonitorRun,
  type MonitorRunResult,
  type MonitorSummary,
  type PerformanceResult,
} from './monitor.schema.js';
import type { LoggedPrediction, MonitorStore, PredictionLogReader } from './monitor.store.js';
import { driftSettings } from './monitoring.service.js';
import type { ColumnTable, TabularReader } from './monitoring.store.js';
import { decodeWindow, type DecodedWindow } from './prediction-log-table.js';
import { discardSignals, type MonitorSignal, type SignalSink } from './signals.js';
import { windowPerformance } from './window-performance.js';

export const MONITOR_QUEUE = 'monitoring.runs';
const BASELINE_METRICS = ['accuracy', 'val_accuracy', 'test_accuracy', 'eval_accuracy'];
/** The span the periodic infrastructure signals cover. */
const INFRA_WINDOW_SECONDS = 60;
/** Earlier runs whose labels may still land are re-measured after each run, newest first, up to this many. */
const BACKFILL_RUNS = 24;

export interface MonitorsDeps {
  store: MonitorStore;
  log: PredictionLogReader;
  reader: TabularReader;
  blobs?: BlobStore | undefined;
  /** `settle` writes this instance's buffered prediction log, so a run sees what was just served. */
  deployments: { get(name: string): Promise<Deployment>; isReady(name: string): Promise<boolean>; settle?(): Promise<void>; list?(): Promise<Deployment[]> };
  versions: { getVersion(name: string, version: number): Promise<ModelVersion> };
  queue?: JobQueue | undefined;
  clock: Clock;
  signals?: SignalSink | undefined;
  infra?: InfraProbe | undefined;
  /** Rows read per window at most (the newest are kept). Default 200 000. */
  maxWindowRows?: number | undefined;
  onBackgroundError?: ((err: unknown) => void) | undefined;
}

interface RunJob {
  monitor: string;
  windowEnd: number;
}

function labelsOf(name: string, config: MonitorConfig, window: DecodedWindow | null): Record<string, string> {
  const labels: Record<string, string> = { monitor: name };
  if ('deployment' in config.source) labels.deployment = config.source.deployment;
  else labels.dataset = config.source.dataset.sha256;
  const model = window?.models.at(-1);
  if (model) {
    labels.model = model.model;
    labels.version = String(model.version);
  }
  return labels;
}

export class MonitorsService {
  private signals: SignalSink;
  private readonly maxRows: number;

  constructor(private readonly deps: MonitorsDeps) {
    this.signals = deps.signals ?? discardSignals;
    this.maxRows = deps.maxWindowRows ?? 200_000;
  }

  /** Where run signals go (the alerting service); replaces the default that discards them. */
  useSignalSink(sink: SignalSink): void {
    this.signals = sink;
  }

  private async validate(config: MonitorConfig): Promise<void> {
    const src = config.source;
    if ('deployment' in src) await this.deps.deployments.get(src.deployment);
    else {
      if (!('every' in config.window || 'seconds' in config.window)) throw AppError.invalid('window.predictions needs a deployment source', [{ path: 'body.window', message: 'count windows read the prediction log' }]);
      if (!(await this.deps.blobs?.stat(src.dataset.sha256))) throw AppError.notFound('dataset', src.dataset.sha256);
      if ('window' in config.reference) throw AppError.invalid('reference.window needs a deployment source', [{ path: 'body.reference', message: 'a log window needs a deployment' }]);
    }
    if ('dataset' in config.reference && !(await this.deps.blobs?.stat(config.reference.dataset.sha256))) throw AppError.notFound('dataset', config.reference.dataset.sha256);
    if ('registry' in config.reference) await this.deps.versions.getVersion(config.reference.registry.model, config.reference.registry.version);
  }

  async create(input: unknown, actor: string): Promise<Monitor> {
    const { name, enabled, ...config } = parseInput(createMonitorSchema, input);
    await this.validate(config);
    const now = this.deps.clock.now();
    const on = enabled ?? true;
    const monitor: Monitor = { name, config, enabled: on, nextRunAt: on ? nextRunAt(config.window, now) : null, createdBy: actor, createdAt: now, updatedAt: now };
    await this.deps.store.create(monitor);
    return monitor;
  }

  async get(name: string): Promise<Monitor> {
    const m = await this.deps.store.get(name);
    if (!m) throw AppError.notFound('monitor', name);
    return m;
  }

  async list(): Promise<MonitorSummary[]> {
    const monitors = await this.deps.store.list();
    const latest = await this.deps.store.latestRuns(monitors.map((m) => m.name));
    return monitors.map((m) => {
      const r = latest.get(m.name);
      return { ...m, lastRun: r ? { id: r.id, status: r.status, windowEnd: r.windowEnd, datasetDrift: r.datasetDrift, driftShare: r.driftShare, error: r.error } : null };
    });
  }

  async update(name: string, input: unknown): Promise<Monitor> {
    const patch = parseInput(updateMonitorSchema, input);
    const current = await this.get(name);
    const { enabled, ...rest } = patch;
    const config: MonitorConfig = { ...current.config, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    await this.validate(config);
    const now = this.deps.clock.now();
    const on = enabled ?? current.enabled;
    const rescheduled = !on ? null : patch.window || !current.enabled || current.nextRunAt === null ? nextRunAt(config.window, now) : current.nextRunAt;
    const monitor: Monitor = { ...current, config, enabled: on, nextRunAt: rescheduled, updatedAt: now };
    await this.deps.store.update(monitor);
    return monitor;
  }

  async delete(name: string): Promise<void> {
    if (!(await this.deps.store.delete(name))) throw AppError.notFound('monitor', name);
  }

  /** Runs the monitor over the window ending at `windowEnd` (default now), stores the run and publishes its signals. */
  async run(name: string, input: unknown = {}, trigger: MonitorRun['trigger'] = 'manual'): Promise<MonitorRun> {
    const { windowEnd } = parseInput(runMonitorSchema, input);
    const monitor = await this.get(name);
    return this.execute(monitor, windowEnd ?? this.deps.clock.now(), trigger);
  }

  private async columnNames(config: MonitorConfig): Promise<string[] | undefined> {
    if (!('deployment' in config.source)) return undefined;
    const d = await this.deps.deployments.get(config.source.deployment).catch(() => undefined);
    return d?.config.processing.columns;
  }

  private async currentWindow(monitor: Monitor, windowEnd: number): Promise<{ start: number; rows: LoggedPrediction[] }> {
    const src = monitor.config.source as { deployment: string };
    const size = windowMs(monitor.config.window);
    if (size !== null) return { start: windowEnd - size, rows: await this.deps.log.window(src.deployment, windowEnd - size, windowEnd, this.maxRows) };
    const n = (monitor.config.window as { predictions: number }).predictions;
    const rows = await this.deps.log.latest(src.deployment, Math.min(n, this.maxRows), windowEnd);
    return { start: rows[0]?.at ?? windowEnd, rows };
  }

  private async baseline(config: MonitorConfig, window: DecodedWindow): Promise<{ metric: string; value: number } | null> {
    const model = window.models.at(-1);
    if (!model) return null;
    const version = await this.deps.versions.getVersion(model.model, model.version).catch(() => undefined);
    if (!version) return null;
    const keys = config.performance?.baselineMetric ? [config.performance.baselineMetric] : BASELINE_METRICS;
    for (const key of keys) {
      const values = version.metrics.filter((m) => m.key === key && m.value !== null).sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
      const last = values.at(-1);
      if (last) return { metric: key, value: last.value as number };
    }
    return null;
  }

  private async performance(config: MonitorConfig, window: DecodedWindow): Promise<PerformanceResult | null> {
    const result = windowPerformance(window, await this.baseline(config, window), config.performance?.tolerance);
    return result && { ...result, measured_at: this.deps.clock.now() };
  }

  /** Infrastructure numbers of a deployment over the last `windowSeconds`. */
  async infra(deployment: string, windowSeconds = 300): Promise<InfraSnapshot> {
    const d = await this.deps.deployments.get(deployment);
    const end = this.deps.clock.now();
    const rows = await this.deps.log.timings(deployment, end - windowSeconds * 1000, end, this.maxRows);
    return this.infraOf(d, windowSeconds, rows);
  }

  /**
   * Infrastructure signals of every deployment over the last minute, labelled `deployment` only, so
   * that error-rate, latency and service-down rules see fresh values without waiting for a monitor's
   * window. Every instance publishes: the log-based numbers agree, the process gauges are its own.
   */
  async publishInfra(windowSeconds = INFRA_WINDOW_SECONDS): Promise<void> {
    const deployments = (await this.deps.deployments.list?.()) ?? [];
    const end = this.deps.clock.now();
    const signals: MonitorSignal[] = [];
    for (const d of deployments) {
      const rows = await this.deps.log.timings(d.name, end - windowSeconds * 1000, end, this.maxRows);
      const infra = await this.infraOf(d, windowSeconds, rows);
      signals.push(...runSignals({ finishedAt: end, result: { drift: null, histograms: [], performance: null, infra } }, { deployment: d.name }));
    }
    if (signals.length > 0) await this.signals.publish(signals);
  }

  private async infraOf(d: Deployment, windowSeconds: number, rows: readonly Pick<LoggedPrediction, 'latencyMs' | 'status'>[]): Promise<InfraSnapshot> {
    const models = d.config.arms.map((a) => ({ model: a.model, version: a.version }));
    const gauges = await (this.deps.infra ?? noInfraProbe).gauges(d.name, models);
    const up = await this.deps.deployments.isReady(d.name).catch(() => false);
    return infraSnapshot(d.name, windowSeconds, rows, gauges, up);
  }

  private async execute(monitor: Monitor, windowEnd: number, trigger: MonitorRun['trigger']): Promise<MonitorRun> {
    const startedAt = this.deps.clock.now();
    const { config } = monitor;
    const result: MonitorRunResult = { drift: null, histograms: [], performance: null, infra: null };
    let windowStart = windowEnd - (windowMs(config.window) ?? 0);
    let decoded: DecodedWindow | null = null;
    let current: ColumnTable;
    let status: MonitorRun['status'] = 'ok';
    let error: string | null = null;
    try {
      const columnNames = await this.columnNames(config);
      if ('deployment' in config.source) {
        await this.deps.deployments.settle?.();
        const win = await this.currentWindow(monitor, windowEnd);
        windowStart = win.start;
        decoded = decodeWindow(win.rows, config.performance, columnNames);
        current = decoded.table;
        const d = await this.deps.deployments.get(config.source.deployment).catch(() => undefined);
        if (d) result.infra = await this.infraOf(d, Math.max(1, (windowEnd - windowStart) / 1000), win.rows);
        result.performance = decoded.predicted.length ? await this.performance(config, decoded) : null;
      } else {
        current = await this.deps.reader.read({ kind: 'blob', sha256: config.source.dataset.sha256, format: config.source.dataset.format }, { columns: config.columns });
      }
      if (current.rowCount === 0) {
        status = 'skipped';
        result.drift_error = 'no rows in the window';
      } else {
        const reference = await loadReference({ ...this.deps, maxRows: this.maxRows }, config.reference, { deployment: 'deployment' in config.source ? config.source.deployment : undefined, columnNames, columns: config.columns });
        const curNames = new Set(current.columns.map((c) => c.name));
        const columns = config.columns ?? reference.columns.map((c) => c.name).filter((n) => curNames.has(n));
        const missing = columns.filter((c) => !curNames.has(c) || !reference.columns.some((r) => r.name === c));
        if (columns.length === 0) result.drift_error = 'the reference and the window share no column';
        else if (missing.length > 0) result.drift_error = `columns missing from the reference or the window: ${missing.join(', ')}`;
        else if (reference.rowCount === 0) result.drift_error = 'the reference has no rows';
        else {
          const { report, charts } = computeDriftReport(reference, current, columns, driftSettings(config.test, config.options));
          result.drift = report;
          result.histograms = charts;
        }
      }
    } catch (err) {
      status = 'failed';
      error = err instanceof Error ? err.message : String(err);
    }
    const run: MonitorRun = {
      id: newId(),
      monitor: monitor.name,
      trigger,
      status,
      error,
      windowStart,
      windowEnd,
      startedAt,
      finishedAt: this.deps.clock.now(),
      rows: decoded ? decoded.predicted.length : result.drift?.current_rows ?? 0,
      labelledRows: result.performance?.labelled ?? 0,
      datasetDrift: result.drift ? result.drift.dataset_drift : null,
      driftShare: result.drift ? result.drift.drift_share : null,
      result,
    };
    const points: ColumnPoint[] = Object.entries(result.drift?.columns ?? {}).map(([column, c]) => ({
      runId: run.id,
      at: windowEnd,
      column,
      test: c.test,
      statistic: c.statistic,
      p_value: c.p_value,
      drifted: c.drifted,
      psi: c.psi,
      current_count: c.current_count,
      not_computable: c.not_computable ?? null,
    }));
    await this.deps.store.insertRun(run, points);
    // The run is stored whatever happens to its signals: a failing sink is logged, never the run's failure.
    await this.signals.publish(runSignals(run, labelsOf(monitor.name, config, decoded))).catch((err: unknown) => this.deps.onBackgroundError?.(err));
    if (decoded && result.performance) await this.backfill(monitor, run.id).catch((err: unknown) => this.deps.onBackgroundError?.(err));
    return run;
  }

  /** Labels arrive late: earlier windows not fully labelled are measured again, so measured values replace estimates. */
  private async backfill(monitor: Monitor, latestId: string): Promise<void> {
    if (!('deployment' in monitor.config.source)) return;
    const deployment = monitor.config.source.deployment;
    const columnNames = await this.columnNames(monitor.config);
    const runs = await this.deps.store.listRuns(monitor.name, { limit: BACKFILL_RUNS + 1 });
    for (const run of runs) {
      const perf = run.result.performance;
      if (run.id === latestId || !perf || perf.labelled_fraction >= 1) continue;
      if ((await this.deps.log.feedbackSince(deployment, run.windowStart, run.windowEnd, perf.measured_at ?? run.startedAt)) === 0) continue;
      const rows = await this.deps.log.window(deployment, run.windowStart, run.windowEnd, this.maxRows);
      const performance = await this.performance(monitor.config, decodeWindow(rows, monitor.config.performance, columnNames));
      if (performance && performance.labelled > perf.labelled) await this.deps.store.updateRunResult(run.id, { ...run.result, performance }, performance.labelled);
    }
  }

  async runs(name: string, opts: { limit?: number | undefined; before?: number | undefined } = {}): Promise<MonitorRun[]> {
    await this.get(name);
    return this.deps.store.listRuns(name, { limit: opts.limit ?? 100, before: opts.before });
  }

  /** Performance per window, oldest first (runs without a performance result are left out). */
  async performanceSeries(name: string, opts: { limit?: number | undefined; before?: number | undefined } = {}): Promise<{ runId: string; windowStart: number; windowEnd: number; performance: PerformanceResult }[]> {
    const runs = await this.runs(name, opts);
    return runs
      .filter((r) => r.result.performance)
      .reverse()
      .map((r) => ({ runId: r.id, windowStart: r.windowStart, windowEnd: r.windowEnd, performance: r.result.performance as PerformanceResult }));
  }

  async getRun(name: string, id: string): Promise<MonitorRun> {
    const run = await this.deps.store.getRun(id);
    if (!run || run.monitor !== name) throw AppError.notFound('monitor run', id);
    return run;
  }

  async series(name: string, opts: { column?: string | undefined; from?: number | undefined; to?: number | undefined; limit?: number | undefined } = {}): Promise<ColumnPoint[]> {
    await this.get(name);
    return this.deps.store.columnSeries(name, { ...opts, limit: opts.limit ?? 10_000 });
  }

  /** Enqueues every due monitor this instance claims; returns how many. Safe to call from every instance at once. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    let claimed = 0;
    for (const m of await this.deps.store.due(now)) {
      const due = m.nextRunAt as number;
      if (!(await this.deps.store.advance(m.name, due, followingRunAt(m.config.window, due, now)))) continue;
      claimed++;
      const job: RunJob = { monitor: m.name, windowEnd: windowMs(m.config.window) === null ? now : due };
      if (this.deps.queue) await this.deps.queue.enqueue(MONITOR_QUEUE, job, { maxAttempts: 2 });
      else await this.scheduled(job);
    }
    return claimed;
  }

  private async scheduled(job: RunJob): Promise<void> {
    const monitor = await this.deps.store.get(job.monitor);
    if (!monitor) return;
    if (!windowMs(monitor.config.window)) {
      // A count window runs once that many predictions arrived since the last run's window.
      const last = (await this.deps.store.listRuns(monitor.name, { limit: 1 }))[0];
      const src = monitor.config.source as { deployment: string };
      const fresh = await this.deps.log.countBetween(src.deployment, last?.windowEnd ?? 0, job.windowEnd);
      if (fresh < (monitor.config.window as { predictions: number }).predictions) return;
    }
    await this.execute(monitor, job.windowEnd, 'schedule');
  }

  handler(): JobHandler<RunJob> {
    return { queue: MONITOR_QUEUE, timeoutMs: 10 * 60_000, run: (job) => this.scheduled(job.payload) };
  }

  /** Ticks (and publishes infrastructure signals) every `intervalMs` until the returned function is called. */
  startScheduler(intervalMs: number): () => void {
    const timer = setInterval(() => {
      void this.tick().catch((err: unknown) => this.deps.onBackgroundError?.(err));
      void this.publishInfra().catch((err: unknown) => this.deps.onBackgroundError?.(err));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
