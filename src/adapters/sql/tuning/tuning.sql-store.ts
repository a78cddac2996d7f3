import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Study, Trial, TrialStateName } from '../../../domains/tuning/tuning.schema.js';
import type { NewTrial, StaleTrial, StoredStudy, TrialUpdate, TuningStore } from '../../../domains/tuning/tuning.store.js';
import type { SqlDatabase } from '../database.js';
import { isUniqueViolation, type SqlDialect } from '../dialect.js';
import type { DatabaseSchema, StudiesTable, StudyTrialsTable } from '../schema/index.js';

type Db = Kysely<DatabaseSchema>;
type StudyDefinition = Pick<StoredStudy, 'directions' | 'metrics' | 'space' | 'sampler' | 'pruner' | 'seed' | 'heartbeatTimeoutSec' | 'retries'>;

const EMPTY_COUNTS = (): Study['counts'] => ({ running: 0, complete: 0, pruned: 0, failed: 0 });

function toStudy(row: Selectable<StudiesTable>, counts: Study['counts']): Study {
  const def = JSON.parse(row.definition) as StudyDefinition;
  return { id: row.id, name: row.name, ...def, status: row.status as Study['status'], experimentId: row.experiment_id, parentRunId: row.parent_run_id, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at), counts };
}

function toTrial(row: Selectable<StudyTrialsTable>, studyName: string): Trial {
  return {
    id: row.id,
    studyName,
    number: Number(row.number),
    state: row.state as TrialStateName,
    params: JSON.parse(row.params) as Trial['params'],
    values: row.objective_values === null ? null : (JSON.parse(row.objective_values) as number[]),
    reason: row.reason,
    runId: row.run_id,
    retryOf: row.retry_of === null ? null : Number(row.retry_of),
    parentTrial: row.parent_trial === null ? null : Number(row.parent_trial),
    lastStep: row.last_step === null ? null : Number(row.last_step),
    lastValue: row.last_value === null ? null : Number(row.last_value),
    startedAt: Number(row.started_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

/** The tuning port on Kysely: one code path for SQLite and PostgreSQL. */
export class TuningSqlStore implements TuningStore {
  private readonly db: Db;
  private readonly dialect: SqlDialect;
  /** Study id → name, so trial rows (which carry the id) come back with the name. Names never change. */
  private readonly names = new Map<string, string>();

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
    this.dialect = sql.dialect;
  }

  async createStudy(s: StoredStudy): Promise<void> {
    const definition: StudyDefinition = { directions: s.directions, metrics: s.metrics, space: s.space, sampler: s.sampler, pruner: s.pruner, seed: s.seed, heartbeatTimeoutSec: s.heartbeatTimeoutSec, retries: s.retries };
    try {
      await this.db
        .insertInto('studies')
        .values({ id: s.id, name: s.name, definition: JSON.stringify(definition), status: s.status, experiment_id: s.experimentId, parent_run_id: s.parentRunId, created_at: s.createdAt, updated_at: s.updatedAt })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', `study '${s.name}' already exists`, { details: { resource: 'study', id: s.name }, cause: err });
      throw err;
    }
  }

  private async counts(studyIds: readonly string[]): Promise<Map<string, Study['counts']>> {
    const out = new Map(studyIds.map((id) => [id, EMPTY_COUNTS()]));
    if (studyIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('study_trials')
      .select(['study_id', 'state', (eb) => eb.fn.countAll().as('n')])
      .where('study_id', 'in', studyIds)
      .groupBy(['study_id', 'state'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.study_id);
      if (c && r.state in c) c[r.state as TrialStateName] = Number(r.n);
    }
    return out;
  }

  async getStudy(name: string, opts: { counts?: boolean } = {}): Promise<Study | null> {
    const row = await this.db.selectFrom('studies').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) return null;
    this.names.set(row.id, row.name);
    if (opts.counts === false) return toStudy(row, EMPTY_COUNTS());
    return toStudy(row, (await this.counts([row.id])).get(row.id) ?? EMPTY_COUNTS());
  }

  async listStudies(): Promise<Study[]> {
    const rows = await this.db.selectFrom('studies').selectAll().orderBy('created_at', 'desc').execute();
    const counts = await this.counts(rows.map((r) => r.id));
    return rows.map((r) => toStudy(r, counts.get(r.id) ?? EMPTY_COUNTS()));
  }

  async setStudyStatus(studyId: string, status: Study['status'], at: number): Promise<void> {
    await this.db.updateTable('studies').set({ status, updated_at: at }).where('id', '=', studyId).execute();
  }

  private async nameOf(db: Db, studyId: string): Promise<string> {
    const known = this.names.get(studyId);
    if (known) return known;
    const row = await db.selectFrom('studies').select('name').where('id', '=', studyId).executeTakeFirst();
    if (!row) throw AppError.notFound('study', studyId);
    this.names.set(studyId, row.name);
    return row.name;
  }

  async addTrial(studyId: string, now: number, staleBefore: number, staleReason: (t: Trial) => string, build: (trials: readonly Trial[], stale: readonly StaleTrial[]) => NewTrial): Promise<{ trial: Trial; stale: StaleTrial[] }> {
    const name = await this.nameOf(this.db, studyId);
    return this.db.transaction().execute(async (trx) => {
      // Holding the study row serialises askers on PostgreSQL; SQLite's write transaction already does.
      await trx
        .updateTable('studies')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', studyId)
        .execute();
      const rows = await trx.selectFrom('study_trials').selectAll().where('study_id', '=', studyId).orderBy('number').execute();
      const trials = rows.map((r) => toTrial(r, name));
      const stale: StaleTrial[] = [];
      for (const t of trials) {
        const row = rows[t.number];
        if (t.state !== 'running' || !row || Number(row.heartbeat_at) >= staleBefore) continue;
        const reason = staleReason(t);
        await trx.updateTable('study_trials').set({ state: 'failed', reason, completed_at: now }).where('id', '=', t.id).where('state', '=', 'running').execute();
        Object.assign(t, { state: 'failed', reason, completedAt: now });
        stale.push({ number: t.number, reason });
      }
      const next = build(trials, stale);
      const number = trials.length;
      await trx
        .insertInto('study_trials')
        .values({
          id: next.id,
          study_id: studyId,
          number,
          state: 'running',
          params: JSON.stringify(next.params),
          objective_values: null,
          reason: null,
          run_id: null,
          retry_of: next.retryOf,
          parent_trial: next.parentTrial,
          last_step: null,
          last_value: null,
          started_at: next.startedAt,
          completed_at: null,
          heartbeat_at: next.startedAt,
        })
        .execute();
      const trial: Trial = { id: next.id, studyName: name, number, state: 'running', params: next.params, values: null, reason: null, runId: null, retryOf: next.retryOf, parentTrial: next.parentTrial, lastStep: null, lastValue: null, startedAt: next.startedAt, completedAt: null };
      return { trial, stale };
    });
  }

  async setTrialRun(trialId: string, runId: string): Promise<void> {
    await this.db.updateTable('study_trials').set({ run_id: runId }).where('id', '=', trialId).execute();
  }

  private async trialById(db: Db, trialId: string): Promise<Trial | null> {
    const row = await db.selectFrom('study_trials').selectAll().where('id', '=', trialId).executeTakeFirst();
    return row ? toTrial(row, await this.nameOf(db, row.study_id)) : null;
  }

  async finishTrial(trialId: string, u: TrialUpdate): Promise<Trial | null> {
    const result = await this.db
      .updateTable('study_trials')
      .set({ state: u.state, objective_values: u.values === null ? null : JSON.stringify(u.values), reason: u.reason, completed_at: u.completedAt })
      .where('id', '=', trialId)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.trialById(this.db, trialId);
  }

  async report(trialId: string, step: number, value: number, at: number): Promise<Trial | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('study_trials').select(['study_id', 'number', 'last_step']).where('id', '=', trialId).where('state', '=', 'running').executeTakeFirst();
      if (!row) return null;
      await trx
        .insertInto('study_trial_values')
        .values({ study_id: row.study_id, trial_number: row.number, step, value })
        .onConflict((oc) => oc.columns(['study_id', 'trial_number', 'step']).doUpdateSet({ value }))
        .execute();
      const latest = row.last_step === null || step >= Number(row.last_step);
      await trx
        .updateTable('study_trials')
        .set(latest ? { last_step: step, last_value: value, heartbeat_at: at } : { heartbeat_at: at })
        .where('id', '=', trialId)
        .execute();
      return this.trialById(trx, trialId);
    });
  }

  async heartbeat(trialId: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('study_trials').set({ heartbeat_at: at }).where('id', '=', trialId).where('state', '=', 'running').executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async getTrial(studyId: string, number: number): Promise<Trial | null> {
    const row = await this.db.selectFrom('study_trials').selectAll().where('study_id', '=', studyId).where('number', '=', number).executeTakeFirst();
    return row ? toTrial(row, await this.nameOf(this.db, studyId)) : null;
  }

  async listTrials(studyId: string): Promise<Trial[]> {
    const name = await this.nameOf(this.db, studyId);
    const rows = await this.db.selectFrom('study_trials').selectAll().where('study_id', '=', studyId).orderBy('number').execute();
    return rows.map((r) => toTrial(r, name));
  }

  async intermediateValues(studyId: string, maxStep: number): Promise<Map<number, Map<number, number>>> {
    const rows = await this.db.selectFrom('study_trial_values').select(['trial_number', 'step', 'value']).where('study_id', '=', studyId).where('step', '<=', maxStep).execute();
    const out = new Map<number, Map<number, number>>();
    for (const r of rows) {
      const n = Number(r.trial_number);
      let m = out.get(n);
      if (!m) out.set(n, (m = new Map()));
      m.set(Number(r.step), Number(r.value));
    }
    return out;
  }
}
