/**
 * Infrastructure numbers of a deployment over a window: latency percentiles, throughput and the
 * share of answers that were not the model's own (fallbacks) from the prediction log, which every
 * instance writes; queue depth, memory, GPU and hard errors from this process's Prometheus registry
 * through the InfraProbe port (main.ts wires the prom-client implementation).
 */
import type { InfraSnapshot } from './monitor.schema.js';
import type { LoggedPrediction } from './monitor.store.js';

export interface InfraGauges {
  /** Requests waiting in the batchers of the deployment's model versions. */
  queueDepth: number | null;
  /** Resident memory of this process. */
  memoryBytes: number | null;
  /** 0..1, mean over the GPUs; null when there is none. */
  gpuUtilization: number | null;
  /** Inference requests and failed ones (model errors, invalid input excluded) this process answered since it started. */
  requests: number;
  errors: number;
}

export interface InfraProbe {
  gauges(deployment: string, models: readonly { model: string; version: number }[]): Promise<InfraGauges>;
}

export const noInfraProbe: InfraProbe = { gauges: async () => ({ queueDepth: null, memoryBytes: null, gpuUtilization: null, requests: 0, errors: 0 }) };

/** Percentile with linear interpolation between closest ranks (numpy's default); `sorted` ascending. */
export function percentile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export function infraSnapshot(deployment: string, windowSeconds: number, rows: readonly Pick<LoggedPrediction, 'latencyMs' | 'status'>[], gauges: InfraGauges, up: boolean): InfraSnapshot {
  const latencies = Float64Array.from(rows, (r) => r.latencyMs / 1000).sort();
  const failed = rows.filter((r) => r.status !== 'ok').length;
  // Hard errors never reach the log (nothing was answered), so the process counters win when they saw any.
  const errorRate = gauges.errors > 0 && gauges.requests > 0 ? Math.max(gauges.errors / gauges.requests, rows.length ? failed / rows.length : 0) : rows.length ? failed / rows.length : null;
  return {
    deployment,
    window_seconds: windowSeconds,
    requests: rows.length,
    throughput_rps: rows.length / windowSeconds,
    error_rate: errorRate,
    latency_p50_seconds: percentile(latencies, 0.5),
    latency_p95_seconds: percentile(latencies, 0.95),
    latency_p99_seconds: percentile(latencies, 0.99),
    queue_depth: gauges.queueDepth,
    memory_bytes: gauges.memoryBytes,
    gpu_utilization: gauges.gpuUtilization,
    service_up: up,
  };
}
