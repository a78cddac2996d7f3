/**
 * Datasets and their immutable versions, profiles, quality suites and reports: the zod
 * schemas the API, SDK and CLI share, and the record types they exchange.
 */
import { z } from 'zod';

export const DATA_FORMATS = ['csv', 'parquet', 'jsonl'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Dataset names appear in `name@version` refs and URLs: no `@`, no `/`. */
export const datasetNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a dataset name is letters, digits, ".", "_" or "-", starting with a letter or digit');

/** `3`, `v3`, `latest`, or a prefix (≥ 6 hex chars) of the version's digest. */
export const versionSelectorSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(latest|v?\d{1,9}|[0-9a-f]{6,64})$/, 'a version is a number (3 or v3), "latest", or a digest prefix of at least 6 hex characters');

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex characters');

/** A file path inside a version: relative, forward slashes, no `..`. */
export const datasetFilePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').some((part) => part === '' || part === '.' || part === '..') && !p.includes('\\'), 'a relative path with "/" separators, without "." or ".." parts');

export const datasetFileSchema = z.strictObject({ path: datasetFilePathSchema, sha256: sha256Schema });

/** Commits a version from files already in the blob store (uploaded one by one, streamed). */
export const createVersionSchema = z.strictObject({
  files: z
    .array(datasetFileSchema)
    .min(1)
    .max(10_000)
    .refine((files) => new Set(files.map((f) => f.path)).size === files.length, 'file paths must be unique'),
  format: z.enum(DATA_FORMATS).optional(),
  message: z.string().max(10_000).optional(),
  source: z.string().max(4096).optional(),
  description: z.string().max(10_000).optional(),
});
export type CreateVersionInput = z.input<typeof createVersionSchema>;

export const missingBlobsSchema = z.strictObject({ sha256: z.array(sha256Schema).min(1).max(10_000) });

export const linkRunSchema = z.strictObject({ runId: z.string().min(1).max(64), context: z.string().min(1).max(64).default('train') });
export type LinkRunInput = z.input<typeof linkRunSchema>;

/* ---------- quality suites ---------- */

const columnName = z.string().min(1).max(256);
const fraction = z.number().min(0).max(1);

/** Logical type families a schema check accepts besides exact DuckDB types (`BIGINT`, `VARCHAR`…). */
export const TYPE_FAMILIES = ['integer', 'number', 'string', 'boolean', 'date', 'timestamp', 'time'] as const;

const schemaCheck = z.strictObject({
  type: z.literal('schema'),
  name: z.string().max(128).optional(),
  /** Column → expected type: a family (`integer`, `number`, `string`, `boolean`, `date`, `timestamp`) or a DuckDB type. */
  columns: z.record(columnName, z.string().min(1).max(64)).refine((c) => Object.keys(c).length > 0, 'at least one column'),
  allowExtra: z.boolean().default(true),
});
const completenessCheck = z.strictObject({
  type: z.literal('completeness'),
  name: z.string().max(128).optional(),
  /** Every column when absent. */
  columns: z.array(columnName).min(1).max(1000).optional(),
  maxNullFraction: fraction.default(0.05),
});
const rangeCheck = z
  .strictObject({
    type: z.literal('range'),
    name: z.string().max(128).optional(),
    column: columnName,
    min: z.number().optional(),
    max: z.number().optional(),
    /** Values allowed (compared as text). */
    allowed: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).max(10_000).optional(),
    /** A regular expression every non-null value (as text) must match in full (RE2 syntax). */
    regex: z.string().min(1).max(1000).optional(),
    /** Share of non-null values allowed to fail (default 0: every value must pass). */
    maxFailFraction: fraction.default(0),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined || c.allowed !== undefined || c.regex !== undefined, 'a range check needs min, max, allowed or regex')
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, 'min must not exceed max');
const uniquenessCheck = z.strictObject({
  type: z.literal('uniqueness'),
  name: z.string().max(128).optional(),
  columns: z.array(columnName).min(1).max(32),
});
const freshnessCheck = z.strictObject({
  type: z.literal('freshness'),
  name: z.string().max(128).optional(),
  column: columnName,
  maxAgeHours: z.number().positive().max(1e7).default(24),
});
const distributionCheck = z.strictObject({
  type: z.literal('distribution'),
  name: z.string().max(128).optional(),
  /** The reference version of the same dataset (`3`, `latest`, a digest prefix) or another dataset (`name@3`). */
  reference: z.string().min(1).max(200),
  /** Every column of the reference when absent. */
  columns: z.array(columnName).min(1).max(1000).optional(),
  /** A drift test of the monitoring domain (`auto` picks per column, as `keel drift` does). */
  test: z.enum(['auto', 'ks', 'chi2', 'z', 'psi', 'wasserstein', 'js']).default('auto'),
  threshold: z.number().positive().optional(),
});

export const qualityCheckSchema = z.discriminatedUnion('type', [schemaCheck, completenessCheck, rangeCheck, uniquenessCheck, freshnessCheck, distributionCheck]);
export type QualityCheck = z.output<typeof qualityCheckSchema>;

export const qualitySuiteSchema = z.strictObject({
  name: z.string().min(1).max(128).default('suite'),
  checks: z.array(qualityCheckSchema).min(1).max(500),
});
export type QualitySuite = z.output<typeof qualitySuiteSchema>;
export type QualitySuiteInput = z.input<typeof qualitySuiteSchema>;

/* ---------- records ---------- */

export interface DatasetFile {
  path: string;
  sha256: string;
  size: number;
}

export interface ColumnSchema {
  name: string;
  /** DuckDB's type name (`BIGINT`, `DOUBLE`, `VARCHAR`, `DATE`…). */
  type: string;
}

export type ColumnKind = 'numeric' | 'text' | 'boolean' | 'temporal' | 'other';

export interface ColumnProfile {
  name: string;
  type: string;
  kind: ColumnKind;
  /** Non-null values. */
  count: number;
  nulls: number;
  nullFraction: number;
  distinct: number;
  /** True when `distinct` is a HyperLogLog estimate (within a few percent): versions of more than a million rows. */
  distinctApproximate: boolean;
  /** Numbers for numeric columns, ISO text for dates and times, text otherwise. */
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
  /** p5, p25, p50, p75, p95 of numeric columns. */
  quantiles: { p5: number; p25: number; p50: number; p75: number; p95: number } | null;
  /** Equal-width bins of numeric columns: `edges.length = counts.length + 1`. */
  histogram: { edges: number[]; counts: number[] } | null;
  /** The most frequent values of text and boolean columns. */
  top: { value: string; count: number }[] | null;
}

export interface DatasetProfile {
  rowCount: number;
  columns: ColumnProfile[];
}

export interface Dataset {
  id: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: number;
  latestVersion: number | null;
  versionCount: number;
}

export interface DatasetVersion {
  id: string;
  dataset: string;
  datasetId: string;
  version: number;
  /** sha256 of the manifest (sorted `path sha256` lines): equal content, equal digest. */
  digest: string;
  format: DataFormat;
  files: DatasetFile[];
  /** Total bytes of the files. */
  size: number;
  rowCount: number;
  schema: ColumnSchema[];
  profile: DatasetProfile;
  message: string;
  source: string;
  createdBy: string;
  createdAt: number;
}

/** What `createVersion` did: a new version, or the existing one with the same content. */
export interface CreateVersionResult {
  version: DatasetVersion;
  created: boolean;
  /** Files of this version already stored by an earlier version (not stored twice). */
  reusedFiles: number;
}

/** What other domains read a version through (features, training). */
export interface ResolvedDataset {
  dataset: string;
  versionId: string;
  version: number;
  digest: string;
  format: DataFormat;
  /** Blob keys (sha256) in the artifact store, with their paths inside the version. */
  files: DatasetFile[];
  schema: ColumnSchema[];
  rowCount: number;
}

export interface CheckResult {
  name: string;
  type: QualityCheck['type'];
  /** The column(s) the check is about, when it is about some. */
  columns: string[];
  passed: boolean;
  /** The measured value the threshold is compared with (null fraction, failing share, duplicate rows, age in hours, statistic…). */
  measured: number | string | null;
  threshold: number | string | null;
  /** A sentence saying what was found. */
  detail: string;
  /** Up to 20 offending rows (or duplicate keys with their count). */
  failingExamples: Record<string, unknown>[];
}

export interface QualityReport {
  id: string;
  dataset: string;
  version: number;
  versionId: string;
  suite: string;
  passed: boolean;
  rowCount: number;
  checks: CheckResult[];
  durationMs: number;
  createdAt: number;
}

export interface ColumnChange {
  name: string;
  change: 'added' | 'removed' | 'type_changed' | 'changed' | 'unchanged';
  typeFrom?: string | undefined;
  typeTo?: string | undefined;
  /** statistic → [from, to] for statistics that differ. */
  stats: Record<string, [number | string | null, number | string | null]>;
}

export interface DatasetDiff {
  dataset: string;
  from: { version: number; digest: string; rowCount: number };
  to: { version: number; digest: string; rowCount: number };
  rowCountChange: number;
  files: { added: string[]; removed: string[]; changed: string[]; unchanged: number };
  columns: ColumnChange[];
}

export interface RunLink {
  runId: string;
  context: string;
  linkedAt: number;
}

export interface DatasetLineage {
  runs: RunLink[];
  modelVersions: { name: string; version: number; runId: string }[];
}
