/**
 * The data domain's ports: `DatasetStore` keeps datasets, versions, reports and run links
 * (SQL); `DatasetEngine` reads version files (DuckDB) to profile them and to measure quality
 * checks. Domain types in and out; the SQL and the DuckDB code live in adapters.
 */
import type { ColumnTable } from '../monitoring/index.js';
import type { ColumnSchema, DataFormat, Dataset, DatasetFile, DatasetProfile, DatasetVersion, QualityReport, RunLink } from './data.schema.js';

/** A version as the service builds it; the store assigns its number and links it to the dataset. */
export type NewVersion = Omit<DatasetVersion, 'dataset' | 'datasetId' | 'version'>;

export interface DatasetStore {
  /**
   * Creates the dataset when it is new, then the version numbered one past the latest, in one
   * transaction. When a version with the same digest exists, returns it instead (`created: false`).
   */
  addVersion(dataset: { id: string; name: string; description: string; createdBy: string; createdAt: number }, version: NewVersion): Promise<{ version: DatasetVersion; created: boolean }>;
  getDataset(name: string): Promise<Dataset | null>;
  listDatasets(): Promise<Dataset[]>;
  /** Newest first. */
  listVersions(datasetId: string): Promise<DatasetVersion[]>;
  getVersion(datasetId: string, version: number): Promise<DatasetVersion | null>;
  /** Versions whose digest starts with `prefix`. */
  findVersionsByDigest(datasetId: string, prefix: string): Promise<DatasetVersion[]>;
  /** How many stored versions (of any dataset) reference each of these blobs. */
  countFileReferences(sha256s: readonly string[]): Promise<Map<string, number>>;
  saveReport(report: QualityReport): Promise<void>;
  /** Newest first. */
  listReports(versionId: string): Promise<QualityReport[]>;
  /** Idempotent: linking the same run twice keeps the first link. */
  linkRun(versionId: string, link: RunLink): Promise<void>;
  listRunLinks(versionId: string): Promise<RunLink[]>;
}

/** A version's files on local disk, readable by the engine. */
export interface LocalDataset {
  format: DataFormat;
  paths: string[];
}

/** One aggregate the engine measures; all of a suite's are computed in one scan. */
export type Measure =
  | { kind: 'nulls'; column: string }
  | { kind: 'violations'; column: string; min?: number | undefined; max?: number | undefined; allowed?: string[] | undefined; regex?: string | undefined }
  | { kind: 'duplicates'; columns: string[] }
  | { kind: 'latest'; column: string };

export interface MeasureResult {
  /** nulls: null rows; violations: failing non-null rows; duplicates: rows beyond the first per key; latest: epoch ms of the newest value (null when none). */
  value: number | null;
  /** Non-null rows the measure looked at (violations), distinct keys (duplicates). */
  base: number;
  /** Up to `exampleLimit` offending rows (duplicates: key columns and `count`). */
  examples: Record<string, unknown>[];
}

/** Files copied out of the blob store into a private folder, removed by `close`. */
export interface MaterializedDataset extends LocalDataset {
  dir: string;
  close(): Promise<void>;
}

export interface DatasetEngine {
  /** Copies the files (streamed) from the blob store to a temporary folder, keeping their paths. */
  materialize(files: readonly DatasetFile[], format: DataFormat): Promise<MaterializedDataset>;
  /** Schema, row count and per-column profile. INVALID_ARGUMENT when the files cannot be read as `format`. */
  profile(data: LocalDataset): Promise<{ schema: ColumnSchema[]; profile: DatasetProfile }>;
  /** Results in the order of `measures`; examples only for measures that found something. */
  measure(data: LocalDataset, measures: readonly Measure[], opts: { exampleLimit: number }): Promise<MeasureResult[]>;
  /** Typed columns for the monitoring drift tests. */
  readColumns(data: LocalDataset, columns: readonly string[]): Promise<ColumnTable>;
}
