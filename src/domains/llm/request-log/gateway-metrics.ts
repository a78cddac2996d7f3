import type { GatewayRequestRecord } from '../gateway-usage.schema.js';

/**
 * The gateway's metrics port: main.ts passes an implementation on the
 * Prometheus registry (src/http/gateway-metrics.ts); domains never import
 * prom-client. Called once per call, after the response, off the request path.
 */
export interface GatewayMetrics {
  record(call: GatewayRequestRecord): void;
}

export const noGatewayMetrics: GatewayMetrics = { record: () => undefined };
