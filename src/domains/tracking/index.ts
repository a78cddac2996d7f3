export * from './tracking.schema.js';
export type { Page, RunComparison, TrackingApi } from './tracking.api.js';
export type * from './tracking.store.js';
export { TrackingService, SYSTEM_TAGS } from './tracking.service.js';
export { parseSearchFilter, type FilterTarget } from './search-filter.js';
export { parseOrderBy } from './order-by.js';
export { parseLogBatch, type LogBatch } from './log-batch-parser.js';
export { parseMetricSeriesBatch, parseMetricSeriesList } from './metric-series-parser.js';
export { validateArtifactPath } from './artifact-paths.js';
