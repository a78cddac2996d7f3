/**
 * The feature store's use cases: apply definitions (versioned, diffed), point-in-time
 * training data, materialization into the online store, pushes and online lookups.
 */
import type { z } from 'zod';
import { systemClock, type Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { KvStore } from '../../core/ports/kv-store.js';
import { parseInput } from '../../core/validation.js';
import { definitionsFromObjects, planApply } from './definitions-diff.js';
import { checkFeatureValue, checkKeyValue, parseTime } from './entity-keys.js';
import { durationMs, resolveFeatureRefs, serviceRefs } from './feature-definitions.js';
import {
  applyRequestSchema,
  FEATURE_OBJECT_KINDS,
  materializeRequestSchema,
  pushRequestSchema,
  type ApplyRequest,
  type ApplyResult,
  type Entity,
  type FeatureObjectKind,
  type FeatureRegistryView,
  type FeatureService,
  type FeatureSource,
  type FeatureView,
  type MaterializationRecord,
  type MaterializeRequest,
  type MaterializeResult,
  type PushRequest,
  type VersionedObject,
  type ViewFreshness,
} from './features.schema.js';
import type { DatasetResolver, EntityRowsInput, LocalDatasetFiles, FeatureRegistryStore, OfflineEngine, StoredObject, TrainingOutput, TrainingResult, ViewPlan } from './features.store.js';
import { lookupOnline, type OnlineLookupContext } from './online-lookup.js';
import { OnlineFeatureStore, type OnlineWrite } from './online-store.js';

/** Definitions are cached per process and re-read at most this often, so other servers' applies show up. */
const SNAPSHOT_MAX_AGE_MS = 5_000;
const MATERIALIZE_CHUNK = 1_000;

export interface FeaturesServiceDeps {
  store: FeatureRegistryStore;
  engine: OfflineEngine;
  kv: KvStore;
  datasets?: DatasetResolver | undefined;
  clock?: Clock;
}

export interface Snapshot extends OnlineLookupContext {
  loadedAt: number;
  objects: StoredObject[];
  sources: Map<string, FeatureSource>;
}

export interface MaterializeProgress {
  view: string;
  done: number;
  total: number;
}

export interface TrainingInput {
  entities: EntityRowsInput;
  timestampColumn?: string;
  features?: string[] | undefined;
  service?: string | undefined;
  out: TrainingOutput;
}

export class FeaturesService {
  readonly online: OnlineFeatureStore;
  private readonly clock: Clock;
  private cached: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  /** Bumped by each apply, so a load that started before it cannot cache the old definitions. */
  private generation = 0;

  constructor(private readonly deps: FeaturesServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.online = new OnlineFeatureStore(deps.kv);
  }

  /** Diff of the request against the stored definitions; applied unless `dryRun`. */
  async apply(input: ApplyRequest): Promise<ApplyResult> {
    const req = parseInput(applyRequestSchema, input, 'body');
    // Checked after merging with the stored objects (in planApply): a partial apply may name existing ones.
    const [current, latest] = await Promise.all([this.deps.store.listCurrent(), this.deps.store.latestVersions()]);
    const plan = planApply(current, req.definitions, { prune: req.prune, now: this.clock.now(), latest });
    if (this.deps.datasets) {
      for (const [i, s] of plan.next.sources.entries()) if (s.kind === 'dataset') await this.checkDataset(s, `definitions.sources.${i}`);
    }
    if (req.dryRun || plan.changes.length === 0) return { applied: false, changes: plan.changes };
    await this.deps.store.appendVersions(plan.versions);
    for (const change of plan.changes) if (change.kind === 'view' && change.action === 'delete') await this.online.clearView(change.name);
    this.cached = undefined;
    this.loading = undefined;
    this.generation++;
    return { applied: true, changes: plan.changes };
  }

  async registry(): Promise<FeatureRegistryView> {
    const objects = await this.deps.store.listCurrent();
    const of = <T>(kind: FeatureObjectKind): VersionedObject<T>[] => objects.filter((o) => o.kind === kind).map((o) => ({ version: o.version, createdAt: o.createdAt, spec: o.spec as T }));
    return { entities: of<Entity>('entity'), sources: of<FeatureSource>('source'), views: of<FeatureView>('view'), services: of<FeatureService>('service') };
  }

  async history(kind: string, name: string): Promise<VersionedObject<unknown>[]> {
    if (!(FEATURE_OBJECT_KINDS as readonly string[]).includes(kind)) throw AppError.invalid(`kind: must be one of ${FEATURE_OBJECT_KINDS.join(', ')}`, [{ path: 'kind', message: 'unknown kind' }]);
    const versions = await this.deps.store.history(kind as FeatureObjectKind, name);
    if (versions.length === 0) throw AppError.notFound(`feature ${kind}`, name);
    return versions;
  }

  /** Feast-shaped online values for the entities; all views in one read of the online store. */
  async getOnlineFeatures(request: unknown): Promise<ReturnType<typeof lookupOnline>> {
    return lookupOnline(await this.snapshot(), this.online, request, this.clock.now());
  }

  /** Writes rows straight into the online store (streaming updates); older rows than stored are skipped. */
  async push(input: PushRequest): Promise<{ rows: number; written: number }> {
    const req = parseInput(pushRequestSchema, input, 'body');
    const snap = await this.snapshot();
    const view = snap.views.get(req.view);
    if (!view) throw new AppError('NOT_FOUND', `view: unknown feature view '${req.view}'`, { details: { resource: 'feature view', id: req.view, fields: [{ path: 'view', message: 'unknown feature view' }] } });
    const entity = snap.entities.get(view.entity) as Entity;
    const source = snap.sources.get(view.source) as FeatureSource;
    const known = new Set([...entity.joinKeys.map((k) => k.name), source.timestampField, ...(source.createdTimestampField ? [source.createdTimestampField] : []), ...view.features.map((f) => f.name)]);
    const writes: OnlineWrite[] = req.rows.map((row, i) => {
      for (const col of Object.keys(row)) if (!known.has(col)) throw AppError.invalid(`rows.${i}.${col}: not a join key, timestamp or feature of view '${view.name}'`, [{ path: `rows.${i}.${col}`, message: 'unknown column' }]);
      const key = entity.joinKeys.map((k) => checkKeyValue(row[k.name], k.type, `rows.${i}.${k.name}`));
      const t = parseTime(row[source.timestampField], `rows.${i}.${source.timestampField}`);
      const createdRaw = source.createdTimestampField ? row[source.createdTimestampField] : undefined;
      const c = createdRaw === undefined || createdRaw === null ? null : parseTime(createdRaw, `rows.${i}.${source.createdTimestampField ?? ''}`);
      const v = Object.fromEntries(view.features.map((f) => [f.name, checkFeatureValue(row[f.name], f.type, `rows.${i}.${f.name}`)]));
      return { key, entry: { t, c, v } };
    });
    return { rows: writes.length, written: await this.online.writeNewer(view.name, writes) };
  }

  /** Newest values per entity with event time in the interval, into the online store, per view; records each interval. */
  async materialize(input: MaterializeRequest, onProgress?: (p: MaterializeProgress) => void): Promise<MaterializeResult> {
    const { req, views: names, snap } = await this.checkMaterialize(input);
    const now = this.clock.now();
    const end = req.end === undefined ? now : parseTime(req.end, 'end');
    const until = await this.deps.store.materializedUntil();
    const records: MaterializationRecord[] = [];
    for (const name of names) {
      const view = snap.views.get(name) as FeatureView;
      const start = req.incremental ? (until.get(name) ?? 0) : req.start === undefined ? 0 : parseTime(req.start, 'start');
      if (start > end) throw AppError.invalid(`start: ${new Date(start).toISOString()} is after end ${new Date(end).toISOString()}`, [{ path: 'start', message: 'after end' }]);
      const release: (() => Promise<void>)[] = [];
      let rows = 0;
      let written = 0;
      try {
        const plan = await this.viewPlan(snap, view, view.features.map((f) => f.name), (f) => f, release);
        const total = await this.deps.engine.countEntities(plan, start, end);
        onProgress?.({ view: name, done: 0, total });
        for await (const chunk of this.deps.engine.latest(plan, start, end, MATERIALIZE_CHUNK)) {
          const writes = chunk.map((r) => ({ key: r.key, entry: { t: r.eventTime, c: r.createdTime, v: Object.fromEntries(plan.features.map((f, i) => [f.name, r.values[i] ?? null])) } }));
          written += await this.online.writeNewer(name, writes);
          rows += chunk.length;
          onProgress?.({ view: name, done: rows, total });
        }
      } finally {
        for (const r of release) await r();
      }
      const record = { view: name, start, end, rows, written, at: this.clock.now() };
      await this.deps.store.recordMaterialization(record);
      records.push(record);
    }
    return { views: records };
  }

  /** What a materialization would refuse, checked without writing anything: the parsed request and the views it covers. */
  async checkMaterialize(input: MaterializeRequest): Promise<{ req: z.output<typeof materializeRequestSchema>; views: string[]; snap: Snapshot }> {
    const req = parseInput(materializeRequestSchema, input, 'body');
    const snap = await this.snapshot();
    const names = req.views ?? [...snap.views.keys()];
    names.forEach((n, i) => {
      if (!snap.views.has(n)) throw new AppError('NOT_FOUND', `views.${i}: unknown feature view '${n}'`, { details: { resource: 'feature view', id: n, fields: [{ path: `views.${i}`, message: 'unknown feature view' }] } });
    });
    if (req.incremental && req.start !== undefined) throw AppError.invalid('start: give either start or incremental, not both', [{ path: 'start', message: 'conflicts with incremental' }]);
    const end = req.end === undefined ? this.clock.now() : parseTime(req.end, 'end');
    const start = req.start === undefined ? 0 : parseTime(req.start, 'start');
    if (start > end) throw AppError.invalid(`start: ${new Date(start).toISOString()} is after end ${new Date(end).toISOString()}`, [{ path: 'start', message: 'after end' }]);
    return { req, views: names, snap };
  }

  /** Point-in-time correct training data: per entity row, each feature's newest value at or before the row's time, within TTL. */
  async getTrainingFeatures(input: TrainingInput): Promise<TrainingResult> {
    const snap = await this.snapshot();
    const refs = input.service !== undefined ? serviceRefs(snap.services, input.service) : input.features;
    if (!refs || (input.features !== undefined) === (input.service !== undefined)) throw AppError.invalid('features: give exactly one of features or service', [{ path: 'features', message: 'give exactly one of features or service' }]);
    const grouped = resolveFeatureRefs(refs, snap.views, input.service !== undefined ? `service ${input.service}.features` : 'features');
    const plans: ViewPlan[] = [];
    const release: (() => Promise<void>)[] = [];
    const timestampColumn = input.timestampColumn ?? 'event_timestamp';
    let entities = input.entities;
    if (entities.kind === 'rows') {
      // Epoch milliseconds are read as numbers by DuckDB; ISO text casts to a timestamp.
      entities = { kind: 'rows', rows: entities.rows.map((r, i) => ({ ...r, [timestampColumn]: new Date(parseTime(r[timestampColumn], `entities.${i}.${timestampColumn}`)).toISOString() })) };
    }
    try {
      for (const { view, features } of grouped.values()) plans.push(await this.viewPlan(snap, view, features, (f) => `${view.name}__${f}`, release));
      return await this.deps.engine.training(entities, timestampColumn, plans, input.out);
    } finally {
      for (const r of release) await r();
    }
  }

  async freshness(): Promise<ViewFreshness[]> {
    const snap = await this.snapshot();
    const names = [...snap.views.keys()];
    const [events, mats] = await Promise.all([this.online.lastEventTimes(names), this.deps.store.lastMaterializations()]);
    const lastMat = new Map(mats.map((m) => [m.view, m]));
    const now = this.clock.now();
    return names.map((name) => {
      const view = snap.views.get(name) as FeatureView;
      const lastEventAt = events.get(name) ?? null;
      const ageSeconds = lastEventAt === null ? null : Math.max(0, (now - lastEventAt) / 1_000);
      const expectationSeconds = view.freshness === undefined ? null : durationMs(view.freshness) / 1_000;
      const status = ageSeconds === null ? 'never' : expectationSeconds === null ? 'no_expectation' : ageSeconds <= expectationSeconds ? 'fresh' : 'stale';
      return { view: name, lastEventAt, ageSeconds, expectationSeconds, status, lastMaterialization: lastMat.get(name) ?? null };
    });
  }

  /** The current definitions, cached; a stale cache is refreshed in the background while requests keep using it. */
  async snapshot(): Promise<Snapshot> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.loadedAt < SNAPSHOT_MAX_AGE_MS) return this.cached;
    if (!this.loading) {
      const loading = this.load().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    if (this.cached) {
      this.loading.catch(() => undefined);
      return this.cached;
    }
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const generation = this.generation;
    const objects = await this.deps.store.listCurrent();
    const defs = definitionsFromObjects(objects);
    const snap: Snapshot = {
      loadedAt: this.clock.now(),
      objects,
      entities: new Map(defs.entities.map((e) => [e.name, e])),
      sources: new Map(defs.sources.map((s) => [s.name, s])),
      views: new Map(defs.views.map((v) => [v.name, v])),
      services: new Map(defs.services.map((s) => [s.name, s])),
      ttlMs: new Map(defs.views.map((v) => [v.name, durationMs(v.ttl)])),
      plans: new Map(),
    };
    if (generation === this.generation) this.cached = snap;
    return snap;
  }

  /** `release` collects what must be closed once the engine is done (dataset copies). */
  private async viewPlan(snap: Snapshot, view: FeatureView, features: readonly string[], column: (feature: string) => string, release: (() => Promise<void>)[]): Promise<ViewPlan> {
    const entity = snap.entities.get(view.entity) as Entity;
    const source = snap.sources.get(view.source) as FeatureSource;
    let relation: ViewPlan['source'];
    if (source.kind === 'file') relation = { kind: 'file', paths: [source.path], format: source.format ?? (/\.(parquet|pq)$/i.test(source.path) ? 'parquet' : 'csv') };
    else if (source.kind === 'postgres') relation = { kind: 'postgres', table: source.table };
    else {
      const files = await this.openDataset(source, `source ${source.name}`);
      release.push(() => files.close());
      relation = { kind: 'file', paths: files.paths, format: files.format };
    }
    return {
      name: view.name,
      source: relation,
      transformation: view.transformation,
      joinKeys: entity.joinKeys,
      timestampField: source.timestampField,
      createdTimestampField: source.createdTimestampField,
      features: features.map((name) => ({ name, type: (view.features.find((f) => f.name === name) as { type: ViewPlan['features'][number]['type'] }).type, column: column(name) })),
      ttlMs: durationMs(view.ttl),
    };
  }

  private async checkDataset(source: Extract<FeatureSource, { kind: 'dataset' }>, path: string): Promise<void> {
    const ref = `${source.dataset}${source.version ? `@${source.version}` : ''}`;
    if (!this.deps.datasets) return;
    try {
      await this.deps.datasets.exists(source.dataset, source.version);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_ARGUMENT')) throw new AppError('NOT_FOUND', `${path}: unknown dataset version ${ref}`, { details: { resource: 'dataset version', id: ref, fields: [{ path, message: `unknown dataset version ${ref}` }] }, cause: err });
      throw err;
    }
  }

  private async openDataset(source: Extract<FeatureSource, { kind: 'dataset' }>, path: string): Promise<LocalDatasetFiles> {
    const ref = `${source.dataset}${source.version ? `@${source.version}` : ''}`;
    if (!this.deps.datasets) throw new AppError('FAILED_PRECONDITION', `${path}: dataset sources need the data domain, which this server does not run (dataset ${ref})`);
    try {
      return await this.deps.datasets.open(source.dataset, source.version);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_ARGUMENT')) throw new AppError('NOT_FOUND', `${path}: unknown dataset version ${ref}`, { details: { resource: 'dataset version', id: ref, fields: [{ path, message: `unknown dataset version ${ref}` }] }, cause: err });
      throw err;
    }
  }
}
