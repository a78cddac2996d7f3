/**
 * The metrics port of serving. The domain counts what happens; an adapter in src/http
 * turns it into Prometheus series, so the domain never imports prom-client.
 */
export interface ArmLabels {
  deployment: string;
  model: string;
  version: number;
  arm: string;
}

export type RequestOutcome = 'ok' | 'error' | 'invalid' | 'fallback';

export interface ServingMetrics {
  request(labels: ArmLabels, outcome: RequestOutcome, latencyMs: number, cached: boolean): void;
  batch(model: string, version: number, rows: number, requests: number): void;
  /** Requests waiting in a batcher's queue. */
  queueDepth(model: string, version: number, depth: number): void;
  shadow(labels: ArmLabels, agreed: boolean): void;
}

export const noServingMetrics: ServingMetrics = {
  request: () => undefined,
  batch: () => undefined,
  queueDepth: () => undefined,
  shadow: () => undefined,
};
