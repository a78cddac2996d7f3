import { AppError } from '../../../core/errors.js';
import type { AuditEvent, GateReportRecord, ModelVersion, RegistryTag } from '../../../domains/registry/registry.schema.js';
import type {
  NewAuditEvent,
  NewModel,
  NewVersion,
  RegistryStore,
  StageChange,
  StageChangeResult,
  StoredGatePolicy,
  StoredModel,
} from '../../../domains/registry/registry.store.js';
import type { SqlDatabase } from '../database.js';
import { isUniqueViolation, toDbBool, type SqlDialect } from '../dialect.js';
import { changeStage } from './registry-stages.sql.js';
import { insertAudit, loadModels, loadVersions, toAuditEvent, toGateReport, type Db } from './registry-rows.js';

/** The registry port on Kysely: one code path for SQLite and PostgreSQL. */
export class RegistrySqlStore implements RegistryStore {
  private readonly db: Db;
  private readonly dialect: SqlDialect;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
    this.dialect = sql.dialect;
  }

  /* ---------- models ---------- */

  async createModel(model: NewModel, audit: NewAuditEvent): Promise<StoredModel> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('registered_models')
          .values({ id: model.id, name: model.name, description: model.description, created_by: model.createdBy, created_at: model.createdAt, updated_at: model.createdAt, last_version: 0 })
          .execute();
        const tags = dedupe(model.tags);
        if (tags.length > 0) await trx.insertInto('registered_model_tags').values(tags.map((t) => ({ model_id: model.id, key: t.key, value: t.value }))).execute();
        await insertAudit(trx, model.id, [audit]);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', `registered model '${model.name}' already exists`, { details: { resource: 'registered model', id: model.name }, cause: err });
      throw err;
    }
    const created = await this.getModel(model.name);
    if (!created) throw new AppError('INTERNAL', `registered model '${model.name}' vanished after it was created`);
    return created;
  }

  async getModel(name: string): Promise<StoredModel | null> {
    const row = await this.db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? ((await loadModels(this.db, [row]))[0] ?? null) : null;
  }

  async listModels(): Promise<StoredModel[]> {
    return loadModels(this.db, await this.db.selectFrom('registered_models').selectAll().orderBy('name').execute());
  }

  async updateModel(modelId: string, patch: { description?: string | undefined; name?: string | undefined }, at: number, audit: NewAuditEvent): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('registered_models')
          .set({ updated_at: at, ...(patch.description === undefined ? {} : { description: patch.description }), ...(patch.name === undefined ? {} : { name: patch.name }) })
          .where('id', '=', modelId)
          .execute();
        await insertAudit(trx, modelId, [audit]);
      });
    } catch (err) {
      if (isUniqueViolation(err) && patch.name !== undefined) throw new AppError('ALREADY_EXISTS', `registered model '${patch.name}' already exists`, { details: { resource: 'registered model', id: patch.name }, cause: err });
      throw err;
    }
  }

  async deleteModel(modelId: string, audit: NewAuditEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Children first: SQLite only cascades when foreign keys are on, and PostgreSQL would do the same work anyway.
      for (const table of ['model_aliases', 'model_version_tags', 'gate_reports', 'gate_policies', 'registered_model_tags'] as const) {
        await trx.deleteFrom(table).where('model_id', '=', modelId).execute();
      }
      await trx.deleteFrom('model_versions').where('model_id', '=', modelId).execute();
      await trx.deleteFrom('registered_models').where('id', '=', modelId).execute();
      await insertAudit(trx, modelId, [audit]);
    });
  }

  async setModelTag(modelId: string, tag: RegistryTag, at: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('registered_model_tags')
        .values({ model_id: modelId, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['model_id', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      await trx.updateTable('registered_models').set({ updated_at: at }).where('id', '=', modelId).execute();
    });
  }

  async deleteModelTag(modelId: string, key: string, at: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('registered_model_tags').where('model_id', '=', modelId).where('key', '=', key).executeTakeFirst();
      await trx.updateTable('registered_models').set({ updated_at: at }).where('id', '=', modelId).execute();
      return result.numDeletedRows > 0n;
    });
  }

  /* ---------- versions ---------- */

  async createVersion(modelId: string, v: NewVersion, audit: Omit<NewAuditEvent, 'version'>): Promise<ModelVersion> {
    const number = await this.db.transaction().execute(async (trx) => {
      // The counter row is the serialisation point: PostgreSQL row-locks it until commit, SQLite holds the write lock.
      const bumped = await trx
        .updateTable('registered_models')
        .set((eb) => ({ last_version: eb('last_version', '+', 1), updated_at: v.createdAt }))
        .where('id', '=', modelId)
        .returning('last_version')
        .executeTakeFirst();
      if (!bumped) throw new AppError('NOT_FOUND', `registered model '${audit.name}' not found`, { details: { resource: 'registered model', id: audit.name } });
      const version = Number(bumped.last_version);
      await trx
        .insertInto('model_versions')
        .values({
          model_id: modelId,
          version,
          stage: 'None',
          description: v.description,
          source: v.source,
          artifact_path: v.artifactPath,
          run_id: v.runId,
          sha256: v.sha256,
          size_bytes: v.sizeBytes,
          file_name: v.fileName,
          flavor: v.flavor,
          signature: v.signature === null ? null : JSON.stringify(v.signature),
          metrics: JSON.stringify(v.metrics),
          params: JSON.stringify(v.params),
          datasets: JSON.stringify(v.datasets),
          created_by: v.createdBy,
          created_at: v.createdAt,
          updated_at: v.createdAt,
        })
        .execute();
      const tags = dedupe(v.tags);
      if (tags.length > 0) await trx.insertInto('model_version_tags').values(tags.map((t) => ({ model_id: modelId, version, key: t.key, value: t.value }))).execute();
      await insertAudit(trx, modelId, [{ ...audit, version }]);
      return version;
    });
    const created = await this.getVersion(modelId, number);
    if (!created) throw new AppError('INTERNAL', `version ${number} of '${audit.name}' vanished after it was registered`);
    return created;
  }

  async getVersion(modelId: string, version: number): Promise<ModelVersion | null> {
    const row = await this.db.selectFrom('model_versions').selectAll().where('model_id', '=', modelId).where('version', '=', version).executeTakeFirst();
    return row ? ((await loadVersions(this.db, [row]))[0] ?? null) : null;
  }

  async listVersions(modelId: string | null): Promise<ModelVersion[]> {
    let q = this.db.selectFrom('model_versions').selectAll();
    if (modelId !== null) q = q.where('model_id', '=', modelId);
    return loadVersions(this.db, await q.orderBy('model_id').orderBy('version', 'desc').execute());
  }

  async updateVersion(modelId: string, version: number, patch: { description: string }, at: number, audit: NewAuditEvent): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('model_versions').set({ description: patch.description, updated_at: at }).where('model_id', '=', modelId).where('version', '=', version).executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await insertAudit(trx, modelId, [audit]);
      return true;
    });
  }

  async deleteVersion(modelId: string, version: number, audit: NewAuditEvent): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('model_aliases').where('model_id', '=', modelId).where('version', '=', version).execute();
      await trx.deleteFrom('model_version_tags').where('model_id', '=', modelId).where('version', '=', version).execute();
      const result = await trx.deleteFrom('model_versions').where('model_id', '=', modelId).where('version', '=', version).executeTakeFirst();
      if (result.numDeletedRows === 0n) return false;
      await trx.updateTable('registered_models').set({ updated_at: audit.at }).where('id', '=', modelId).execute();
      await insertAudit(trx, modelId, [audit]);
      return true;
    });
  }

  async setVersionTag(modelId: string, version: number, tag: RegistryTag, at: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('model_version_tags')
        .values({ model_id: modelId, version, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['model_id', 'version', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      await trx.updateTable('model_versions').set({ updated_at: at }).where('model_id', '=', modelId).where('version', '=', version).execute();
    });
  }

  async deleteVersionTag(modelId: string, version: number, key: string, at: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('model_version_tags').where('model_id', '=', modelId).where('version', '=', version).where('key', '=', key).executeTakeFirst();
      await trx.updateTable('model_versions').set({ updated_at: at }).where('model_id', '=', modelId).where('version', '=', version).execute();
      return result.numDeletedRows > 0n;
    });
  }

  /* ---------- aliases and stages ---------- */

  async setAlias(modelId: string, alias: string, version: number, at: number, audit: NewAuditEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // One upsert on the (model, alias) key: there is no moment when the alias names two versions or none.
      await trx
        .insertInto('model_aliases')
        .values({ model_id: modelId, alias, version })
        .onConflict((oc) => oc.columns(['model_id', 'alias']).doUpdateSet({ version }))
        .execute();
      await trx.updateTable('registered_models').set({ updated_at: at }).where('id', '=', modelId).execute();
      await insertAudit(trx, modelId, [audit]);
    });
  }

  async deleteAlias(modelId: string, alias: string, at: number, audit: NewAuditEvent): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('model_aliases').where('model_id', '=', modelId).where('alias', '=', alias).executeTakeFirst();
      if (result.numDeletedRows === 0n) return false;
      await trx.updateTable('registered_models').set({ updated_at: at }).where('id', '=', modelId).execute();
      await insertAudit(trx, modelId, [audit]);
      return true;
    });
  }

  changeStage(change: StageChange): Promise<StageChangeResult> {
    return changeStage(this.db, this.dialect, change);
  }

  /* ---------- gate policies, reports, audit ---------- */

  async putGatePolicy(modelId: string, policy: unknown, createdBy: string, at: number, audit: Omit<NewAuditEvent, 'details'>): Promise<number> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('gate_policies').select((eb) => eb.fn.max('policy_version').as('latest')).where('model_id', '=', modelId).executeTakeFirst();
        const policyVersion = Number(row?.latest ?? 0) + 1;
        await trx.insertInto('gate_policies').values({ model_id: modelId, policy_version: policyVersion, policy: JSON.stringify(policy), created_by: createdBy, created_at: at }).execute();
        await insertAudit(trx, modelId, [{ ...audit, details: { policyVersion } }]);
        return policyVersion;
      });
    } catch (err) {
      // Two edits at once computed the same next number; the primary key kept one. The loser is told to retry.
      if (isUniqueViolation(err)) throw new AppError('FAILED_PRECONDITION', `the gate policy of '${audit.name}' was edited concurrently; read it again and retry`, { cause: err });
      throw err;
    }
  }

  async getGatePolicy(modelId: string): Promise<StoredGatePolicy | null> {
    const row = await this.db.selectFrom('gate_policies').selectAll().where('model_id', '=', modelId).orderBy('policy_version', 'desc').limit(1).executeTakeFirst();
    return row ? toPolicy(row) : null;
  }

  async listGatePolicies(modelId: string): Promise<StoredGatePolicy[]> {
    const rows = await this.db.selectFrom('gate_policies').selectAll().where('model_id', '=', modelId).orderBy('policy_version', 'desc').execute();
    return rows.map(toPolicy);
  }

  async insertGateReport(modelId: string, r: GateReportRecord, audit: NewAuditEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('gate_reports')
        .values({
          id: r.id,
          model_id: modelId,
          version: r.version,
          target_stage: r.targetStage,
          policy_version: r.policyVersion,
          compared_with: r.comparedWith,
          passed: toDbBool(r.passed),
          checks: JSON.stringify(r.checks),
          started_at: r.startedAt,
          finished_at: r.finishedAt,
          created_by: r.createdBy,
        })
        .execute();
      await insertAudit(trx, modelId, [audit]);
    });
  }

  async listGateReports(modelId: string, version: number): Promise<GateReportRecord[]> {
    const [rows, model] = await Promise.all([
      this.db.selectFrom('gate_reports').selectAll().where('model_id', '=', modelId).where('version', '=', version).orderBy('started_at', 'desc').orderBy('id').execute(),
      this.db.selectFrom('registered_models').select('name').where('id', '=', modelId).executeTakeFirst(),
    ]);
    return rows.map((r) => toGateReport(r, model?.name ?? ''));
  }

  async listAudit(modelId: string, offset: number, limit: number): Promise<AuditEvent[]> {
    const rows = await this.db.selectFrom('registry_audit').selectAll().where('model_id', '=', modelId).orderBy('seq', 'desc').offset(offset).limit(limit).execute();
    return rows.map(toAuditEvent);
  }

  async productionHistory(modelId: string): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('registry_audit')
      .selectAll()
      .where('model_id', '=', modelId)
      .where('to_stage', '=', 'Production')
      .where('action', 'in', ['stage.changed', 'promotion.forced', 'rollback'])
      .orderBy('seq', 'desc')
      .execute();
    return rows.map(toAuditEvent);
  }
}

function toPolicy(row: { policy_version: number; policy: string; created_by: string; created_at: number }): StoredGatePolicy {
  return { policyVersion: Number(row.policy_version), policy: JSON.parse(row.policy) as unknown, createdBy: row.created_by, createdAt: Number(row.created_at) };
}

/** The last value of a repeated key wins (PostgreSQL refuses to touch one row twice in a statement). */
function dedupe(tags: readonly RegistryTag[]): RegistryTag[] {
  return [...new Map(tags.map((t) => [t.key, t.value]))].map(([key, value]) => ({ key, value }));
}
