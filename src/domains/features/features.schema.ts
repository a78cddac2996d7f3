import { z } from 'zod';

/** Names of entities, sources, views, services and features: safe as SQL identifiers and kv key parts. */
export const featureNameSchema = z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _');

export const FEATURE_VALUE_TYPES = ['int64', 'float64', 'string', 'bool'] as const;
export type FeatureValueType = (typeof FEATURE_VALUE_TYPES)[number];
export const JOIN_KEY_TYPES = ['int64', 'string'] as const;
export type JoinKeyType = (typeof JOIN_KEY_TYPES)[number];

/** `45s`, `15m`, `12h`, `30d`, `2w`, or a number of seconds. */
export const durationSchema = z.union([z.number().int().positive().max(100 * 365 * 86_400), z.string().regex(/^\d{1,9}(ms|s|m|h|d|w)$/, 'must be a duration like 45s, 15m, 12h, 30d or 2w')]);
export type Duration = z.infer<typeof durationSchema>;

const description = z.string().max(4_000).optional();
const tags = z.record(z.string().min(1).max(128), z.string().max(1_024)).optional();

export const entitySchema = z.strictObject({
  name: featureNameSchema,
  /** The columns that identify one entity (usually one, like `driver_id`). */
  joinKeys: z.array(z.strictObject({ name: featureNameSchema, type: z.enum(JOIN_KEY_TYPES) })).min(1).max(4),
  description,
  tags,
});
export type Entity = z.infer<typeof entitySchema>;

const timestamps = {
  /** When the event happened: the time point-in-time joins compare with. */
  timestampField: featureNameSchema,
  /** When the row was written: breaks ties between rows of the same event time (late corrections win). */
  createdTimestampField: featureNameSchema.optional(),
};

export const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), name: featureNameSchema, path: z.string().min(1).max(4_096), format: z.enum(['parquet', 'csv']).optional(), ...timestamps, description }),
  z.strictObject({ kind: z.literal('dataset'), name: featureNameSchema, dataset: z.string().min(1).max(256), version: z.string().min(1).max(128).optional(), ...timestamps, description }),
  z.strictObject({ kind: z.literal('postgres'), name: featureNameSchema, table: z.string().min(1).max(256).regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'must be table or schema.table'), ...timestamps, description }),
]);
export type FeatureSource = z.infer<typeof sourceSchema>;

export const featureSchema = z.strictObject({ name: featureNameSchema, type: z.enum(FEATURE_VALUE_TYPES), description });
export type Feature = z.infer<typeof featureSchema>;

export const featureViewSchema = z.strictObject({
  name: featureNameSchema,
  entity: featureNameSchema,
  source: featureNameSchema,
  features: z.array(featureSchema).min(1).max(1_000),
  /**
   * A DuckDB SELECT over the relation `source`, run the same way for training and materialization.
   * Its result must hold the entity's join keys, the source's timestamp column(s) and the features.
   */
  transformation: z.string().min(1).max(20_000).optional(),
  /** How old a value may be and still count: older ones are null in training data and OUTSIDE_TTL online. */
  ttl: durationSchema,
  /** The newest materialized event should be at most this old (exported as a metric). */
  freshness: durationSchema.optional(),
  owner: z.string().max(256).optional(),
  description,
  tags,
});
export type FeatureView = z.infer<typeof featureViewSchema>;

export const featureServiceSchema = z.strictObject({
  name: featureNameSchema,
  /** `view:feature`, or `view:*` for all of a view's features. */
  features: z.array(z.string().min(3).max(260)).min(1).max(5_000),
  description,
  owner: z.string().max(256).optional(),
  tags,
});
export type FeatureService = z.infer<typeof featureServiceSchema>;

/** A definitions file (JSON or YAML) or the body of an apply: the whole desired state of the store. */
export const featureDefinitionsSchema = z.strictObject({
  entities: z.array(entitySchema).max(1_000).default([]),
  sources: z.array(sourceSchema).max(1_000).default([]),
  views: z.array(featureViewSchema).max(1_000).default([]),
  services: z.array(featureServiceSchema).max(1_000).default([]),
});
export type FeatureDefinitionsInput = z.input<typeof featureDefinitionsSchema>;
export type FeatureDefinitions = z.output<typeof featureDefinitionsSchema>;

export const FEATURE_OBJECT_KINDS = ['entity', 'source', 'view', 'service'] as const;
export type FeatureObjectKind = (typeof FEATURE_OBJECT_KINDS)[number];

export interface DefinitionChange {
  kind: FeatureObjectKind;
  name: string;
  action: 'create' | 'update' | 'delete';
  /** The version the object has after the apply (or had, for a delete). */
  version: number;
  /** Top-level fields that differ, for an update. */
  fields?: string[];
}

export interface ApplyResult {
  applied: boolean;
  changes: DefinitionChange[];
}

export const applyRequestSchema = z.strictObject({
  definitions: featureDefinitionsSchema,
  /** Only compute the diff. */
  dryRun: z.boolean().default(false),
  /** Delete objects missing from `definitions` (default: keep them). */
  prune: z.boolean().default(false),
});
export type ApplyRequest = z.input<typeof applyRequestSchema>;

export interface VersionedObject<T> {
  version: number;
  createdAt: number;
  spec: T;
}

export interface ViewFreshness {
  view: string;
  /** Newest event time written to the online store (ms), null before the first materialization or push. */
  lastEventAt: number | null;
  /** Seconds since that event, null when nothing was written. */
  ageSeconds: number | null;
  expectationSeconds: number | null;
  status: 'fresh' | 'stale' | 'never' | 'no_expectation';
  lastMaterialization: MaterializationRecord | null;
}

export interface MaterializationRecord {
  view: string;
  /** Event-time interval [start, end] in epoch ms. */
  start: number;
  end: number;
  rows: number;
  written: number;
  at: number;
}

export interface FeatureRegistryView {
  entities: VersionedObject<Entity>[];
  sources: VersionedObject<FeatureSource>[];
  views: VersionedObject<FeatureView>[];
  services: VersionedObject<FeatureService>[];
}

// ---- online ----

const entityValueSchema = z.union([z.number(), z.string().max(1_024)]);
export const onlineRequestSchema = z
  .strictObject({
    features: z.array(z.string().min(3).max(260)).min(1).max(5_000).optional(),
    service: featureNameSchema.optional(),
    /** Columns of entity keys: `{ "driver_id": [1, 2] }`; every column has the same length. */
    entities: z.record(featureNameSchema, z.array(entityValueSchema).min(1).max(10_000)),
  })
  .refine((r) => (r.features === undefined) !== (r.service === undefined), { message: 'give exactly one of features or service', path: ['features'] });
export type OnlineRequest = z.input<typeof onlineRequestSchema>;

export const ONLINE_STATUSES = ['PRESENT', 'NOT_FOUND', 'OUTSIDE_TTL'] as const;
export type OnlineStatus = (typeof ONLINE_STATUSES)[number];
export type FeatureValue = number | string | boolean | null;

/** Feast's shape: one result per requested column (join keys first), each with one value per entity row. */
export interface OnlineResponse {
  metadata: { feature_names: string[] };
  results: { values: FeatureValue[]; statuses: OnlineStatus[]; event_timestamps: (string | null)[] }[];
}

export const pushRequestSchema = z.strictObject({
  view: featureNameSchema,
  /** Rows with the join keys, the source's timestamp column (ISO string or epoch ms) and feature values. */
  rows: z.array(z.record(z.string(), z.union([z.number(), z.string().max(65_536), z.boolean(), z.null()]))).min(1).max(10_000),
});
export type PushRequest = z.input<typeof pushRequestSchema>;

export const materializeRequestSchema = z.strictObject({
  views: z.array(featureNameSchema).max(1_000).optional(),
  /** ISO time or epoch ms; default: the beginning of time. */
  start: z.union([z.string().max(64), z.number()]).optional(),
  /** Default: now. */
  end: z.union([z.string().max(64), z.number()]).optional(),
  /** From each view's last materialized end to now. */
  incremental: z.boolean().default(false),
});
export type MaterializeRequest = z.input<typeof materializeRequestSchema>;

export interface MaterializeResult {
  views: MaterializationRecord[];
}

export const trainingRequestSchema = z
  .strictObject({
    features: z.array(z.string().min(3).max(260)).min(1).max(5_000).optional(),
    service: featureNameSchema.optional(),
    /** Entity rows inline (≤ 100k; larger sets go through `keel features training` with a file). */
    entities: z.array(z.record(z.string(), z.union([z.number(), z.string().max(1_024), z.null()]))).min(1).max(100_000),
    timestampColumn: featureNameSchema.default('event_timestamp'),
  })
  .refine((r) => (r.features === undefined) !== (r.service === undefined), { message: 'give exactly one of features or service', path: ['features'] });
export type TrainingRequest = z.input<typeof trainingRequestSchema>;

// ---- background materialization runs ----

export const MATERIALIZATION_RUN_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type MaterializationRunState = (typeof MATERIALIZATION_RUN_STATES)[number];

/** Rows of one view written so far; `total` is null until the view's entities are counted. */
export interface MaterializationViewProgress {
  view: string;
  done: number;
  total: number | null;
}

/** One background materialization (POST /api/v1/features/materializations), as stored and polled. */
export interface MaterializationRun {
  id: string;
  state: MaterializationRunState;
  request: z.output<typeof materializeRequestSchema>;
  progress: MaterializationViewProgress[];
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** The same per-view records `materialize` answers, once completed. */
  result: MaterializeResult | null;
  error: { code: string; message: string } | null;
}

export const materializationIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a materialization id');
export const materializationListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
