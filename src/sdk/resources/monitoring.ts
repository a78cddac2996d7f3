import type { DatasetRef, DriftOptions, DriftReport, DriftRequest, DriftTestChoice, UploadedDataset } from '../../domains/monitoring/monitoring.schema.js';
import type { HttpTransport, RawBody } from '../transport.js';

/** A dataset for a drift call: stored (`{sha256}`), inline (`{rows}`), or bytes to upload first (`{data}`). */
export type DriftDataset = DatasetRef | { data: RawBody; format?: 'csv' | 'parquet' | 'jsonl' };

export interface DriftInput {
  reference: DriftDataset;
  current: DriftDataset;
  columns?: string[];
  test?: DriftTestChoice;
  options?: DriftOptions;
}

export class MonitoringApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Uploads a dataset file (CSV, Parquet or JSON lines) once, to reference by sha256 in later drift calls.
   * @example const ref = await keel.monitoring.uploadDataset(await readFile('train.parquet'));
   */
  uploadDataset(data: RawBody): Promise<UploadedDataset> {
    return this.http.request('POST', '/api/v1/monitoring/datasets', { rawBody: data, timeoutMs: 0 });
  }

  /**
   * Data drift report: per-column test, statistic, p-value, threshold, drifted flag and PSI, and dataset drift.
   * @example
   * const report = await keel.monitoring.drift({ reference: { data: await readFile('ref.csv') }, current: { rows: recentRows } });
   * if (report.dataset_drift) console.log(report.drift_share);
   */
  async drift(input: DriftInput): Promise<DriftReport> {
    return this.http.request('POST', '/api/v1/monitoring/drift', { body: await this.request(input), idempotent: true, timeoutMs: 0 });
  }

  /** The same report as a self-contained HTML page. @example await writeFile('drift.html', await keel.monitoring.driftHtml(input)); */
  async driftHtml(input: DriftInput): Promise<string> {
    return this.http.request('POST', '/api/v1/monitoring/drift', { body: await this.request(input), query: { format: 'html' }, idempotent: true, timeoutMs: 0 });
  }

  private async request(input: DriftInput): Promise<DriftRequest> {
    const [reference, current] = await Promise.all([this.resolve(input.reference), this.resolve(input.current)]);
    return { reference, current, ...(input.columns ? { columns: input.columns } : {}), ...(input.test ? { test: input.test } : {}), ...(input.options ? { options: input.options } : {}) };
  }

  private async resolve(dataset: DriftDataset): Promise<DatasetRef> {
    if (!('data' in dataset)) return dataset;
    const { sha256 } = await this.uploadDataset(dataset.data);
    return dataset.format ? { sha256, format: dataset.format } : { sha256 };
  }
}
