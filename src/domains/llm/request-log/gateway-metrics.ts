import type { GatewayRequestRecord } from '../gateway-usage.schema.js';

/**
 * The gateway's metrics port: main.ts passes an implementation on the
 * Prometheus registry (src/http/gateway-metrics.ts); domains never import
 * prom-client. Called once per call, after the response, off the request path.
 */
export interface GatewayMetrics {
  record(call: GatewayMetricSample): void;
}

/** The fields of a call's request-log record that metrics count (a whole record fits too). */
export type GatewayMetricSample = Pick<GatewayRequestRecord, 'route' | 'provider' | 'providerModel' | 'status' | 'cache' | 'latencyMs' | 'ttftMs' | 'tokensIn' | 'tokensOut' | 'costUsd'>;

export const noGatewayMetrics: GatewayMetrics = { record: () => undefined };
