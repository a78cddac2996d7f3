import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { parseInput } from '../../core/validation.js';
import type { TrackingApi } from '../tracking/index.js';
import { analyzeStudy } from './analysis.js';
import { createRng, trialSeed } from './rng.js';
import { enumerateGrid } from './samplers/grid-sampler.js';
import { sampleUniform } from './samplers/random-sampler.js';
import { createPruner, createSampler } from './samplers/sampler-factory.js';
import type { Sampler, TrialView } from './samplers/sampler.js';
import { isActive, orderedParams, valueFits } from './search-space.js';
import type { Distribution, ParamSet, ParamValue } from './search-space.schema.js';
import {
  askSchema,
  createStudySchema,
  reportSchema,
  studyNameSchema,
  tellSchema,
  type AskInput,
  type CreateStudyInput,
  type ReportInput,
  type ReportResult,
  type Study,
  type StudyAnalysis,
  type TellInput,
  type Trial,
} from './tuning.schema.js';
import type { NewTrial, StoredStudy, TuningStore } from './tuning.store.js';

export type TuningTracking = Pick<TrackingApi, 'createRun' | 'getRun' | 'updateRun' | 'logBatch' | 'setTag'>;

export interface TuningServiceDeps {
  store: TuningStore;
  tracking: TuningTracking;
  clock: Clock;
}

/** Reason prefix of trials failed because their worker went quiet; such trials are re-run. */
export const LOST_PREFIX = 'worker lost';

const TRIAL_TAGS = { study: 'keel.study', trial: 'keel.trial', reason: 'keel.trial.reason', retryOf: 'keel.trial.retryOf' } as const;

function toView(t: Trial): TrialView {
  const intermediate = new Map<number, number>();
  if (t.lastStep !== null && t.lastValue !== null) intermediate.set(t.lastStep, t.lastValue);
  return { number: t.number, state: t.state, params: t.params, values: t.values, intermediate };
}

/** JSON with object keys sorted: PostgreSQL's jsonb gives keys back in its own order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Stored definitions are compared field by field for `loadIfExists`. */
function sameDefinition(a: StoredStudy, b: StoredStudy): boolean {
  const pick = (s: StoredStudy): string => canonical([s.space, s.directions, s.metrics, s.sampler, s.pruner]);
  return pick(a) === pick(b);
}

/**
 * Hyperparameter studies: ask/tell over persisted trials. Every trial is a
 * tracked run, a child of the study's run. The sampler and pruner are pure
 * functions of the stored history, so any number of workers (or drivers) can
 * share a study, and a crashed one resumes where it stopped.
 */
export class TuningService {
  private readonly samplers = new Map<string, Sampler>();

  constructor(private readonly deps: TuningServiceDeps) {}

  async createStudy(input: CreateStudyInput): Promise<Study> {
    const q = parseInput(createStudySchema, input);
    if (q.sampler.type === 'grid') enumerateGrid(q.space); // refuses ungriddable spaces now, not at the first ask
    const now = this.deps.clock.now();
    const experimentName = q.experimentName ?? `study/${q.name}`;
    const candidate: StoredStudy = {
      id: newId(),
      name: q.name,
      directions: q.directions,
      metrics: q.metrics ?? q.directions.map((_, i) => (i === 0 ? 'objective' : `objective_${i}`)),
      space: q.space,
      sampler: q.sampler,
      pruner: q.pruner,
      seed: q.seed ?? Math.floor(Math.random() * 2 ** 32),
      status: 'running',
      experimentId: '',
      parentRunId: '',
      heartbeatTimeoutSec: q.heartbeatTimeoutSec,
      retries: q.retries,
      createdAt: now,
      updatedAt: now,
    };
    const existing = await this.deps.store.getStudy(q.name);
    if (existing) {
      if (q.loadIfExists && sameDefinition(existing, candidate)) return existing;
      throw new AppError('ALREADY_EXISTS', `study '${q.name}' already exists${q.loadIfExists ? ' with a different definition (space, directions, metrics, sampler or pruner)' : ''}`, { details: { resource: 'study', id: q.name } });
    }
    const run = await this.deps.tracking.createRun({
      experimentName,
      runName: `study-${q.name}`,
      tags: [{ key: TRIAL_TAGS.study, value: q.name }],
      params: [
        { key: 'sampler', value: q.sampler.type },
        { key: 'pruner', value: q.pruner.type },
        { key: 'directions', value: q.directions.join(',') },
      ],
    });
    candidate.experimentId = run.info.experimentId;
    candidate.parentRunId = run.info.runId;
    try {
      await this.deps.store.createStudy(candidate);
    } catch (err) {
      await this.deps.tracking.updateRun(run.info.runId, { status: 'FAILED', endTime: this.deps.clock.now() }).catch(() => undefined);
      if (err instanceof AppError && err.code === 'ALREADY_EXISTS' && q.loadIfExists) {
        const winner = await this.deps.store.getStudy(q.name);
        if (winner && sameDefinition(winner, candidate)) return winner;
      }
      throw err;
    }
    return this.getStudy(q.name);
  }

  async getStudy(name: string, opts: { counts?: boolean } = {}): Promise<Study> {
    const study = studyNameSchema.safeParse(name).success ? await this.deps.store.getStudy(name, opts) : null;
    if (!study) throw AppError.notFound('study', name);
    return study;
  }

  listStudies(): Promise<Study[]> {
    return this.deps.store.listStudies();
  }

  async setStatus(name: string, status: 'running' | 'stopped' | 'completed'): Promise<Study> {
    const study = await this.getStudy(name);
    await this.deps.store.setStudyStatus(study.id, status, this.deps.clock.now());
    if (status !== 'running') await this.deps.tracking.updateRun(study.parentRunId, { status: 'FINISHED', endTime: this.deps.clock.now() }).catch(() => undefined);
    return this.getStudy(name);
  }

  private samplerOf(study: Study): Sampler {
    let sampler = this.samplers.get(study.id);
    if (!sampler) {
      sampler = createSampler(study.sampler);
      this.samplers.set(study.id, sampler);
    }
    return sampler;
  }

  /** Checks fixed parameters against the space; every unknown or out-of-range one is named. */
  private checkFixed(study: Study, fixed: ParamSet): void {
    const fields = Object.entries(fixed).flatMap(([name, value]) => {
      const d = study.space[name];
      if (!d) return [{ path: `body.params.${name}`, message: 'is not a parameter of the study' }];
      return valueFits(d, value) ? [] : [{ path: `body.params.${name}`, message: `${JSON.stringify(value)} does not fit the ${d.type} distribution` }];
    });
    if (fields.length > 0) throw AppError.invalid(`${fields[0]?.path}: ${fields[0]?.message}`, fields);
  }

  /** Ask: the next trial's parameters, and its run. */
  async ask(name: string, input: AskInput = {}): Promise<Trial> {
    const q = parseInput(askSchema, input);
    const study = await this.getStudy(name, { counts: false });
    if (study.status !== 'running') throw new AppError('FAILED_PRECONDITION', `study '${name}' is ${study.status}: resume it before asking for trials`, { details: { status: study.status } });
    const fixed: ParamSet = q.params ?? {};
    this.checkFixed(study, fixed);
    const sampler = this.samplerOf(study);
    const now = this.deps.clock.now();
    const { trial } = await this.deps.store.addTrial(
      study.id,
      now,
      now - study.heartbeatTimeoutSec * 1000,
      () => `${LOST_PREFIX}: no heartbeat for ${study.heartbeatTimeoutSec} s`,
      (trials) => this.nextTrial(study, sampler, trials, fixed, now),
    );
    try {
      const run = await this.deps.tracking.createRun({
        experimentId: study.experimentId,
        parentRunId: study.parentRunId,
        runName: `${study.name}-trial-${trial.number}`,
        startTime: trial.startedAt,
        tags: [
          { key: TRIAL_TAGS.study, value: study.name },
          { key: TRIAL_TAGS.trial, value: String(trial.number) },
          ...(trial.retryOf !== null ? [{ key: TRIAL_TAGS.retryOf, value: String(trial.retryOf) }] : []),
        ],
        params: Object.entries(trial.params).map(([key, value]) => ({ key, value: String(value) })),
      });
      await this.deps.store.setTrialRun(trial.id, run.info.runId);
      return { ...trial, runId: run.info.runId };
    } catch (err) {
      // Without its run the trial cannot be tracked: fail it with the reason rather than leave it running.
      await this.deps.store.finishTrial(trial.id, { state: 'failed', values: null, reason: `could not create its run: ${err instanceof Error ? err.message : String(err)}`, completedAt: this.deps.clock.now() });
      throw err;
    }
  }

  /** Inside the store's transaction: re-run a lost trial if one is owed a retry, else sample. */
  private nextTrial(study: Study, sampler: Sampler, trials: readonly Trial[], fixed: ParamSet, now: number): NewTrial {
    const retried = new Set(trials.flatMap((t) => (t.retryOf === null ? [] : [t.retryOf])));
    const byNumber = new Map(trials.map((t) => [t.number, t]));
    const depth = (t: Trial): number => (t.retryOf === null ? 0 : 1 + depth(byNumber.get(t.retryOf) ?? { ...t, retryOf: null }));
    const owed = Object.keys(fixed).length === 0 ? trials.find((t) => t.state === 'failed' && t.reason?.startsWith(LOST_PREFIX) && !retried.has(t.number) && depth(t) < study.retries) : undefined;
    if (owed) return { id: newId(), params: owed.params, retryOf: owed.number, parentTrial: null, startedAt: now };
    const number = trials.length;
    const rng = createRng(trialSeed(study.seed, number));
    const ctx = { space: study.space, directions: study.directions, trials: trials.map(toView), trialNumber: number, rng };
    const suggestion = sampler.suggest ? sampler.suggest(ctx) : { params: sampler.sample(ctx), parentTrial: null };
    const params = Object.keys(fixed).length > 0 ? this.withFixed(study, suggestion.params, fixed, rng) : suggestion.params;
    return { id: newId(), params, retryOf: null, parentTrial: suggestion.parentTrial, startedAt: now };
  }

  /** Fixed values win; conditional parameters they switch off are dropped, ones they switch on are drawn. */
  private withFixed(study: Study, sampled: ParamSet, fixed: ParamSet, rng: ReturnType<typeof createRng>): ParamSet {
    const out: ParamSet = {};
    for (const name of orderedParams(study.space)) {
      if (!isActive(study.space, name, out)) continue;
      out[name] = name in fixed ? (fixed[name] as ParamValue) : name in sampled ? (sampled[name] as ParamValue) : sampleUniform(study.space[name] as Distribution, rng);
    }
    return out;
  }

  async getTrial(name: string, number: number): Promise<Trial> {
    const study = await this.getStudy(name, { counts: false });
    const trial = await this.deps.store.getTrial(study.id, number);
    if (!trial) throw AppError.notFound('trial', `${name}#${number}`);
    return trial;
  }

  async listTrials(name: string): Promise<Trial[]> {
    const study = await this.getStudy(name, { counts: false });
    return this.deps.store.listTrials(study.id);
  }

  private finishedError(trial: Trial, what: string): AppError {
    return new AppError('ALREADY_EXISTS', `trial ${trial.number} of study '${trial.studyName}' is already ${trial.state}: it cannot be ${what}`, { details: { resource: 'trial', number: trial.number, state: trial.state } });
  }

  /** An intermediate value; the pruner decides whether the trial should stop (and marks it pruned when so). */
  async report(name: string, number: number, input: ReportInput): Promise<ReportResult> {
    const q = parseInput(reportSchema, input);
    const study = await this.getStudy(name, { counts: false });
    const trial = await this.getTrial(name, number);
    if (trial.state !== 'running') throw this.finishedError(trial, 'reported to');
    const updated = await this.deps.store.report(trial.id, q.step, q.value, this.deps.clock.now());
    if (!updated) throw this.finishedError(await this.getTrial(name, number), 'reported to');
    const pruner = createPruner(study.pruner);
    if (!pruner) return { prune: false, reason: null };
    const [trials, intermediate] = await Promise.all([this.deps.store.listTrials(study.id), this.deps.store.intermediateValues(study.id, q.step)]);
    const views = trials.map((t) => ({ ...toView(t), intermediate: intermediate.get(t.number) ?? new Map<number, number>() }));
    const self = views.find((v) => v.number === number);
    if (!self) return { prune: false, reason: null };
    const reason = pruner.prune({ trial: self, step: q.step, trials: views, direction: study.directions[0] ?? 'minimize' });
    if (reason === null) return { prune: false, reason: null };
    await this.finish(study, updated, { state: 'pruned', values: null, reason });
    return { prune: true, reason };
  }

  async heartbeat(name: string, number: number): Promise<void> {
    const trial = await this.getTrial(name, number);
    if (!(await this.deps.store.heartbeat(trial.id, this.deps.clock.now()))) throw this.finishedError(await this.getTrial(name, number), 'kept alive');
  }

  /** Tell: the trial's outcome. A trial is told once; a second tell is a 409. */
  async tell(name: string, number: number, input: TellInput): Promise<Trial> {
    const q = parseInput(tellSchema, input);
    const study = await this.getStudy(name, { counts: false });
    const trial = await this.getTrial(name, number);
    if (trial.state !== 'running') throw this.finishedError(trial, 'told again');
    if (q.state === 'complete' && q.values?.length !== study.directions.length) {
      throw AppError.invalid(`body.values: the study has ${study.directions.length} objective(s), got ${q.values?.length ?? 0} value(s)`, [{ path: 'body.values', message: `needs ${study.directions.length} value(s)` }]);
    }
    const reason = q.reason ?? (q.state === 'pruned' ? (trial.lastStep !== null ? `pruned by its worker at step ${trial.lastStep}` : 'pruned by its worker') : q.state === 'failed' ? 'failed (no reason given)' : null);
    return this.finish(study, trial, { state: q.state, values: q.state === 'complete' ? (q.values ?? null) : null, reason });
  }

  private async finish(study: Study, trial: Trial, outcome: { state: 'complete' | 'failed' | 'pruned'; values: number[] | null; reason: string | null }): Promise<Trial> {
    const now = this.deps.clock.now();
    const done = await this.deps.store.finishTrial(trial.id, { ...outcome, completedAt: now });
    if (!done) throw this.finishedError(await this.getTrial(study.name, trial.number), 'told again');
    if (done.runId) {
      const runId = done.runId;
      // A command driven by `keel tune` has logged the objective itself; log it only where the run lacks that value.
      const latest = outcome.values ? new Map((await this.deps.tracking.getRun(runId).catch(() => null))?.data.metrics.map((m) => [m.key, m.value]) ?? []) : new Map();
      const metrics = (outcome.values ?? []).flatMap((value, i) => {
        const key = study.metrics[i] ?? `objective_${i}`;
        return latest.get(key) === value ? [] : [{ key, value, timestamp: now, step: trial.lastStep ?? 0 }];
      });
      const tags = outcome.reason ? [{ key: TRIAL_TAGS.reason, value: outcome.reason.slice(0, 5000) }] : [];
      // The run mirrors the trial; the trial (already written) is the record, so a tracking hiccup is not the caller's error.
      await this.deps.tracking.logBatch(runId, { metrics, tags }).catch(() => undefined);
      await this.deps.tracking.updateRun(runId, { status: outcome.state === 'complete' ? 'FINISHED' : outcome.state === 'pruned' ? 'KILLED' : 'FAILED', endTime: now }).catch(() => undefined);
    }
    return done;
  }

  async analyze(name: string): Promise<StudyAnalysis> {
    const study = await this.getStudy(name);
    return analyzeStudy(study, await this.deps.store.listTrials(study.id));
  }
}
