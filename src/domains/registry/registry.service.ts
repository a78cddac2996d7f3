import type { Readable } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import type { ModelRuntime } from '../../core/ports/model-runtime.js';
import { parseInput } from '../../core/validation.js';
import type { TrackingApi } from '../tracking/index.js';
import type { GateRunner } from './gate/gate.api.js';
import { resolveArtifactUri, resolveRunArtifact } from './model-source.js';
import { Promotions } from './promotion.js';
import { buildVersion, type VersionFile } from './registration.js';
import type { RegisterFromUriInput, RegistryApi, UploadInput } from './registry.api.js';
import { decodePageToken, encodePageToken, modelFilter, orderBy, pageOf, versionFilter } from './registry-filter.js';
import {
  aliasSchema,
  createModelSchema,
  fileNameSchema,
  listModelsSchema,
  listVersionsSchema,
  modelNameSchema,
  pageQuerySchema,
  promoteSchema,
  registerVersionSchema,
  registryTagSchema,
  REGISTRY_LIMITS,
  rollbackSchema,
  STAGES,
  updateModelSchema,
  type Actor,
  type AuditEvent,
  type CreateModelInput,
  type GatePolicyRecord,
  type GateReportRecord,
  type Lineage,
  type LineageRunInfo,
  type ListModelsInput,
  type ListVersionsInput,
  type ModelVersion,
  type Page,
  type PromoteInput,
  type PromotionResult,
  type RegisteredModel,
  type RegisterVersionInput,
  type RegistryTag,
  type RollbackResult,
  type UpdateModelInput,
} from './registry.schema.js';
import type { NewAuditEvent, RegistryStore, StoredModel } from './registry.store.js';

export interface RegistryDeps {
  store: RegistryStore;
  tracking: TrackingApi;
  blobs: BlobStore;
  /** Reads ONNX signatures (and proves a file is a loadable model). */
  runtime: ModelRuntime;
  gate: GateRunner;
  clock: Clock;
}

const strip = ({ id: _id, ...model }: StoredModel): RegisteredModel => model;

export class RegistryService implements RegistryApi {
  private readonly store: RegistryStore;
  private readonly promotions: Promotions;

  constructor(private readonly deps: RegistryDeps) {
    this.store = deps.store;
    this.promotions = new Promotions(deps.store, deps.gate, deps.clock);
  }

  private event(model: { name: string }, actor: Actor, action: NewAuditEvent['action'], extra: Partial<NewAuditEvent> = {}): NewAuditEvent {
    return { name: model.name, action, version: null, fromStage: null, toStage: null, alias: null, actor: actor.id, reason: null, at: this.deps.clock.now(), details: {}, ...extra };
  }

  private async model(name: string): Promise<StoredModel> {
    const found = modelNameSchema.safeParse(name).success ? await this.store.getModel(name) : null;
    if (!found) throw AppError.notFound('registered model', name);
    return found;
  }

  private async versionOf(model: StoredModel, version: number): Promise<ModelVersion> {
    const found = Number.isSafeInteger(version) && version >= 1 ? await this.store.getVersion(model.id, version) : null;
    if (!found) throw AppError.notFound('model version', `${model.name}/${version}`);
    return found;
  }

  /* ---------- models ---------- */

  async createModel(input: CreateModelInput, actor: Actor): Promise<RegisteredModel> {
    const q = parseInput(createModelSchema, input);
    const audit = this.event(q, actor, 'model.created', { details: { description: q.description } });
    return strip(await this.store.createModel({ id: newId(), name: q.name, description: q.description, tags: q.tags, createdBy: actor.id, createdAt: audit.at }, audit));
  }

  async getModel(name: string): Promise<RegisteredModel> {
    return strip(await this.model(name));
  }

  async listModels(input: ListModelsInput): Promise<Page<RegisteredModel>> {
    const q = parseInput(listModelsSchema, input);
    const keep = modelFilter(q.filter);
    const order = orderBy<RegisteredModel>(q.orderBy, { name: (m) => m.name, last_updated_timestamp: (m) => m.updatedAt, creation_timestamp: (m) => m.createdAt }, (a, b) => (a.name < b.name ? -1 : 1));
    const all = (await this.store.listModels()).map(strip).filter(keep).sort(order);
    return pageOf(all, decodePageToken(q.pageToken), q.maxResults);
  }

  async updateModel(name: string, input: UpdateModelInput, actor: Actor): Promise<RegisteredModel> {
    const q = parseInput(updateModelSchema, input);
    const model = await this.model(name);
    if (q.description === undefined && q.newName === undefined) return strip(model);
    const action = q.newName !== undefined && q.newName !== model.name ? 'model.renamed' : 'model.updated';
    const audit = this.event(model, actor, action, { details: { ...(q.newName === undefined ? {} : { newName: q.newName }), ...(q.description === undefined ? {} : { description: q.description }) } });
    await this.store.updateModel(model.id, { description: q.description, name: q.newName }, audit.at, audit);
    return this.getModel(q.newName ?? name);
  }

  async deleteModel(name: string, actor: Actor): Promise<void> {
    const model = await this.model(name);
    if (model.productionVersion !== null) {
      throw new AppError('FAILED_PRECONDITION', `'${name}' version ${model.productionVersion} is in Production: archive it before deleting the model`, { details: { productionVersion: model.productionVersion } });
    }
    await this.store.deleteModel(model.id, this.event(model, actor, 'model.deleted'));
  }

  async setModelTag(name: string, tag: RegistryTag, _actor: Actor): Promise<void> {
    const t = parseInput(registryTagSchema, tag, 'tag');
    const model = await this.model(name);
    await this.store.setModelTag(model.id, t, this.deps.clock.now());
  }

  async deleteModelTag(name: string, key: string, _actor: Actor): Promise<void> {
    const model = await this.model(name);
    if (!(await this.store.deleteModelTag(model.id, key, this.deps.clock.now()))) throw new AppError('NOT_FOUND', `no tag '${key}' on registered model '${name}'`, { details: { resource: 'tag', id: key } });
  }

  /* ---------- versions ---------- */

  private async register(model: StoredModel, file: VersionFile, opts: { runId: string | null; signature: unknown; description: string; tags: RegistryTag[] }, actor: Actor): Promise<ModelVersion> {
    const version = await buildVersion(this.deps, file, { ...opts, createdBy: actor.id, createdAt: this.deps.clock.now() });
    const audit = this.event(model, actor, 'version.registered', { details: { source: file.source, sha256: file.sha256, runId: opts.runId } });
    return this.store.createVersion(model.id, version, audit);
  }

  async registerVersion(name: string, input: RegisterVersionInput, actor: Actor): Promise<ModelVersion> {
    const q = parseInput(registerVersionSchema, input);
    const model = await this.model(name);
    let file: VersionFile;
    let runId: string | null;
    if ('runId' in q.source) {
      const found = await resolveRunArtifact(this.deps.tracking, q.source.runId, q.source.path);
      file = { ...found, source: `runs:/${q.source.runId}/${q.source.path.replace(/^\/+|\/+$/g, '')}` };
      runId = q.source.runId;
    } else {
      const blob = await this.deps.blobs.stat(q.source.sha256);
      if (!blob) throw new AppError('NOT_FOUND', `source.sha256: no blob ${q.source.sha256} is stored`, { details: { resource: 'blob', id: q.source.sha256 } });
      file = { sha256: blob.sha256, sizeBytes: blob.size, fileName: q.source.fileName ?? 'model.onnx', source: `blob:${blob.sha256}`, artifactPath: null };
      runId = q.runId ?? null;
    }
    return this.register(model, file, { runId, signature: q.signature, description: q.description, tags: q.tags }, actor);
  }

  async uploadVersion(name: string, input: UploadInput, actor: Actor): Promise<ModelVersion> {
    const model = await this.model(name);
    const fileName = parseInput(fileNameSchema, input.fileName, 'filename');
    const tags = parseInput(registerVersionSchema.shape.tags, input.tags ?? [], 'tags');
    if (input.runId !== undefined) parseInput(registerVersionSchema.shape.runId, input.runId, 'runId');
    // The file goes to the blob store first: if registration then fails, an unreferenced blob remains, never a version without its file.
    const blob = await this.deps.blobs.put(input.data);
    const file: VersionFile = { sha256: blob.sha256, sizeBytes: blob.size, fileName, source: `upload:${fileName}`, artifactPath: null };
    return this.register(model, file, { runId: input.runId ?? null, signature: input.signature, description: input.description ?? '', tags }, actor);
  }

  async registerFromUri(name: string, input: RegisterFromUriInput, actor: Actor): Promise<ModelVersion> {
    const model = await this.model(name);
    const found = await resolveArtifactUri(this.deps.tracking, input.source);
    const tags = parseInput(registerVersionSchema.shape.tags, input.tags ?? [], 'tags');
    return this.register(model, { ...found, source: input.source }, { runId: input.runId ?? found.runId, signature: undefined, description: input.description ?? '', tags }, actor);
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    return this.versionOf(await this.model(name), version);
  }

  async listVersions(name: string, opts: { maxResults?: number | undefined; pageToken?: string | undefined } = {}): Promise<Page<ModelVersion>> {
    const q = parseInput(pageQuerySchema, stripUndefined(opts), 'query');
    const model = await this.model(name);
    return pageOf(await this.store.listVersions(model.id), decodePageToken(q.pageToken), q.maxResults);
  }

  async searchVersions(input: ListVersionsInput): Promise<Page<ModelVersion>> {
    const q = parseInput(listVersionsSchema, input);
    const keep = versionFilter(q.filter);
    const order = orderBy<ModelVersion>(
      q.orderBy,
      { name: (v) => v.name, version_number: (v) => v.version, creation_timestamp: (v) => v.createdAt, last_updated_timestamp: (v) => v.updatedAt, stage: (v) => v.stage },
      (a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : b.version - a.version),
    );
    const all = (await this.store.listVersions(null)).filter(keep).sort(order);
    return pageOf(all, decodePageToken(q.pageToken), q.maxResults);
  }

  async latestVersions(name: string, stages: string[] = []): Promise<ModelVersion[]> {
    const model = await this.model(name);
    const wanted = stages.length === 0 ? [...STAGES] : stages.map((s) => STAGES.find((known) => known.toLowerCase() === s.toLowerCase()) ?? invalidStage(s));
    const versions = await this.store.listVersions(model.id);
    return wanted.flatMap((stage) => versions.filter((v) => v.stage === stage).slice(0, 1)).sort((a, b) => a.version - b.version);
  }

  async updateVersion(name: string, version: number, description: string, actor: Actor): Promise<ModelVersion> {
    const d = parseInput(registerVersionSchema.shape.description, description, 'description');
    const model = await this.model(name);
    await this.versionOf(model, version);
    await this.store.updateVersion(model.id, version, { description: d }, this.deps.clock.now(), this.event(model, actor, 'version.updated', { version, details: { description: d } }));
    return this.versionOf(model, version);
  }

  async deleteVersion(name: string, version: number, actor: Actor): Promise<void> {
    const model = await this.model(name);
    const v = await this.versionOf(model, version);
    if (v.stage === 'Production') throw new AppError('FAILED_PRECONDITION', `${name} version ${version} is in Production: promote another version or archive it first`);
    await this.store.deleteVersion(model.id, version, this.event(model, actor, 'version.deleted', { version, fromStage: v.stage }));
  }

  async setVersionTag(name: string, version: number, tag: RegistryTag, _actor: Actor): Promise<void> {
    const t = parseInput(registryTagSchema, tag, 'tag');
    const model = await this.model(name);
    await this.versionOf(model, version);
    await this.store.setVersionTag(model.id, version, t, this.deps.clock.now());
  }

  async deleteVersionTag(name: string, version: number, key: string, _actor: Actor): Promise<void> {
    const model = await this.model(name);
    await this.versionOf(model, version);
    if (!(await this.store.deleteVersionTag(model.id, version, key, this.deps.clock.now()))) {
      throw new AppError('NOT_FOUND', `no tag '${key}' on ${name} version ${version}`, { details: { resource: 'tag', id: key } });
    }
  }

  /* ---------- aliases ---------- */

  async setAlias(name: string, alias: string, version: number, actor: Actor): Promise<ModelVersion> {
    const a = parseInput(aliasSchema, alias, 'alias');
    const model = await this.model(name);
    await this.versionOf(model, version);
    const previous = model.aliases.find((x) => x.alias === a)?.version ?? null;
    await this.store.setAlias(model.id, a, version, this.deps.clock.now(), this.event(model, actor, 'alias.set', { version, alias: a, details: { previousVersion: previous } }));
    return this.versionOf(model, version);
  }

  async deleteAlias(name: string, alias: string, actor: Actor): Promise<void> {
    const model = await this.model(name);
    const current = model.aliases.find((x) => x.alias === alias);
    const deleted = current ? await this.store.deleteAlias(model.id, alias, this.deps.clock.now(), this.event(model, actor, 'alias.deleted', { version: current.version, alias })) : false;
    if (!deleted) throw new AppError('NOT_FOUND', `registered model '${name}' has no alias '${alias}'`, { details: { resource: 'alias', id: alias } });
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const model = await this.model(name);
    const found = model.aliases.find((x) => x.alias === alias);
    if (!found) throw new AppError('NOT_FOUND', `registered model '${name}' has no alias '${alias}'`, { details: { resource: 'alias', id: alias } });
    return this.versionOf(model, found.version);
  }

  /* ---------- stages ---------- */

  async promote(name: string, version: number, input: PromoteInput, actor: Actor): Promise<PromotionResult> {
    const q = parseInput(promoteSchema, input);
    const model = await this.model(name);
    return this.promotions.promote(model, await this.versionOf(model, version), q, actor);
  }

  async rollback(name: string, reason: string | undefined, actor: Actor): Promise<RollbackResult> {
    const q = parseInput(rollbackSchema, reason === undefined ? {} : { reason });
    return this.promotions.rollback(await this.model(name), q.reason, actor);
  }

  /* ---------- gate policies and reports ---------- */

  async getGatePolicy(name: string): Promise<GatePolicyRecord> {
    const model = await this.model(name);
    const policy = await this.store.getGatePolicy(model.id);
    if (!policy) throw new AppError('NOT_FOUND', `registered model '${name}' has no gate policy: promotions to Production are allowed without checks (and recorded as such)`, { details: { resource: 'gate policy', id: name } });
    return { name: model.name, ...policy };
  }

  async putGatePolicy(name: string, policy: unknown, actor: Actor): Promise<GatePolicyRecord> {
    const model = await this.model(name);
    if (JSON.stringify(policy ?? null).length > REGISTRY_LIMITS.policyBytes) throw AppError.invalid(`policy: larger than ${REGISTRY_LIMITS.policyBytes} bytes`, [{ path: 'policy', message: 'too large' }]);
    // The gate owns the policy's shape: whatever it refuses never reaches the store.
    const validated = this.deps.gate.validatePolicy(policy);
    const at = this.deps.clock.now();
    const policyVersion = await this.store.putGatePolicy(model.id, validated, actor.id, at, { name: model.name, action: 'gate-policy.set', version: null, fromStage: null, toStage: null, alias: null, actor: actor.id, reason: null, at });
    return { name: model.name, policyVersion, policy: validated, createdBy: actor.id, createdAt: at };
  }

  async gatePolicyHistory(name: string): Promise<GatePolicyRecord[]> {
    const model = await this.model(name);
    return (await this.store.listGatePolicies(model.id)).map((p) => ({ name: model.name, ...p }));
  }

  async listReports(name: string, version: number): Promise<GateReportRecord[]> {
    const model = await this.model(name);
    await this.versionOf(model, version);
    return this.store.listGateReports(model.id, version);
  }

  async getReport(name: string, version: number, reportId: string): Promise<GateReportRecord> {
    const found = (await this.listReports(name, version)).find((r) => r.id === reportId);
    if (!found) throw AppError.notFound('gate report', reportId);
    return found;
  }

  /* ---------- audit, lineage, files ---------- */

  async audit(name: string, opts: { maxResults?: number | undefined; pageToken?: string | undefined } = {}): Promise<Page<AuditEvent>> {
    const q = parseInput(pageQuerySchema, stripUndefined(opts), 'query');
    const model = await this.model(name);
    const offset = decodePageToken(q.pageToken);
    // One row more than asked tells whether a next page exists without counting.
    const rows = await this.store.listAudit(model.id, offset, q.maxResults + 1);
    return rows.length > q.maxResults ? { items: rows.slice(0, q.maxResults), nextPageToken: encodePageToken(offset + q.maxResults) } : { items: rows };
  }

  async lineage(name: string, version: number): Promise<Lineage> {
    const v = await this.getVersion(name, version);
    let info: LineageRunInfo | null = null;
    if (v.runId) {
      try {
        info = (await this.deps.tracking.getRun(v.runId)).info;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      }
    }
    return { version: v, run: v.runId ? { runId: v.runId, info, params: v.params, metrics: v.metrics } : null, datasets: v.datasets, deployments: [] };
  }

  async openArtifact(name: string, version: number): Promise<{ stream: Readable; size: number; sha256: string; fileName: string }> {
    const v = await this.getVersion(name, version);
    return { stream: await this.deps.blobs.get(v.sha256), size: v.sizeBytes, sha256: v.sha256, fileName: v.fileName };
  }
}

function invalidStage(stage: string): never {
  throw AppError.invalid(`stages: '${stage}' is not a stage (${STAGES.join(', ')})`, [{ path: 'stages', message: 'unknown stage' }]);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
