import { AppError } from '../../../core/errors.js';
import type { NewAuditEvent, StageChange, StageChangeResult } from '../../../domains/registry/registry.store.js';
import { isUniqueViolation, type SqlDialect } from '../dialect.js';
import { insertAudit, type Db } from './registry-rows.js';

/**
 * One stage change as one transaction: lock the model, check the Production
 * version the caller expects, archive what the change replaces, move the
 * version, and record it all in the audit log.
 *
 * The model row lock (PostgreSQL; SQLite's write lock covers the whole file)
 * serialises every stage change of one model, so two promotions never interleave.
 * The partial unique index on Production is the backstop should any writer skip
 * the lock: its violation becomes FAILED_PRECONDITION, and nothing is written.
 */
export async function changeStage(db: Db, dialect: SqlDialect, change: StageChange): Promise<StageChangeResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const model = await trx
        .selectFrom('registered_models')
        .select('id')
        .where('id', '=', change.modelId)
        .$if(dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!model) throw AppError.notFound('registered model', change.audit.name);

      const production = await trx.selectFrom('model_versions').select('version').where('model_id', '=', change.modelId).where('stage', '=', 'Production').executeTakeFirst();
      const previousProduction = production ? Number(production.version) : null;
      if (change.expectedProduction !== undefined && change.expectedProduction !== previousProduction) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `the Production version of '${change.audit.name}' changed from ${label(change.expectedProduction)} to ${label(previousProduction)} while this change was prepared; run it again`,
          { details: { expectedProduction: change.expectedProduction, currentProduction: previousProduction } },
        );
      }

      const target = await trx.selectFrom('model_versions').select('stage').where('model_id', '=', change.modelId).where('version', '=', change.version).executeTakeFirst();
      if (!target) throw AppError.notFound('model version', `${change.audit.name}/${change.version}`);

      const displaced = new Set<number>();
      if (change.toStage === 'Production' && previousProduction !== null) displaced.add(previousProduction);
      if (change.archiveExisting && change.toStage !== 'Archived') {
        const same = await trx.selectFrom('model_versions').select('version').where('model_id', '=', change.modelId).where('stage', '=', change.toStage).execute();
        for (const s of same) displaced.add(Number(s.version));
      }
      displaced.delete(change.version);
      const archived = [...displaced].sort((a, b) => a - b);

      if (archived.length > 0) {
        await trx.updateTable('model_versions').set({ stage: 'Archived', updated_at: change.at }).where('model_id', '=', change.modelId).where('version', 'in', archived).execute();
      }
      await trx.updateTable('model_versions').set({ stage: change.toStage, updated_at: change.at }).where('model_id', '=', change.modelId).where('version', '=', change.version).execute();
      await trx.updateTable('registered_models').set({ updated_at: change.at }).where('id', '=', change.modelId).execute();

      const main: NewAuditEvent = {
        ...change.audit,
        fromStage: target.stage as NewAuditEvent['fromStage'],
        toStage: change.toStage,
        // Rollback walks this chain back: each Production event names the version it replaced.
        details: change.toStage === 'Production' && !('previousProduction' in change.audit.details) ? { ...change.audit.details, previousProduction } : change.audit.details,
      };
      const archiveEvents: NewAuditEvent[] = [];
      for (const v of archived) {
        const from = v === previousProduction ? 'Production' : change.toStage;
        archiveEvents.push({ ...change.audit, action: 'stage.archived', version: v, fromStage: from, toStage: 'Archived', details: { replacedBy: change.version } });
      }
      await insertAudit(trx, change.modelId, [...archiveEvents, main]);
      return { archived, previousProduction };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('FAILED_PRECONDITION', `another version of '${change.audit.name}' was moved to Production at the same time; nothing was changed, run it again`, { cause: err });
    }
    throw err;
  }
}

const label = (v: number | null): string => (v === null ? 'none' : `version ${v}`);
