export * from './data.schema.js';
export type * from './data.store.js';
export { DatasetService, type DatasetServiceDeps, type DataActor, type RunDirectory, type ModelVersionDirectory, type OpenedDataset } from './dataset.service.js';
export { parseVersionRef, formatVersionRef, type VersionRef } from './version-ref.js';
export { manifestDigest, formatOfPath } from './manifest.js';
export { diffVersions } from './dataset-diff.js';
export { parseQualitySuite, typeMatches } from './quality-suite.js';
export { EXAMPLE_LIMIT } from './quality-run.js';
