import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ArmLabels, RequestOutcome, ServingMetrics } from '../domains/serving/index.js';

type CounterChild = ReturnType<Counter['labels']>;
type HistogramChild = ReturnType<Histogram['labels']>;
type GaugeChild = ReturnType<Gauge['labels']>;

/** The label children of one arm: looked up once, not hashed on every request. */
interface ArmSeries {
  outcomes: Map<RequestOutcome, CounterChild>;
  latency: HistogramChild;
  cacheHits: CounterChild;
}

/** The label children of one model version's batcher. */
interface VersionSeries {
  rows: HistogramChild;
  requests: HistogramChild;
  depth: GaugeChild;
  /** Last depth set: the gauge is written only when it changes (it is reported on every enqueue and run). */
  lastDepth: number;
}

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
  /** Keyed by deployment, model, version and arm joined with NUL; bounded like the labels (deployed arms only). */
  private readonly arms = new Map<string, ArmSeries>();
  private readonly versions = new Map<string, VersionSeries>();

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
    const key = `${l.deployment}\u0000${l.model}\u0000${l.version}\u0000${l.arm}`;
    let s = this.arms.get(key);
    if (!s) {
      const version = String(l.version);
      s = { outcomes: new Map(), latency: this.latency.labels(l.deployment, version, l.arm), cacheHits: this.cacheHits.labels(l.deployment, version, l.arm) };
      this.arms.set(key, s);
    }
    let counter = s.outcomes.get(outcome);
    if (!counter) {
      counter = this.requests.labels(l.deployment, l.model, String(l.version), l.arm, outcome);
      s.outcomes.set(outcome, counter);
    }
    counter.inc();
    if (outcome === 'ok') s.latency.observe(latencyMs / 1000);
    if (cached) s.cacheHits.inc();
  }

  private version(model: string, version: number): VersionSeries {
    const key = `${model}\u0000${version}`;
    let s = this.versions.get(key);
    if (!s) {
      const v = String(version);
      s = { rows: this.batchRows.labels(model, v), requests: this.batchRequests.labels(model, v), depth: this.depth.labels(model, v), lastDepth: -1 };
      this.versions.set(key, s);
    }
    return s;
  }

  batch(model: string, version: number, rows: number, requests: number): void {
    const s = this.version(model, version);
    s.rows.observe(rows);
    s.requests.observe(requests);
  }

  queueDepth(model: string, version: number, depth: number): void {
    const s = this.version(model, version);
    if (depth === s.lastDepth) return;
    s.lastDepth = depth;
    s.depth.set(depth);
  }

  shadow(l: ArmLabels, agreed: boolean): void {
    this.shadowCompared.inc({ deployment: l.deployment, version: String(l.version), agreed: agreed ? 'true' : 'false' });
  }
}
