export * from './gateway/index.js';
export * from './cache/index.js';
export { GatewayUsageService, type GatewayUsageDeps } from './gateway-usage.service.js';
export * from './gateway-usage.schema.js';
export type { GatewayRequestLogStore, RequestLogFilter, RequestLogCursor } from './request-log/request-log.store.js';
export type { GatewayMetrics, GatewayMetricSample } from './request-log/gateway-metrics.js';
export { BUILTIN_PRICES } from './cost/builtin-prices.js';
