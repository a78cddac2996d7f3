import type { BatchJob, BatchJobSpec, BatchJobStatus } from '../../domains/serving/serving.schema.js';
import { pause } from '../pause.js';
import type { HttpTransport, RawBody } from '../transport.js';

const base = '/api/v1/batch-jobs';
const TYPES = { csv: 'text/csv', parquet: 'application/vnd.apache.parquet', jsonl: 'application/x-ndjson' } as const;

export interface BatchWaitOptions {
  /** Called with each status read, the last one included. */
  onProgress?: (status: BatchJobStatus) => void;
  /** Between two reads. Default 1000 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Batch inference jobs: upload an input file, start a job over it, follow its progress, download the results. */
export class BatchApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Stores an input file (CSV, Parquet or JSON lines; a stream is sent as it is read) and answers its sha256.
   * @example const { sha256 } = await keel.batch.uploadInput(await readFile('rows.csv'), 'csv');
   */
  uploadInput(data: RawBody, format: keyof typeof TYPES = 'csv'): Promise<{ sha256: string; size: number }> {
    return this.http.request('PUT', `${base}/inputs`, { rawBody: data, contentType: TYPES[format], timeoutMs: 0 });
  }

  /**
   * Starts a job over an uploaded file (`input.sha256`) or a path the workers can read; answers at once, queued.
   * @example const job = await keel.batch.submit({ target: 'churn', input: { sha256, format: 'csv' }, output: { format: 'jsonl' } });
   */
  submit(spec: BatchJobSpec): Promise<BatchJob> {
    return this.http.request('POST', base, { body: spec, timeoutMs: 0 });
  }

  /** State, progress (rows, rows/s, ETA) and, once completed, the summary. @example const { progress } = await keel.batch.status(job.id); */
  status(id: string): Promise<BatchJobStatus> {
    return this.http.request('GET', `${base}/${encodeURIComponent(id)}`);
  }

  /** The newest jobs, with their progress. @example const jobs = await keel.batch.list({ deployment: 'churn', limit: 10 }); */
  async list(query: { deployment?: string; limit?: number } = {}): Promise<BatchJobStatus[]> {
    return (await this.http.request<{ jobs: BatchJobStatus[] }>('GET', base, { query })).jobs;
  }

  /**
   * The predictions (`output`, in the job's output format) or the failed rows with their reasons
   * (`failed`, JSON lines) of a completed job, as a fetch Response (stream `body`, or `await res.text()`).
   * @example const rows = (await (await keel.batch.download(job.id)).text()).trim().split('\n');
   */
  download(id: string, which: 'output' | 'failed' = 'output'): Promise<Response> {
    return this.http.send('GET', `${base}/${encodeURIComponent(id)}/${which}`, { timeoutMs: 0 });
  }

  /**
   * Reads the status until the job is completed or failed, and answers that last status (check its `state`).
   * @example const done = await keel.batch.wait(job.id, { onProgress: (s) => console.log(s.progress.rows, '/', s.totalRows) });
   */
  async wait(id: string, opts: BatchWaitOptions = {}): Promise<BatchJobStatus> {
    const intervalMs = opts.intervalMs ?? 1_000;
    for (;;) {
      const status = await this.http.request<BatchJobStatus>('GET', `${base}/${encodeURIComponent(id)}`, opts.signal ? { signal: opts.signal } : {});
      opts.onProgress?.(status);
      if (status.state === 'completed' || status.state === 'failed') return status;
      await pause(intervalMs, opts.signal);
    }
  }
}
