import { z } from 'zod';
import type { ModelVersion, RegisteredModel, RegistryTag } from '../../domains/registry/index.js';
import { keyValueList, optionalInt, optionalString, requiredString, stringList, stringOrEmpty } from './mlflow-fields.js';
import { invalidValueMessage, missingValueMessage } from './mlflow-errors.js';

/**
 * Keel's registry records → MLflow's model_registry.proto JSON, and MLflow's registry
 * request shapes. Versions are proto strings (`"3"`); unset optional fields are left out,
 * as protobuf JSON does; repeated fields are always present.
 */
export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: string;
  description?: string;
  source: string;
  run_id?: string;
  status: 'READY';
  tags: { key: string; value: string }[];
  aliases: string[];
}

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  description?: string;
  latest_versions: MlflowModelVersion[];
  tags: { key: string; value: string }[];
  aliases: { alias: string; version: string }[];
}

const keyValues = (tags: readonly RegistryTag[]) => tags.map((t) => ({ key: t.key, value: t.value }));

export function toMlflowModelVersion(v: ModelVersion): MlflowModelVersion {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.createdAt,
    last_updated_timestamp: v.updatedAt,
    user_id: v.createdBy,
    current_stage: v.stage,
    ...(v.description ? { description: v.description } : {}),
    source: v.source,
    ...(v.runId ? { run_id: v.runId } : {}),
    status: 'READY',
    tags: keyValues(v.tags),
    aliases: v.aliases,
  };
}

/** `latest` is the newest version per stage, which MLflow returns as `latest_versions`. */
export function toMlflowRegisteredModel(m: RegisteredModel, latest: ModelVersion[]): MlflowRegisteredModel {
  return {
    name: m.name,
    creation_timestamp: m.createdAt,
    last_updated_timestamp: m.updatedAt,
    user_id: m.createdBy,
    ...(m.description ? { description: m.description } : {}),
    latest_versions: latest.map(toMlflowModelVersion),
    tags: keyValues(m.tags),
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}

/** A version number as MLflow sends it: a proto string ("3"), or a number from hand-written clients. */
function versionField(param: string) {
  return z
    .union([z.string(), z.number()], { error: (issue) => (issue.input === undefined || issue.input === null ? missingValueMessage(param) : invalidValueMessage(param, issue.input)) })
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
      if (Number.isSafeInteger(n) && n >= 1) return n;
      ctx.addIssue({ code: 'custom', message: v === '' ? missingValueMessage(param) : invalidValueMessage(param, v, 'a model version must be a positive integer') });
      return z.NEVER;
    });
}

/** proto `bool`: JSON true/false, or "true"/"false" from a query string. */
function booleanField(param: string) {
  return z
    .union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])], { error: (issue) => (issue.input === undefined ? missingValueMessage(param) : invalidValueMessage(param, issue.input)) })
    .transform((v) => v === true || v === 'true' || v === 'True');
}

const name = { name: requiredString('name') };
const modelVersion = { ...name, version: versionField('version') };

export const registeredModelRequest = z.object(name);
export const createRegisteredModelRequest = z.object({ ...name, tags: keyValueList('tags'), description: optionalString('description') });
export const renameRegisteredModelRequest = z.object({ ...name, new_name: requiredString('new_name') });
export const updateRegisteredModelRequest = z.object({ ...name, description: optionalString('description') });
export const searchRegisteredModelsRequest = z.object({ filter: optionalString('filter'), max_results: optionalInt('max_results'), order_by: stringList('order_by'), page_token: optionalString('page_token') });
export const latestVersionsRequest = z.object({ ...name, stages: stringList('stages') });
export const setModelTagRequest = z.object({ ...name, key: requiredString('key'), value: stringOrEmpty('value') });
export const deleteModelTagRequest = z.object({ ...name, key: requiredString('key') });
export const setAliasRequest = z.object({ ...name, alias: requiredString('alias'), version: versionField('version') });
export const aliasRequest = z.object({ ...name, alias: requiredString('alias') });

export const createModelVersionRequest = z.object({
  ...name,
  source: requiredString('source'),
  run_id: optionalString('run_id'),
  tags: keyValueList('tags'),
  run_link: optionalString('run_link'),
  description: optionalString('description'),
});
export const modelVersionRequest = z.object(modelVersion);
export const updateModelVersionRequest = z.object({ ...modelVersion, description: optionalString('description') });
export const transitionStageRequest = z.object({ ...modelVersion, stage: requiredString('stage'), archive_existing_versions: booleanField('archive_existing_versions').optional() });
export const searchModelVersionsRequest = z.object({ filter: optionalString('filter'), max_results: optionalInt('max_results'), order_by: stringList('order_by'), page_token: optionalString('page_token') });
export const setVersionTagRequest = z.object({ ...modelVersion, key: requiredString('key'), value: stringOrEmpty('value') });
export const deleteVersionTagRequest = z.object({ ...modelVersion, key: requiredString('key') });
