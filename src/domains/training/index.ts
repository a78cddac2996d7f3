export { trainTabular, type TrainTabularOptions, type TrainTabularResult } from './tabular/train-tabular.js';
export { TABULAR_MODELS, TRAINER_PARAMS, parseTrainerParams, type TabularModelKind } from './tabular/trainer-params.js';
export type { StepMetrics } from './tabular/model.js';
export type { TabularTask } from './tabular/target.js';
export type { FeatureEncoderSpec } from './tabular/feature-encoder.js';
export { estimateGpuMemory } from './gpu/gpu-estimate.js';
export { GPU_CATALOG, type GpuKind } from './gpu/gpu-catalog.js';
export * from './gpu-sizing.schema.js';
