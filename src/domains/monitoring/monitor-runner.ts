/**
 * One monitor run: read the window (a deployment's prediction log or a stored dataset), load the
 * reference, compute drift per column, performance (measured, estimated, baseline) and
 * infrastructure, store the run with its column points and publish its signals; then re-measure
 * earlier windows whose labels arrived since.
 */
import { newId } from '../../core/ids.js';
import type { Deployment } from '../serving/index.js';
import { computeDriftReport } from './drift-report.js';
import { infraSnapshot, noInfraProbe } from './infra-snapshot.js';
import { loadReference } from './monitor-reference.js';
import { runSignals } from './monitor-signals.js';
import { windowMs } from './monitor-window.js';
import type { ColumnPoint, InfraSnapshot, Monitor, MonitorConfig, MonitorRun, MonitorRunResult, PerformanceResult, PerformanceSettings } from './monitor.schema.js';
import type { LoggedPrediction } from './monitor.store.js';
import { driftSettings } from './monitoring.service.js';
import type { ColumnTable } from './monitoring.store.js';
import type { MonitorsDeps } from './monitors.deps.js';
import { decodeWindow, type DecodedWindow } from './prediction-log-table.js';
import type { SignalSink } from './signals.js';
import { windowPerformance } from './window-performance.js';

const BASELINE_METRICS = ['accuracy', 'val_accuracy', 'test_accuracy', 'eval_accuracy'];
/** Earlier runs whose labels may still land are re-measured after each run, newest first, up to this many. */
const BACKFILL_RUNS = 24;

export interface RunnerDeps extends MonitorsDeps {
  maxRows: number;
  /** The sink of the moment (the service's can be replaced after construction). */
  currentSignals: () => SignalSink;
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

export class MonitorRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /**
   * How the deployment's log reads: input column names from `processing.columns`, and class names
   * from its argmax or threshold labels (the probabilities' order) unless the monitor names them.
   */
  private async layout(config: MonitorConfig): Promise<{ columnNames: string[] | undefined; settings: PerformanceSettings }> {
    const settings = config.performance ?? {};
    if (!('deployment' in config.source)) return { columnNames: undefined, settings };
    const d = await this.deps.deployments.get(config.source.deployment).catch(() => undefined);
    const processing = d?.config.processing;
    const classes = settings.classes ?? processing?.argmax?.labels ?? processing?.threshold?.labels;
    return { columnNames: processing?.columns, settings: classes ? { ...settings, classes: [...classes] } : settings };
  }

  private async currentWindow(monitor: Monitor, windowEnd: number): Promise<{ start: number; rows: LoggedPrediction[] }> {
    const src = monitor.config.source as { deployment: string };
    const size = windowMs(monitor.config.window);
    if (size !== null) return { start: windowEnd - size, rows: await this.deps.log.window(src.deployment, windowEnd - size, windowEnd, this.deps.maxRows) };
    const n = (monitor.config.window as { predictions: number }).predictions;
    const rows = await this.deps.log.latest(src.deployment, Math.min(n, this.deps.maxRows), windowEnd);
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

  async infraOf(d: Deployment, windowSeconds: number, rows: readonly Pick<LoggedPrediction, 'latencyMs' | 'status'>[]): Promise<InfraSnapshot> {
    const models = d.config.arms.map((a) => ({ model: a.model, version: a.version }));
    const gauges = await (this.deps.infra ?? noInfraProbe).gauges(d.name, models);
    const up = await this.deps.deployments.isReady(d.name).catch(() => false);
    return infraSnapshot(d.name, windowSeconds, rows, gauges, up);
  }

  async execute(monitor: Monitor, windowEnd: number, trigger: MonitorRun['trigger']): Promise<MonitorRun> {
    const startedAt = this.deps.clock.now();
    const { config } = monitor;
    const result: MonitorRunResult = { drift: null, histograms: [], performance: null, infra: null };
    let windowStart = windowEnd - (windowMs(config.window) ?? 0);
    let decoded: DecodedWindow | null = null;
    let current: ColumnTable;
    let status: MonitorRun['status'] = 'ok';
    let error: string | null = null;
    try {
      const { columnNames, settings } = await this.layout(config);
      if ('deployment' in config.source) {
        await this.deps.deployments.settle?.();
        const win = await this.currentWindow(monitor, windowEnd);
        windowStart = win.start;
        decoded = decodeWindow(win.rows, settings, columnNames);
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
        const reference = await loadReference(this.deps, config.reference, { deployment: 'deployment' in config.source ? config.source.deployment : undefined, columnNames, columns: config.columns });
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
    await this.deps.currentSignals().publish(runSignals(run, labelsOf(monitor.name, config, decoded))).catch((err: unknown) => this.deps.onBackgroundError?.(err));
    if (decoded && result.performance) await this.backfill(monitor, run.id).catch((err: unknown) => this.deps.onBackgroundError?.(err));
    return run;
  }

  /** Labels arrive late: earlier windows not fully labelled are measured again, so measured values replace estimates. */
  private async backfill(monitor: Monitor, latestId: string): Promise<void> {
    if (!('deployment' in monitor.config.source)) return;
    const deployment = monitor.config.source.deployment;
    const { columnNames, settings } = await this.layout(monitor.config);
    const runs = await this.deps.store.listRuns(monitor.name, { limit: BACKFILL_RUNS + 1 });
    for (const run of runs) {
      const perf = run.result.performance;
      if (run.id === latestId || !perf || perf.labelled_fraction >= 1) continue;
      if ((await this.deps.log.feedbackSince(deployment, run.windowStart, run.windowEnd, perf.measured_at ?? run.startedAt)) === 0) continue;
      const rows = await this.deps.log.window(deployment, run.windowStart, run.windowEnd, this.deps.maxRows);
      const performance = await this.performance(monitor.config, decodeWindow(rows, settings, columnNames));
      if (performance && performance.labelled >= perf.labelled) await this.deps.store.updateRunResult(run.id, { ...run.result, performance }, performance.labelled);
    }
  }
}
