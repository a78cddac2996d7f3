import type { CreateExperimentInput, Experiment, Tag } from '../../domains/tracking/tracking.schema.js';
import type { HttpTransport } from '../transport.js';

export interface SearchExperimentsOptions {
  /** MLflow's filter grammar on experiments, e.g. `name LIKE 'penguins%'` or `tags.team = 'vision'`. */
  filter?: string;
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  maxResults?: number;
  /** e.g. `name ASC` or `creation_time DESC`; several clauses are joined with commas on the wire. */
  orderBy?: string | string[];
  pageToken?: string;
}

export interface ExperimentsPage {
  experiments: Experiment[];
  nextPageToken?: string | undefined;
}

const path = (id: string): string => `/api/v1/experiments/${encodeURIComponent(id)}`;

/** Experiments: named groups of runs. */
export class ExperimentsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Creates an experiment; ALREADY_EXISTS when the name is taken. @example const exp = await keel.experiments.create({ name: 'penguins', tags: [{ key: 'team', value: 'ml' }] }); */
  create(input: CreateExperimentInput): Promise<Experiment> {
    return this.http.request('POST', '/api/v1/experiments', { body: input });
  }

  /** @example const exp = await keel.experiments.get('1'); */
  get(experimentId: string): Promise<Experiment> {
    return this.http.request('GET', path(experimentId));
  }

  /** NOT_FOUND when no experiment has that name. @example const { experimentId } = await keel.experiments.getByName('penguins'); */
  getByName(name: string): Promise<Experiment> {
    return this.http.request('GET', `/api/v1/experiments/by-name/${encodeURIComponent(name)}`);
  }

  /** One page of experiments. @example const { experiments, nextPageToken } = await keel.experiments.search({ filter: "name LIKE 'pen%'", maxResults: 50 }); */
  search(opts: SearchExperimentsOptions = {}): Promise<ExperimentsPage> {
    const orderBy = Array.isArray(opts.orderBy) ? opts.orderBy.join(',') : opts.orderBy;
    return this.http.request('GET', '/api/v1/experiments', {
      query: { filter: opts.filter || undefined, viewType: opts.viewType, maxResults: opts.maxResults, orderBy: orderBy || undefined, pageToken: opts.pageToken },
    });
  }

  /** @example await keel.experiments.rename(exp.experimentId, 'penguins-v2'); */
  rename(experimentId: string, name: string): Promise<void> {
    return this.http.request('PATCH', path(experimentId), { body: { name } });
  }

  /** Soft delete: the experiment and its runs can be restored. @example await keel.experiments.delete(id); */
  delete(experimentId: string): Promise<void> {
    return this.http.request('DELETE', path(experimentId));
  }

  /** @example await keel.experiments.restore(id); */
  restore(experimentId: string): Promise<void> {
    return this.http.request('POST', `${path(experimentId)}/restore`, { idempotent: true });
  }

  /** Sets (or overwrites) one tag. @example await keel.experiments.setTag(id, { key: 'owner', value: 'ana' }); */
  setTag(experimentId: string, tag: Tag): Promise<void> {
    return this.http.request('PUT', `${path(experimentId)}/tags`, { body: tag });
  }
}
