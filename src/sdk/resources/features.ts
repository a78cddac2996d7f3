import type {
  ApplyResult,
  FeatureDefinitionsInput,
  FeatureObjectKind,
  FeatureRegistryView,
  FeatureValue,
  MaterializeRequest,
  MaterializeResult,
  OnlineRequest,
  OnlineResponse,
  PushRequest,
  TrainingRequest,
  VersionedObject,
  ViewFreshness,
} from '../../domains/features/features.schema.js';
import type { HttpTransport } from '../transport.js';

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
