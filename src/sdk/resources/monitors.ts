import type { ColumnPoint, CreateMonitorInput, InfraSnapshot, Monitor, MonitorRun, MonitorSummary, PerformanceResult, UpdateMonitorInput } from '../../domains/monitoring/monitor.schema.js';
import type { HttpTransport } from '../transport.js';

export interface PerformanceWindow {
  runId: string;
  windowStart: number;
  windowEnd: number;
  performance: PerformanceResult;
}

const path = (name: string): string => `/api/v1/monitoring/monitors/${encodeURIComponent(name)}`;

/** Scheduled monitors: a deployment's prediction log (or a dataset) window by window against a reference. */
export class MonitorsApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Creates a monitor; it runs on its window's schedule (and on demand with `run`).
   * @example await keel.monitors.create({ name: 'churn-daily', source: { deployment: 'churn' }, reference: { dataset: { sha256 } }, window: { every: 'daily' } });
   */
  create(input: CreateMonitorInput): Promise<Monitor> {
    return this.http.request('POST', '/api/v1/monitoring/monitors', { body: input });
  }

  /** Monitors with their latest run's outcome. @example for (const m of await keel.monitors.list()) console.log(m.name, m.lastRun?.datasetDrift); */
  async list(): Promise<MonitorSummary[]> {
    return (await this.http.request<{ monitors: MonitorSummary[] }>('GET', '/api/v1/monitoring/monitors')).monitors;
  }

  /** @example const m = await keel.monitors.get('churn-daily'); */
  get(name: string): Promise<Monitor> {
    return this.http.request('GET', path(name));
  }

  /** Fields given replace the stored ones. @example await keel.monitors.update('churn-daily', { enabled: false }); */
  update(name: string, input: UpdateMonitorInput): Promise<Monitor> {
    return this.http.request('PATCH', path(name), { body: input });
  }

  /** Deletes the monitor with its runs. @example await keel.monitors.delete('churn-daily'); */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path(name));
  }

  /**
   * Runs now over the window ending at `windowEnd` (default now); stores the run and publishes its signals.
   * @example const run = await keel.monitors.run('churn-daily'); console.log(run.datasetDrift, run.result.performance?.measured?.accuracy);
   */
  run(name: string, opts: { windowEnd?: number } = {}): Promise<MonitorRun> {
    return this.http.request('POST', `${path(name)}/run`, { body: opts, timeoutMs: 0 });
  }

  /** Newest first. @example const [latest] = await keel.monitors.runs('churn-daily', { limit: 1 }); */
  async runs(name: string, opts: { limit?: number; before?: number } = {}): Promise<MonitorRun[]> {
    return (await this.http.request<{ runs: MonitorRun[] }>('GET', `${path(name)}/runs`, { query: opts })).runs;
  }

  /** @example const run = await keel.monitors.getRun('churn-daily', id); */
  getRun(name: string, id: string): Promise<MonitorRun> {
    return this.http.request('GET', `${path(name)}/runs/${encodeURIComponent(id)}`);
  }

  /** Per-column drift statistics over time, oldest first. @example const points = await keel.monitors.series('churn-daily', { column: 'age' }); */
  async series(name: string, opts: { column?: string; from?: number; to?: number; limit?: number } = {}): Promise<ColumnPoint[]> {
    return (await this.http.request<{ points: ColumnPoint[] }>('GET', `${path(name)}/series`, { query: opts })).points;
  }

  /** Performance per window, oldest first: measured once labels landed, else estimated. @example const windows = await keel.monitors.performance('churn-daily'); */
  async performance(name: string, opts: { limit?: number; before?: number } = {}): Promise<PerformanceWindow[]> {
    return (await this.http.request<{ windows: PerformanceWindow[] }>('GET', `${path(name)}/performance`, { query: opts })).windows;
  }

  /** Latency percentiles, throughput, error rate, queue depth, memory and GPU of a deployment. @example const infra = await keel.monitors.infra('churn', { windowSeconds: 600 }); */
  infra(deployment: string, opts: { windowSeconds?: number } = {}): Promise<InfraSnapshot> {
    return this.http.request('GET', `/api/v1/monitoring/deployments/${encodeURIComponent(deployment)}/infra`, { query: opts });
  }
}
