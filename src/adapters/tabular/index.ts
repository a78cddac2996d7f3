export { DuckDbTabularReader } from './duckdb-tabular-reader.js';
export { DuckDbBatchFiles } from './duckdb-batch-files.js';
export { DuckDbDatasetEngine } from './duckdb-dataset-engine.js';
export { DuckDbFeatureEngine } from './duckdb-feature-engine.js';
