import type { Kysely, Selectable } from 'kysely';
import type { ModelSignature } from '../../../core/ports/model-runtime.js';
import type { AuditAction, AuditEvent, DatasetCopy, GateCheckRecord, GateReportRecord, ModelVersion, RegistryTag, RunMetricCopy, Stage } from '../../../domains/registry/registry.schema.js';
import type { NewAuditEvent, StoredModel } from '../../../domains/registry/registry.store.js';
import type { DatabaseSchema, GateReportsTable, ModelVersionsTable, RegisteredModelsTable, RegistryAuditTable } from '../schema/index.js';

/** Rows ↔ registry records, and the batched loads that attach tags and aliases. */
export type Db = Kysely<DatabaseSchema>;

function parseJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

export function auditRow(modelId: string, e: NewAuditEvent): Omit<Selectable<RegistryAuditTable>, 'seq'> {
  return {
    model_id: modelId,
    model_name: e.name,
    action: e.action,
    version: e.version,
    from_stage: e.fromStage,
    to_stage: e.toStage,
    alias: e.alias,
    actor: e.actor,
    reason: e.reason,
    at: e.at,
    details: JSON.stringify(e.details),
  };
}

export async function insertAudit(db: Db, modelId: string, events: NewAuditEvent[]): Promise<void> {
  if (events.length > 0) await db.insertInto('registry_audit').values(events.map((e) => auditRow(modelId, e))).execute();
}

export function toAuditEvent(row: Selectable<RegistryAuditTable>): AuditEvent {
  return {
    seq: Number(row.seq),
    name: row.model_name,
    action: row.action as AuditAction,
    version: row.version === null ? null : Number(row.version),
    fromStage: row.from_stage as Stage | null,
    toStage: row.to_stage as Stage | null,
    alias: row.alias,
    actor: row.actor,
    reason: row.reason,
    at: Number(row.at),
    details: parseJson<Record<string, unknown>>(row.details, {}),
  };
}

export function toGateReport(row: Selectable<GateReportsTable>, name: string): GateReportRecord {
  return {
    id: row.id,
    name,
    version: Number(row.version),
    targetStage: row.target_stage as Stage,
    policyVersion: row.policy_version === null ? null : Number(row.policy_version),
    comparedWith: row.compared_with === null ? null : Number(row.compared_with),
    passed: row.passed !== 0,
    checks: parseJson<GateCheckRecord[]>(row.checks, []),
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    createdBy: row.created_by,
  };
}

/** Full models: tags, aliases, the Production version and the latest version number, in four queries for any number of models. */
export async function loadModels(db: Db, rows: Selectable<RegisteredModelsTable>[]): Promise<StoredModel[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, aliases, production, latest] = await Promise.all([
    db.selectFrom('registered_model_tags').selectAll().where('model_id', 'in', ids).orderBy('key').execute(),
    db.selectFrom('model_aliases').selectAll().where('model_id', 'in', ids).orderBy('alias').execute(),
    db.selectFrom('model_versions').select(['model_id', 'version']).where('model_id', 'in', ids).where('stage', '=', 'Production').execute(),
    db.selectFrom('model_versions').select((eb) => ['model_id', eb.fn.max('version').as('latest')]).where('model_id', 'in', ids).groupBy('model_id').execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    tags: tags.filter((t) => t.model_id === r.id).map((t) => ({ key: t.key, value: t.value })),
    aliases: aliases.filter((a) => a.model_id === r.id).map((a) => ({ alias: a.alias, version: Number(a.version) })),
    productionVersion: ((v) => (v === undefined ? null : Number(v.version)))(production.find((p) => p.model_id === r.id)),
    latestVersion: ((v) => (v === undefined || v.latest === null ? null : Number(v.latest)))(latest.find((l) => l.model_id === r.id)),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

/** Full versions (tags, aliases, model name) for version rows of any models. */
export async function loadVersions(db: Db, rows: Selectable<ModelVersionsTable>[]): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const modelIds = [...new Set(rows.map((r) => r.model_id))];
  const [names, tags, aliases] = await Promise.all([
    db.selectFrom('registered_models').select(['id', 'name']).where('id', 'in', modelIds).execute(),
    db.selectFrom('model_version_tags').selectAll().where('model_id', 'in', modelIds).orderBy('key').execute(),
    db.selectFrom('model_aliases').selectAll().where('model_id', 'in', modelIds).orderBy('alias').execute(),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const same = (r: Selectable<ModelVersionsTable>) => (x: { model_id: string; version: number }) => x.model_id === r.model_id && Number(x.version) === Number(r.version);
  return rows.map((r) => ({
    name: nameOf.get(r.model_id) ?? '',
    version: Number(r.version),
    stage: r.stage as Stage,
    description: r.description,
    source: r.source,
    artifactPath: r.artifact_path,
    runId: r.run_id,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    fileName: r.file_name,
    flavor: 'onnx',
    signature: parseJson<ModelSignature | null>(r.signature, null),
    metrics: parseJson<RunMetricCopy[]>(r.metrics, []),
    params: parseJson<RegistryTag[]>(r.params, []),
    datasets: parseJson<DatasetCopy[]>(r.datasets, []),
    tags: tags.filter(same(r)).map((t) => ({ key: t.key, value: t.value })),
    aliases: aliases.filter(same(r)).map((a) => a.alias),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}
