import type {
  ApplyResult,
  FeatureDefinitionsInput,
  FeatureObjectKind,
  FeatureRegistryView,
  FeatureValue,
  MaterializationRun,
  MaterializeRequest,
  MaterializeResult,
  OnlineRequest,
  OnlineResponse,
  PushRequest,
  TrainingRequest,
  VersionedObject,
  ViewFreshness,
} from '../../domains/features/features.schema.js';
import { pause } from '../pause.js';
import type { HttpTransport } from '../transport.js';

const runs = '/api/v1/features/materializations';

export interface MaterializationWaitOptions {
  /** Called with each run read (per-view `progress`), the last one included. */
  onProgress?: (run: MaterializationRun) => void;
  /** Between two reads. Default 1000 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Feature definitions as TypeScript objects: the same shape as a JSON/YAML file, checked by the compiler.
 * @example
 * const defs = defineFeatures({ entities: [{ name: 'driver', joinKeys: [{ name: 'driver_id', type: 'int64' }] }], sources: [...], views: [...] });
 * await keel.features.apply(defs);
 */
export function defineFeatures(definitions: FeatureDefinitionsInput): FeatureDefinitionsInput {
  return definitions;
}

export class FeaturesApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Applies definitions and answers the diff; `dryRun` only computes it, `prune` deletes objects left out.
   * @example const { changes } = await keel.features.apply(defs, { dryRun: true });
   */
  apply(definitions: FeatureDefinitionsInput, opts: { dryRun?: boolean; prune?: boolean } = {}): Promise<ApplyResult> {
    return this.http.request('POST', '/api/v1/features/apply', { body: { definitions, ...opts } });
  }

  /** Current entities, sources, views and services with their versions. @example const { views } = await keel.features.registry(); */
  registry(): Promise<FeatureRegistryView> {
    return this.http.request('GET', '/api/v1/features/registry');
  }

  /** Every version of one object. @example await keel.features.history('view', 'driver_stats'); */
  history(kind: FeatureObjectKind, name: string): Promise<VersionedObject<unknown>[]> {
    return this.http.request('GET', `/api/v1/features/${kind}/${encodeURIComponent(name)}/history`);
  }

  /**
   * Online values for entity keys, Feast-shaped (results per column, with statuses and event timestamps).
   * @example const res = await keel.features.online({ service: 'driver_model', entities: { driver_id: [1, 2] } });
   */
  online(request: OnlineRequest): Promise<OnlineResponse> {
    return this.http.request('POST', '/api/v1/features/online', { body: request, idempotent: true });
  }

  /** Writes rows of one view into the online store. @example await keel.features.push({ view: 'driver_stats', rows: [{ driver_id: 1, event_timestamp: new Date().toISOString(), trips: 3 }] }); */
  push(request: PushRequest): Promise<{ rows: number; written: number }> {
    return this.http.request('POST', '/api/v1/features/push', { body: request });
  }

  /** Materializes views into the online store. @example await keel.features.materialize({ incremental: true }); */
  materialize(request: MaterializeRequest = {}): Promise<MaterializeResult> {
    return this.http.request('POST', '/api/v1/features/materialize', { body: request, timeoutMs: 0 });
  }

  /**
   * Queues a materialization (same request as `materialize`, checked before anything is queued) and answers at once.
   * @example const run = await keel.features.startMaterialization({ incremental: true });
   */
  startMaterialization(request: MaterializeRequest = {}): Promise<MaterializationRun> {
    return this.http.request('POST', runs, { body: request });
  }

  /** One run: state, per-view progress, and the records or the error. @example const { state, progress } = await keel.features.materialization(run.id); */
  materialization(id: string): Promise<MaterializationRun> {
    return this.http.request('GET', `${runs}/${encodeURIComponent(id)}`);
  }

  /** Recent runs, newest first. @example const recent = await keel.features.materializations({ limit: 5 }); */
  async materializations(query: { limit?: number } = {}): Promise<MaterializationRun[]> {
    return (await this.http.request<{ runs: MaterializationRun[] }>('GET', runs, { query })).runs;
  }

  /**
   * Reads the run until it is completed or failed, and answers that last read (check its `state`).
   * @example const done = await keel.features.waitForMaterialization(run.id, { onProgress: (r) => console.log(r.progress) });
   */
  async waitForMaterialization(id: string, opts: MaterializationWaitOptions = {}): Promise<MaterializationRun> {
    const intervalMs = opts.intervalMs ?? 1_000;
    for (;;) {
      const run = await this.http.request<MaterializationRun>('GET', `${runs}/${encodeURIComponent(id)}`, opts.signal ? { signal: opts.signal } : {});
      opts.onProgress?.(run);
      if (run.state === 'completed' || run.state === 'failed') return run;
      await pause(intervalMs, opts.signal);
    }
  }

  /**
   * Point-in-time correct training rows for inline entity rows (`event_timestamp` by default).
   * @example const { rows } = await keel.features.training({ service: 'driver_model', entities: [{ driver_id: 1, event_timestamp: '2024-01-02T00:00:00Z' }] });
   */
  training(request: TrainingRequest): Promise<{ columns: string[]; rows: Record<string, FeatureValue>[] }> {
    return this.http.request('POST', '/api/v1/features/training', { body: request, idempotent: true, timeoutMs: 0 });
  }

  /** Freshness per view. @example (await keel.features.freshness()).filter((f) => f.status === 'stale'); */
  freshness(): Promise<ViewFreshness[]> {
    return this.http.request('GET', '/api/v1/features/freshness');
  }
}
