import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ArmLabels, RequestOutcome, ServingMetrics } from '../domains/serving/index.js';

/**
 * The serving metrics port on prom-client. Labels are deployment, version and arm (never
 * request data), so cardinality stays at deployments × arms.
 */
export class PromServingMetrics implements ServingMetrics {
  private readonly requests: Counter<'deployment' | 'model' | 'version' | 'arm' | 'outcome'>;
  private readonly latency: Histogram<'deployment' | 'version' | 'arm'>;
  private readonly cacheHits: Counter<'deployment' | 'version' | 'arm'>;
  private readonly batchRows: Histogram<'model' | 'version'>;
  private readonly batchRequests: Histogram<'model' | 'version'>;
  private readonly depth: Gauge<'model' | 'version'>;
  private readonly shadowCompared: Counter<'deployment' | 'version' | 'agreed'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'keel_serving_requests_total', help: 'Inference requests by deployment, version, arm and outcome (ok, error, invalid, fallback)', labelNames: ['deployment', 'model', 'version', 'arm', 'outcome'], registers });
    this.latency = new Histogram({
      name: 'keel_serving_request_duration_seconds',
      help: 'Inference latency inside the server (validation to answer), by deployment, version and arm',
      labelNames: ['deployment', 'version', 'arm'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.cacheHits = new Counter({ name: 'keel_serving_cache_hits_total', help: 'Requests answered from the prediction cache', labelNames: ['deployment', 'version', 'arm'], registers });
    const sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
    this.batchRows = new Histogram({ name: 'keel_serving_batch_rows', help: 'Rows per model run (adaptive batching merges requests)', labelNames: ['model', 'version'], buckets: sizes, registers });
    this.batchRequests = new Histogram({ name: 'keel_serving_batch_requests', help: 'Requests merged into one model run', labelNames: ['model', 'version'], buckets: sizes, registers });
    this.depth = new Gauge({ name: 'keel_serving_queue_depth', help: 'Requests waiting in a batcher queue', labelNames: ['model', 'version'], registers });
    this.shadowCompared = new Counter({ name: 'keel_serving_shadow_comparisons_total', help: 'Shadow answers compared with production, by agreement', labelNames: ['deployment', 'version', 'agreed'], registers });
  }

  request(l: ArmLabels, outcome: RequestOutcome, latencyMs: number, cached: boolean): void {
    const version = String(l.version);
    this.requests.inc({ deployment: l.deployment, model: l.model, version, arm: l.arm, outcome });
    if (outcome === 'ok') this.latency.observe({ deployment: l.deployment, version, arm: l.arm }, latencyMs / 1000);
    if (cached) this.cacheHits.inc({ deployment: l.deployment, version, arm: l.arm });
  }

  batch(model: string, version: number, rows: number, requests: number): void {
    this.batchRows.observe({ model, version: String(version) }, rows);
    this.batchRequests.observe({ model, version: String(version) }, requests);
  }

  queueDepth(model: string, version: number, depth: number): void {
    this.depth.set({ model, version: String(version) }, depth);
  }

  shadow(l: ArmLabels, agreed: boolean): void {
    this.shadowCompared.inc({ deployment: l.deployment, version: String(l.version), agreed: agreed ? 'true' : 'false' });
  }
}
