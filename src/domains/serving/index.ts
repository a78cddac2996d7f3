export * from './serving.schema.js';
export type * from './serving.store.js';
export type { ServingMetrics, ArmLabels, RequestOutcome } from './serving-metrics.js';
export { noServingMetrics } from './serving-metrics.js';
export { ServingService, type ServingDeps } from './serving.service.js';
export type { ModelSource } from './model-pool.js';
export { dataToJson, type TensorJson } from './tensor-batch.js';
export { assignArm, stableHash01, seededRandom } from './strategies/index.js';
