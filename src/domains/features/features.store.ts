/**
 * The feature store's ports: definitions and materialization records in SQL, and an
 * offline engine (DuckDB in src/adapters/tabular) that runs point-in-time joins and
 * reads the latest values per entity. The online store is the core KvStore port.
 */
import type { FeatureObjectKind, FeatureValue, FeatureValueType, MaterializationRecord, VersionedObject } from './features.schema.js';

export interface StoredObject {
  kind: FeatureObjectKind;
  name: string;
  version: number;
  createdAt: number;
  /** JSON of the spec; null marks a deletion (a tombstone version). */
  spec: unknown;
}

export interface FeatureRegistryStore {
  /** The newest version of every object that is not deleted. */
  listCurrent(): Promise<StoredObject[]>;
  /** Newest version number of every object ever applied, deleted ones included (`kind/name` → version). */
  latestVersions(): Promise<Map<string, number>>;
  /** Every version of one object, oldest first. */
  history(kind: FeatureObjectKind, name: string): Promise<VersionedObject<unknown | null>[]>;
  /** Writes new versions all together or not at all (ALREADY_EXISTS when a concurrent apply took a version). */
  appendVersions(objects: readonly StoredObject[]): Promise<void>;
  recordMaterialization(record: MaterializationRecord): Promise<void>;
  /** Newest record per view. */
  lastMaterializations(): Promise<MaterializationRecord[]>;
  /** Per view, the latest interval end ever materialized (where `--incremental` starts). */
  materializedUntil(): Promise<Map<string, number>>;
}

/** Where a view's rows come from, resolved to something the engine reads. */
export type RelationSource = { kind: 'file'; paths: string[]; format: 'parquet' | 'csv' | 'jsonl' } | { kind: 'postgres'; table: string };

/** One view as the engine sees it: the same plan serves training and materialization. */
export interface ViewPlan {
  name: string;
  source: RelationSource;
  transformation?: string | undefined;
  joinKeys: { name: string; type: 'int64' | 'string' }[];
  timestampField: string;
  createdTimestampField?: string | undefined;
  features: { name: string; type: FeatureValueType; column: string }[];
  ttlMs: number;
}

export type EntityRowsInput = { kind: 'file'; path: string } | { kind: 'rows'; rows: Record<string, number | string | null>[] };
export type TrainingOutput = { kind: 'file'; path: string; format: 'parquet' | 'csv' | 'arrow' } | { kind: 'rows' };

export interface TrainingResult {
  rows: number;
  columns: string[];
  /** Present for `{ kind: 'rows' }` output; timestamps as ISO strings. */
  data?: Record<string, FeatureValue>[];
}

/** One entity's newest values in a view. */
export interface LatestRow {
  key: (number | string)[];
  eventTime: number;
  createdTime: number | null;
  values: FeatureValue[];
}

export interface OfflineEngine {
  /** Point-in-time join: per entity row and view, the newest row with event time ≤ the row's time, within the view's TTL. */
  training(entities: EntityRowsInput, timestampColumn: string, views: readonly ViewPlan[], out: TrainingOutput): Promise<TrainingResult>;
  /** The newest row per entity with event time in [start, end], in chunks. */
  latest(view: ViewPlan, start: number, end: number, chunkRows: number): AsyncIterable<LatestRow[]>;
  /** How many entities `latest` will yield (for progress). */
  countEntities(view: ViewPlan, start: number, end: number): Promise<number>;
}

/** Copies a table of Keel's PostgreSQL database into a JSON-lines file in `dir` (DuckDB's postgres extension needs a download). */
export type PostgresTableExporter = (table: string, dir: string) => Promise<string>;

/** A dataset version's files, copied where the engine can read them until `close()`. */
export interface LocalDatasetFiles {
  paths: string[];
  format: 'parquet' | 'csv' | 'jsonl';
  close(): Promise<void>;
}

/** Dataset versions (the data domain) as files the engine can read. */
export interface DatasetResolver {
  /** NOT_FOUND naming the dataset or version when it does not exist. */
  open(name: string, version?: string): Promise<LocalDatasetFiles>;
  /** Resolves when the version exists (checked at apply time, without copying files). */
  exists(name: string, version?: string): Promise<void>;
}
