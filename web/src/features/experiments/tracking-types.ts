// The tracking wire types, through the SDK (the only server code the UI may import).
export type {
  ArtifactEntry,
  Experiment,
  Metric,
  MetricBucket,
  Run,
  RunComparison,
  RunInfo,
  RunStatus,
  Tag,
} from '../../../../src/sdk/index.js';
