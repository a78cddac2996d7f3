import type { AskInput, CreateStudyInput, ReportInput, ReportResult, Study, StudyAnalysis, TellInput, Trial } from '../../domains/tuning/tuning.schema.js';
import type { HttpTransport } from '../transport.js';

const path = (name: string, rest = ''): string => `/api/v1/studies/${encodeURIComponent(name)}${rest}`;

/** Hyperparameter studies: ask/tell, intermediate reports and analysis. */
export class StudiesApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Creates a study; with `loadIfExists` an identical existing one is returned instead of a 409.
   * @example await keel.studies.create({ name: 'lr-search', space: { lr: { type: 'float', low: 1e-5, high: 1e-1, log: true } }, sampler: { type: 'tpe' } });
   */
  create(input: CreateStudyInput): Promise<Study> {
    return this.http.request('POST', '/api/v1/studies', { body: input });
  }

  /** @example const study = await keel.studies.get('lr-search'); console.log(study.counts.complete); */
  get(name: string): Promise<Study> {
    return this.http.request('GET', path(name));
  }

  /** @example const { studies } = await keel.studies.list(); */
  list(): Promise<{ studies: Study[] }> {
    return this.http.request('GET', '/api/v1/studies');
  }

  /** Stops (asks are refused), resumes or completes a study. @example await keel.studies.setStatus('lr-search', 'stopped'); */
  setStatus(name: string, status: 'running' | 'stopped' | 'completed'): Promise<Study> {
    return this.http.request('POST', path(name, '/status'), { body: { status } });
  }

  /**
   * Ask: starts the next trial; its `params` are what to train with and `runId` the tracked run to log to.
   * @example const trial = await keel.studies.ask('lr-search'); train(trial.params.lr);
   */
  ask(name: string, input: AskInput = {}): Promise<Trial> {
    return this.http.request('POST', path(name, '/trials'), { body: input });
  }

  /**
   * Reports an intermediate value; when `prune` comes back true, stop training (the trial is already marked pruned).
   * @example if ((await keel.studies.report('lr-search', t.number, { step, value: valLoss })).prune) break;
   */
  report(name: string, number: number, input: ReportInput): Promise<ReportResult> {
    return this.http.request('POST', path(name, `/trials/${number}/report`), { body: input });
  }

  /** Keeps a long trial alive between reports. @example await keel.studies.heartbeat('lr-search', t.number); */
  async heartbeat(name: string, number: number): Promise<void> {
    await this.http.request('POST', path(name, `/trials/${number}/heartbeat`), {});
  }

  /**
   * Tell: finishes a trial once (a second tell is a 409).
   * @example await keel.studies.tell('lr-search', t.number, { values: [valLoss] });
   */
  tell(name: string, number: number, input: TellInput): Promise<Trial> {
    return this.http.request('POST', path(name, `/trials/${number}/tell`), { body: input });
  }

  /** @example const { trials } = await keel.studies.trials('lr-search'); */
  trials(name: string): Promise<{ trials: Trial[] }> {
    return this.http.request('GET', path(name, '/trials'));
  }

  /** @example const t = await keel.studies.trial('lr-search', 3); */
  trial(name: string, number: number): Promise<Trial> {
    return this.http.request('GET', path(name, `/trials/${number}`));
  }

  /** History, best trial, Pareto front, parameter importance, parallel coordinates. @example const { best, importance } = await keel.studies.analysis('lr-search'); */
  analysis(name: string): Promise<StudyAnalysis> {
    return this.http.request('GET', path(name, '/analysis'));
  }
}
