import type { ParamSet } from './search-space.schema.js';
import type { Study, Trial, TrialStateName } from './tuning.schema.js';

/** The storage port of studies and trials: an interface only; the SQL adapter implements it. */
export type StoredStudy = Omit<Study, 'counts'>;

export interface NewTrial {
  id: string;
  params: ParamSet;
  retryOf: number | null;
  parentTrial: number | null;
  startedAt: number;
}

/** A lost trial found while asking: failed with a reason, and possibly re-run. */
export interface StaleTrial {
  number: number;
  reason: string;
}

export interface TrialUpdate {
  state: Exclude<TrialStateName, 'running'>;
  values: number[] | null;
  reason: string | null;
  completedAt: number;
}

export interface TuningStore {
  /** ALREADY_EXISTS when the name is taken. */
  createStudy(study: StoredStudy): Promise<void>;
  /** `counts: false` skips counting trials (asks and tells do not need them); counts are then zero. */
  getStudy(name: string, opts?: { counts?: boolean }): Promise<Study | null>;
  listStudies(): Promise<Study[]>;
  setStudyStatus(studyId: string, status: Study['status'], at: number): Promise<void>;
  /**
   * Adds the next trial in one transaction that holds the study (row lock on
   * PostgreSQL, the write lock on SQLite): trials still running whose heartbeat is
   * older than `staleBefore` are failed first with `staleReason`; then `build`
   * sees every trial (intermediate values: the last one only) and returns the new
   * trial, which gets the next number. Parallel askers never share a number or
   * see a history without each other's trials.
   */
  addTrial(studyId: string, now: number, staleBefore: number, staleReason: (t: Trial) => string, build: (trials: readonly Trial[], stale: readonly StaleTrial[]) => NewTrial): Promise<{ trial: Trial; stale: StaleTrial[] }>;
  setTrialRun(trialId: string, runId: string): Promise<void>;
  /** Finishes a running trial; returns null (nothing written) when it is not running any more. */
  finishTrial(trialId: string, update: TrialUpdate): Promise<Trial | null>;
  /** Records an intermediate value (a repeated step overwrites) and refreshes the heartbeat; null when the trial is not running. */
  report(trialId: string, step: number, value: number, at: number): Promise<Trial | null>;
  heartbeat(trialId: string, at: number): Promise<boolean>;
  getTrial(studyId: string, number: number): Promise<Trial | null>;
  listTrials(studyId: string): Promise<Trial[]>;
  /** Every trial's intermediate values up to `maxStep` (what pruners compare), by trial number. */
  intermediateValues(studyId: string, maxStep: number): Promise<Map<number, Map<number, number>>>;
}
