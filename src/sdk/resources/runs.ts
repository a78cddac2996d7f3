import type {
  ArtifactEntry,
  CreateRunInput,
  DatasetInputInput,
  LogBatchInput,
  MetricBucket,
  MetricSeriesInput,
  Run,
  RunInfo,
  SearchRunsInput,
  UpdateRunInput,
} from '../../domains/tracking/tracking.schema.js';
import { toRawBody } from '../raw-body.js';
import type { HttpTransport } from '../transport.js';
import {
  decodeBucket,
  decodeComparison,
  decodeMetric,
  decodeRun,
  encodeArtifactPath,
  type ArtifactData,
  type MetricHistoryPage,
  type RunComparison,
  type RunsPage,
  type WireNumber,
} from '../tracking-types.js';

const path = (id: string): string => `/api/v1/runs/${encodeURIComponent(id)}`;

/** Runs: params, metrics, tags, dataset inputs and artifacts of one training run. */
export class RunsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Creates a RUNNING run; `experimentName` creates the experiment when missing. For a training loop prefer `keel.startRun`. @example const run = await keel.runs.create({ experimentName: 'penguins', runName: 'lr-0.1', params: [{ key: 'lr', value: '0.1' }] }); */
  async create(input: CreateRunInput): Promise<Run> {
    return decodeRun(await this.http.request<Run>('POST', '/api/v1/runs', { body: input }));
  }

  /** The run with its latest metric values, params, tags and inputs. @example const { info, data } = await keel.runs.get(runId); */
  async get(runId: string): Promise<Run> {
    return decodeRun(await this.http.request<Run>('GET', path(runId)));
  }

  /** @example await keel.runs.update(runId, { status: 'FINISHED', endTime: Date.now() }); */
  update(runId: string, input: UpdateRunInput): Promise<RunInfo> {
    return this.http.request('PATCH', path(runId), { body: input });
  }

  /** Soft delete. @example await keel.runs.delete(runId); */
  delete(runId: string): Promise<void> {
    return this.http.request('DELETE', path(runId));
  }

  /** @example await keel.runs.restore(runId); */
  restore(runId: string): Promise<void> {
    return this.http.request('POST', `${path(runId)}/restore`, { idempotent: true });
  }

  /**
   * All-or-nothing write of up to 1000 metrics, 100 params and 100 tags. Not retried by
   * default (a replayed batch would duplicate points); `keel.startRun` batches and retries for you.
   * @example await keel.runs.logBatch(runId, { metrics: [{ key: 'loss', value: 0.3, timestamp: Date.now(), step: 1 }] });
   */
  logBatch(runId: string, input: LogBatchInput): Promise<void> {
    return this.http.request('POST', `${path(runId)}/batch`, { body: input });
  }

  /** Sends a log-batch body that is already JSON (the run handle builds it as one string, which is faster). */
  logBatchJson(runId: string, json: string): Promise<void> {
    return this.http.request('POST', `${path(runId)}/batch`, { rawBody: json, contentType: 'application/json' });
  }

  /**
   * Keel's columnar metric batch: per key, equal-length steps, timestamps and values (up to
   * 100,000 points per call, all or nothing; NaN and ±Infinity allowed). Not retried by default.
   * @example await keel.runs.logMetricSeries(runId, [{ key: 'loss', steps: [0, 1, 2], timestamps: [t, t, t], values: [0.9, 0.5, 0.3] }]);
   */
  logMetricSeries(runId: string, series: readonly MetricSeriesInput[]): Promise<void> {
    const wire = series.map((s) => ({ key: s.key, steps: Array.from(s.steps), timestamps: Array.from(s.timestamps), values: Array.from(s.values, jsonMetricValue) }));
    return this.http.request('POST', `${path(runId)}/metrics`, { body: { series: wire } });
  }

  /** Sends a columnar metric batch body that is already JSON (the run handle builds it by joining columns). */
  logMetricSeriesJson(runId: string, json: string): Promise<void> {
    return this.http.request('POST', `${path(runId)}/metrics`, { rawBody: json, contentType: 'application/json' });
  }

  /** Records the data sets a run read. @example await keel.runs.logInputs(runId, [{ dataset: { name: 'penguins', digest: 'a1b2', sourceType: 'local', source: 'penguins.json' }, tags: [{ key: 'mlflow.data.context', value: 'train' }] }]); */
  logInputs(runId: string, datasetInputs: DatasetInputInput[]): Promise<void> {
    return this.http.request('POST', `${path(runId)}/inputs`, { body: { datasetInputs } });
  }

  /** @example await keel.runs.deleteTag(runId, 'note'); */
  deleteTag(runId: string, key: string): Promise<void> {
    return this.http.request('DELETE', `${path(runId)}/tags`, { query: { key } });
  }

  /** One page of runs matching MLflow's filter grammar. @example const { runs } = await keel.runs.search({ experimentIds: ['1'], filter: 'metrics.accuracy > 0.9', orderBy: ['metrics.accuracy DESC'] }); */
  async search(input: SearchRunsInput): Promise<RunsPage> {
    const page = await this.http.request<RunsPage>('POST', '/api/v1/runs/search', { body: input, idempotent: true });
    return { ...page, runs: page.runs.map(decodeRun) };
  }

  /** One page of a metric's points, in step order. @example let page = await keel.runs.metricHistory(runId, 'loss'); while (page.nextPageToken) page = await keel.runs.metricHistory(runId, 'loss', { pageToken: page.nextPageToken }); */
  async metricHistory(runId: string, key: string, opts: { pageToken?: string; maxResults?: number } = {}): Promise<MetricHistoryPage> {
    const page = await this.http.request<MetricHistoryPage>('GET', `${path(runId)}/metrics/history`, { query: { key, pageToken: opts.pageToken, maxResults: opts.maxResults } });
    return { ...page, metrics: page.metrics.map(decodeMetric) };
  }

  /** At most `maxPoints` buckets with min/max/last each: what a chart of a long series needs. @example const buckets = await keel.runs.metricBuckets(runId, 'loss', 500); */
  async metricBuckets(runId: string, key: string, maxPoints: number): Promise<MetricBucket[]> {
    const res = await this.http.request<{ buckets: MetricBucket[] }>('GET', `${path(runId)}/metrics/history`, { query: { key, maxPoints } });
    return res.buckets.map(decodeBucket);
  }

  /** Params side by side (with `differs`) and metric summaries of N runs. @example const { params } = await keel.runs.compare([a, b]); params.filter((p) => p.differs); */
  async compare(runIds: string[]): Promise<RunComparison> {
    return decodeComparison(await this.http.request<RunComparison>('POST', '/api/v1/runs/compare', { body: { runIds }, idempotent: true }));
  }

  /** Direct children of `path` (root when omitted). @example const { files } = await keel.runs.listArtifacts(runId, 'logs'); */
  listArtifacts(runId: string, path?: string): Promise<{ rootUri: string; files: ArtifactEntry[] }> {
    return this.http.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/artifacts`, { query: { path } });
  }

  /**
   * Stores bytes at `path` under the run's artifacts; streams are sent as they are read.
   * @example await keel.runs.uploadArtifact(runId, 'model/weights.json', JSON.stringify(weights));
   */
  uploadArtifact(runId: string, path: string, data: ArtifactData): Promise<ArtifactEntry> {
    return this.http.request('PUT', this.artifactPath(runId, path), { rawBody: toRawBody(data), timeoutMs: 0 });
  }

  /** The artifact's bytes as a fetch Response (stream `body`, or `await res.text()`). @example const text = await (await keel.runs.downloadArtifact(runId, 'logs/stdout.txt')).text(); */
  downloadArtifact(runId: string, path: string): Promise<Response> {
    return this.http.send('GET', this.artifactPath(runId, path), { timeoutMs: 0 });
  }

  /** An absolute URL of the artifact, for `<img src>` or a download link (same-origin auth only). @example img.src = keel.runs.artifactUrl(runId, 'plots/roc.png'); */
  artifactUrl(runId: string, path: string): string {
    return this.http.baseUrl + this.artifactPath(runId, path);
  }

  private artifactPath(runId: string, artifactPath: string): string {
    return `/api/v1/runs/${encodeURIComponent(runId)}/artifacts/${encodeArtifactPath(artifactPath)}`;
  }
}

/** JSON has no NaN/Infinity: they travel as the strings the API takes (the schema module is not imported: it would pull zod into browser bundles). */
function jsonMetricValue(v: WireNumber): WireNumber {
  if (typeof v !== 'number' || v - v === 0) return v;
  return v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

