export { FeaturesService, type FeaturesServiceDeps, type MaterializeProgress, type TrainingInput } from './features.service.js';
export { parseDefinitionsText, checkDefinitions, durationMs } from './feature-definitions.js';
export { OnlineFeatureStore, onlineKey } from './online-store.js';
export * from './features.schema.js';
export type * from './features.store.js';
export { MaterializationRuns, MATERIALIZE_QUEUE, type MaterializationRunsDeps } from './materialization-runs.js';
export type * from './materialization-runs.store.js';
