import type { GpuEstimate, GpuEstimateRequest } from '../../domains/training/gpu-sizing.schema.js';
import type { TabularTrainingReport, TrainTabularRequest } from '../../domains/training/tabular-training.schema.js';
import type { RunLogLine, SubmitTrainingJobInput, TrainingJob, TrainingJobState, TrainingWorkerInfo } from '../../domains/training/training-job.schema.js';
import type { HttpTransport, RawBody } from '../transport.js';

const FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

/** Training jobs, live run logs, the built-in tabular trainers and GPU sizing. */
export class TrainingApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Queues a command as a training job; a training worker runs it as a tracked run.
   * @example const job = await keel.training.submitJob({ name: 'bert', command: ['python', 'train.py', '--lr', '{lr}'], params: { lr: '3e-5' }, gpus: 1, retries: 2 });
   */
  submitJob(input: SubmitTrainingJobInput): Promise<TrainingJob> {
    return this.http.request('POST', '/api/v1/training/jobs', { body: input });
  }

  /** Newest first. @example const { jobs } = await keel.training.listJobs({ state: 'running' }); */
  listJobs(opts: { state?: TrainingJobState; limit?: number } = {}): Promise<{ jobs: TrainingJob[] }> {
    return this.http.request('GET', '/api/v1/training/jobs', { query: opts });
  }

  /** @example const job = await keel.training.getJob(id); console.log(job.state, job.attempt); */
  getJob(id: string): Promise<TrainingJob> {
    return this.http.request('GET', `/api/v1/training/jobs/${encodeURIComponent(id)}`);
  }

  /** A queued job is cancelled at once; a running one is killed by its worker within a heartbeat. @example await keel.training.cancelJob(id); */
  cancelJob(id: string): Promise<TrainingJob> {
    return this.http.request('POST', `/api/v1/training/jobs/${encodeURIComponent(id)}/cancel`);
  }

  /** Workers seen lately with their CPUs, memory, GPUs and running jobs. @example const { workers } = await keel.training.workers(); */
  workers(): Promise<{ workers: TrainingWorkerInfo[] }> {
    return this.http.request('GET', '/api/v1/training/workers');
  }

  /** A run's log lines after `after` (a sequence number). @example const { lines, next } = await keel.training.logs(runId, { after: 0 }); */
  logs(runId: string, opts: { after?: number; limit?: number } = {}): Promise<{ lines: RunLogLine[]; next: number }> {
    return this.http.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/logs`, { query: opts });
  }

  /**
   * Yields a run's log lines as they are written, until `until()` says the run is over (and the last lines are read) or `signal` aborts.
   * @example for await (const line of keel.training.followLogs(job.runId, { until: async () => (await keel.training.getJob(job.id)).state === 'succeeded' })) console.log(line.text);
   */
  async *followLogs(runId: string, opts: { until: () => Promise<boolean>; intervalMs?: number; signal?: AbortSignal }): AsyncGenerator<RunLogLine> {
    let after = 0;
    for (;;) {
      const done = await opts.until();
      for (;;) {
        const page = await this.logs(runId, { after, limit: 1000 });
        for (const line of page.lines) yield line;
        after = page.next;
        if (page.lines.length < 1000) break;
      }
      if (done || opts.signal?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 500));
    }
  }

  /** Resolves when the job is succeeded, failed or cancelled. @example const done = await keel.training.waitForJob(job.id); */
  async waitForJob(id: string, opts: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<TrainingJob> {
    for (;;) {
      const job = await this.getJob(id);
      if (FINAL.has(job.state) || opts.signal?.aborted) return job;
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 500));
    }
  }

  /**
   * Trains a built-in tabular model on the server as a tracked run and exports it to ONNX. `data` (file bytes) is uploaded first.
   * @example const report = await keel.training.trainTabular({ data: await readFile('penguins.csv'), target: 'species', model: 'gbdt', register: 'penguins' });
   */
  async trainTabular(input: Omit<TrainTabularRequest, 'dataset'> & ({ dataset: TrainTabularRequest['dataset'] } | { data: RawBody; format?: 'csv' | 'parquet' | 'jsonl'; datasetName?: string })): Promise<TabularTrainingReport> {
    let request: TrainTabularRequest;
    if ('data' in input) {
      const { data, format, datasetName, ...rest } = input;
      const { sha256 } = await this.http.request<{ sha256: string }>('POST', '/api/v1/monitoring/datasets', { rawBody: data, timeoutMs: 0 });
      request = { ...rest, dataset: { sha256, ...(format ? { format } : {}), ...(datasetName ? { name: datasetName } : {}) } };
    } else request = input;
    return this.http.request('POST', '/api/v1/training/tabular', { body: request, timeoutMs: 0 });
  }

  /**
   * GPU memory for a model: breakdown, which GPUs fit and how many, cost per hour.
   * @example const e = await keel.training.estimateGpu({ params: 7e9, precision: 'fp16', batch: 32, seq: 4096, layers: 32, kvHeads: 8, headDim: 128 });
   */
  estimateGpu(input: GpuEstimateRequest): Promise<GpuEstimate> {
    return this.http.request('POST', '/api/v1/gpu/estimate', { body: input, idempotent: true });
  }

  /** The GPUs sizing compares against, with memory and list prices. @example const { gpus } = await keel.training.gpuCatalog(); */
  gpuCatalog(): Promise<{ gpus: { name: string; memoryGiB: number; pricePerHour: number }[] }> {
    return this.http.request('GET', '/api/v1/gpu/catalog');
  }
}
