/**
 * Scheduled monitors: CRUD, a run (one window of a deployment's prediction log or a stored dataset
 * against the reference → drift per column, performance, infrastructure), the stored time series,
 * and the schedule. Any number of server instances may tick: the store's compare-and-set on
 * `next_run_at` lets exactly one claim each due run, which goes onto the job queue
 * (`monitoring.runs`) so that any worker executes it, with the queue's retries. What one run does
 * is monitor-runner.ts.
 */
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import type { JobHandler } from '../jobs/index.js';
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
  type MonitorSummary,
  type PerformanceResult,
} from './monitor.schema.js';
import { discardSignals, type MonitorSignal, type SignalSink } from './signals.js';
import { MonitorRunner } from './monitor-runner.js';
import type { MonitorsDeps } from './monitors.deps.js';

export const MONITOR_QUEUE = 'monitoring.runs';
/** The span the periodic infrastructure signals cover. */
const INFRA_WINDOW_SECONDS = 60;

interface RunJob {
  monitor: string;
  windowEnd: number;
}

export class MonitorsService {
  private signals: SignalSink;
  private readonly maxRows: number;

  private readonly runner: MonitorRunner;

  constructor(private readonly deps: MonitorsDeps) {
    this.signals = deps.signals ?? discardSignals;
    this.maxRows = deps.maxWindowRows ?? 200_000;
    this.runner = new MonitorRunner({ ...deps, maxRows: this.maxRows, currentSignals: () => this.signals });
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
    return this.runner.execute(monitor, windowEnd ?? this.deps.clock.now(), trigger);
  }

  /** Infrastructure numbers of a deployment over the last `windowSeconds`. */
  async infra(deployment: string, windowSeconds = 300): Promise<InfraSnapshot> {
    const d = await this.deps.deployments.get(deployment);
    const end = this.deps.clock.now();
    const rows = await this.deps.log.timings(deployment, end - windowSeconds * 1000, end, this.maxRows);
    return this.runner.infraOf(d, windowSeconds, rows);
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
      const infra = await this.runner.infraOf(d, windowSeconds, rows);
      signals.push(...runSignals({ finishedAt: end, result: { drift: null, histograms: [], performance: null, infra } }, { deployment: d.name }));
    }
    if (signals.length > 0) await this.signals.publish(signals);
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
    await this.runner.execute(monitor, job.windowEnd, 'schedule');
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
