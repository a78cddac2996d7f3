export { DuckDbTabularReader } from './duckdb-tabular-reader.js';
