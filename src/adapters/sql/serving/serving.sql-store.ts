import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Deployment, DeploymentAuditAction, DeploymentAuditEvent, DeploymentConfig } from '../../../domains/serving/serving.schema.js';
import type { ArmOutcomeCounts, AuditEntry, FeedbackRecord, PredictionRecord, ServingStore } from '../../../domains/serving/serving.store.js';
import type { SqlDatabase } from '../database.js';
import { deletedRows, deleteInBatches } from '../batched-delete.js';
import { fromDbBool, isUniqueViolation, toDbBool } from '../dialect.js';
import type { DatabaseSchema, DeploymentsTable, PredictionLogTable } from '../schema/index.js';

type Db = Kysely<DatabaseSchema>;

function toDeployment(row: Selectable<DeploymentsTable>, config?: string): Deployment {
  return { name: row.name, revision: row.revision, config: JSON.parse(config ?? row.config) as DeploymentConfig, createdBy: row.created_by, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
}

function toPrediction(row: Selectable<PredictionLogTable>): PredictionRecord {
  return {
    requestId: row.request_id,
    deployment: row.deployment,
    model: row.model,
    version: row.version,
    arm: row.arm,
    inputs: row.inputs,
    outputs: row.outputs,
    latencyMs: Number(row.latency_ms),
    status: row.status as PredictionRecord['status'],
    cached: fromDbBool(row.cached),
    at: Number(row.at),
  };
}

async function insertAudit(db: Db, name: string, revision: number, e: AuditEntry): Promise<void> {
  await db.insertInto('deployment_audit').values({ name, action: e.action, revision, actor: e.actor, reason: e.reason, at: e.at, details: JSON.stringify(e.details) }).execute();
}

/** The serving port on Kysely: one code path for SQLite and PostgreSQL. */
export class ServingSqlStore implements ServingStore {
  private readonly db: Db;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
  }

  async createDeployment(d: Deployment, audit: AuditEntry): Promise<void> {
    const config = JSON.stringify(d.config);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('deployments').values({ name: d.name, revision: d.revision, strategy: d.config.strategy, config, created_by: d.createdBy, created_at: d.createdAt, updated_at: d.updatedAt }).execute();
        await trx.insertInto('deployment_revisions').values({ name: d.name, revision: d.revision, config, created_at: d.updatedAt }).execute();
        await insertAudit(trx, d.name, d.revision, audit);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.alreadyExists('deployment', d.name);
      throw err;
    }
  }

  async updateDeployment(d: Deployment, expectedRevision: number, audit: AuditEntry): Promise<void> {
    const config = JSON.stringify(d.config);
    await this.db.transaction().execute(async (trx) => {
      // Compare-and-set on the revision: two concurrent deploys cannot both build on the same one.
      const res = await trx
        .updateTable('deployments')
        .set({ revision: d.revision, strategy: d.config.strategy, config, updated_at: d.updatedAt })
        .where('name', '=', d.name)
        .where('revision', '=', expectedRevision)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('FAILED_PRECONDITION', `deployment '${d.name}' changed meanwhile (expected revision ${expectedRevision}); retry`);
      await trx.insertInto('deployment_revisions').values({ name: d.name, revision: d.revision, config, created_at: d.updatedAt }).execute();
      await insertAudit(trx, d.name, d.revision, audit);
    });
  }

  async getDeployment(name: string): Promise<Deployment | null> {
    const row = await this.db.selectFrom('deployments').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toDeployment(row) : null;
  }

  async listDeployments(): Promise<Deployment[]> {
    return (await this.db.selectFrom('deployments').selectAll().orderBy('name').execute()).map((r) => toDeployment(r));
  }

  async getRevision(name: string, revision: number): Promise<Deployment | null> {
    const row = await this.db
      .selectFrom('deployment_revisions as r')
      .innerJoin('deployments as d', 'd.name', 'r.name')
      .select(['d.name', 'r.revision', 'd.strategy', 'r.config', 'd.created_by', 'd.created_at', 'r.created_at as updated_at'])
      .where('r.name', '=', name)
      .where('r.revision', '=', revision)
      .executeTakeFirst();
    return row ? toDeployment(row) : null;
  }

  async listRevisions(name: string): Promise<Deployment[]> {
    const rows = await this.db
      .selectFrom('deployment_revisions as r')
      .innerJoin('deployments as d', 'd.name', 'r.name')
      .select(['d.name', 'r.revision', 'd.strategy', 'r.config', 'd.created_by', 'd.created_at', 'r.created_at as updated_at'])
      .where('r.name', '=', name)
      .orderBy('r.revision', 'desc')
      .execute();
    return rows.map((r) => toDeployment(r));
  }

  async deleteDeployment(name: string, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('deployments').select('revision').where('name', '=', name).executeTakeFirst();
      if (!row) return false;
      await trx.deleteFrom('deployment_revisions').where('name', '=', name).execute();
      await trx.deleteFrom('deployments').where('name', '=', name).execute();
      await insertAudit(trx, name, row.revision, audit);
      return true;
    });
  }

  async listAudit(name: string): Promise<DeploymentAuditEvent[]> {
    const rows = await this.db.selectFrom('deployment_audit').selectAll().where('name', '=', name).orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), name: r.name, action: r.action as DeploymentAuditAction, revision: r.revision, actor: r.actor, reason: r.reason, at: Number(r.at), details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  async appendPredictions(rows: readonly PredictionRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((r) => ({
      request_id: r.requestId,
      deployment: r.deployment,
      model: r.model,
      version: r.version,
      arm: r.arm,
      inputs: r.inputs,
      outputs: r.outputs,
      latency_ms: r.latencyMs,
      status: r.status,
      cached: toDbBool(r.cached),
      at: r.at,
    }));
    // A client may reuse a request id: the first answer is kept and the batch still lands.
    await this.db.insertInto('prediction_log').values(values).onConflict((oc) => oc.column('request_id').doNothing()).execute();
  }

  async getPrediction(requestId: string): Promise<PredictionRecord | null> {
    const row = await this.db.selectFrom('prediction_log').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    return row ? toPrediction(row) : null;
  }

  async putFeedback(f: FeedbackRecord): Promise<void> {
    await this.db
      .insertInto('prediction_feedback')
      .values({ request_id: f.requestId, deployment: f.deployment, label: f.label, reward: f.reward, at: f.at })
      .onConflict((oc) => oc.column('request_id').doUpdateSet({ label: f.label, reward: f.reward, at: f.at }))
      .execute();
  }

  async armOutcomes(deployment: string): Promise<ArmOutcomeCounts[]> {
    const rows = await this.db
      .selectFrom('prediction_feedback as f')
      .innerJoin('prediction_log as p', 'p.request_id', 'f.request_id')
      .select((eb) => ['p.arm', eb.fn.countAll<number | string>().as('trials'), eb.fn.sum<number | string>('f.reward').as('successes')])
      .where('f.deployment', '=', deployment)
      .where('f.reward', 'is not', null)
      .groupBy('p.arm')
      .execute();
    // Counts arrive as numbers from SQLite and strings from PostgreSQL.
    return rows.map((r) => ({ arm: r.arm, trials: Number(r.trials), successes: Number(r.successes ?? 0) }));
  }

  deletePredictionsBefore(cutoff: number, batchSize: number): Promise<number> {
    return deleteInBatches(batchSize, (limit) =>
      this.db.transaction().execute(async (trx) => {
        const ids = (await trx.selectFrom('prediction_log').select('request_id').where('at', '<', cutoff).orderBy('at').limit(limit).execute()).map((r) => r.request_id);
        if (ids.length === 0) return 0;
        // Feedback has no foreign key to cascade on (the log is append-only, written in batches).
        await trx.deleteFrom('prediction_feedback').where('request_id', 'in', ids).execute();
        return deletedRows(await trx.deleteFrom('prediction_log').where('request_id', 'in', ids).executeTakeFirst());
      }),
    );
  }
}
