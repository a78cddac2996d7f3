import { systemClock, type Clock } from '../../core/clock.js';
import { runPeriodically } from '../../core/periodic.js';
import { AppError } from '../../core/errors.js';
import type { KvStore } from '../../core/ports/kv-store.js';
import type { ModelRuntime, ModelSignature } from '../../core/ports/model-runtime.js';
import { parseInput } from '../../core/validation.js';
import type { Actor } from '../registry/index.js';
import { applyCanaryDecision, planDeployment, type ResolvedRef } from './deployment-plan.js';
import { InferencePipeline, type LiveDeployment } from './inference-pipeline.js';
import { ModelPool, type ModelSource, type VersionRef } from './model-pool.js';
import { parsePredictBody } from './predict-body.js';
import { PredictionCache } from './prediction-cache.js';
import { PredictionLogWriter } from './prediction-log-writer.js';
import { instancesToInputs, outputsToRows } from './processing-steps.js';
import {
  deploySpecSchema,
  feedbackBodySchema,
  type Arm,
  type Deployment,
  type DeploymentAuditAction,
  type DeploymentAuditEvent,
  type DeploymentConfig,
  type DeploymentStats,
  type InferRequest,
  type InferResult,
  type PredictResult,
} from './serving.schema.js';
import { noServingMetrics, type ServingMetrics } from './serving-metrics.js';
import type { ServingStore } from './serving.store.js';
import { createStrategy, twoProportionZTest, wilsonInterval, type Random, type StrategyDecision } from './strategies/index.js';

export interface ServingDeps {
  store: ServingStore;
  models: ModelSource;
  runtime: ModelRuntime;
  kv: KvStore;
  clock?: Clock;
  metrics?: ServingMetrics;
  /** Traffic splits and Thompson draws; seeded in tests. */
  random?: Random;
  onBackgroundError?: (err: unknown) => void;
}

const SYSTEM_ACTOR = 'keel';

/** The arm answering all (or most) traffic: where `fallback: previous` goes after the next deploy. */
function answeringArm(config: DeploymentConfig): Arm | undefined {
  if (config.strategy === 'blue-green') return config.arms.find((a) => a.name === (config.activeSlot ?? 'blue'));
  return [...config.arms].sort((a, b) => b.weight - a.weight)[0];
}

function refsOf(config: DeploymentConfig, fallback: Arm | undefined): VersionRef[] {
  const refs = config.arms.map((a) => ({ model: a.model, version: a.version }));
  if (fallback && config.settings.fallback.kind === 'previous') refs.push({ model: fallback.model, version: fallback.version });
  return refs;
}

/** Deployments and online inference: the use cases behind `/api/v1/deployments`, OIP `/v2` and the CLI. */
export class ServingService {
  readonly pool: ModelPool;
  private readonly pipeline: InferencePipeline;
  private readonly log: PredictionLogWriter;
  private readonly live = new Map<string, Promise<LiveDeployment>>();
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly onError: (err: unknown) => void;
  /** True once the stored deployments were loaded at start (OIP server readiness). */
  warmed = false;
  /** Canary decisions are stored one at a time per server. */
  private decisions: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ServingDeps) {
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.onError = deps.onBackgroundError ?? (() => undefined);
    const metrics = deps.metrics ?? noServingMetrics;
    this.pool = new ModelPool(deps.models, deps.runtime, metrics);
    this.log = new PredictionLogWriter(deps.store, { onError: (err) => this.onError(err) });
    this.pipeline = new InferencePipeline({
      pool: this.pool,
      cache: new PredictionCache(deps.kv),
      log: this.log,
      metrics,
      clock: this.clock,
      onDecision: (live, decision) => this.queueDecision(live, decision),
      onBackgroundError: (err) => this.onError(err),
    });
  }

  /* ---------- deployments ---------- */

  /** Creates the deployment or stores a new revision of it; every version it names is loaded and warmed first. */
  async deploy(name: string, input: unknown, actor: Actor): Promise<Deployment> {
    const spec = parseInput(deploySpecSchema, input);
    const model = await this.resolveRef(spec.model, 'model');
    const candidate = spec.candidate === undefined ? undefined : await this.resolveRef(spec.candidate, 'candidate');
    const current = await this.deps.store.getDeployment(name);
    const config = planDeployment(spec, model, candidate, current?.config);
    // Load before storing: a version that cannot load or warm up never takes traffic.
    await Promise.all(config.arms.map((a) => this.pool.acquire(a)));
    const now = this.clock.now();
    const details = { strategy: config.strategy, arms: config.arms.map((a) => `${a.name}=${a.model}@${a.version}`), model: spec.model, candidate: spec.candidate ?? null };
    const reason = spec.reason ?? null;
    let deployment: Deployment;
    if (current) {
      deployment = { ...current, revision: current.revision + 1, config, updatedAt: now };
      await this.deps.store.updateDeployment(deployment, current.revision, { action: 'deployment.updated', actor: actor.id, reason, at: now, details });
    } else {
      deployment = { name, revision: 1, config, createdBy: actor.id, createdAt: now, updatedAt: now };
      await this.deps.store.createDeployment(deployment, { action: 'deployment.created', actor: actor.id, reason, at: now, details });
    }
    await this.activate(deployment, current?.config);
    return deployment;
  }

  async get(name: string): Promise<Deployment> {
    const d = await this.deps.store.getDeployment(name);
    if (!d) throw AppError.notFound('deployment', name);
    return d;
  }

  list(): Promise<Deployment[]> {
    return this.deps.store.listDeployments();
  }

  async revisions(name: string): Promise<Deployment[]> {
    await this.get(name);
    return this.deps.store.listRevisions(name);
  }

  async audit(name: string): Promise<DeploymentAuditEvent[]> {
    return this.deps.store.listAudit(name);
  }

  /** Makes the previous revision's configuration current again, as a new revision (blue-green: the instant switch back). */
  async rollback(name: string, reason: string | undefined, actor: Actor): Promise<Deployment> {
    const current = await this.get(name);
    const previous = current.revision > 1 ? await this.deps.store.getRevision(name, current.revision - 1) : null;
    if (!previous) throw new AppError('FAILED_PRECONDITION', `deployment '${name}' has no earlier revision to roll back to`);
    return this.storeRevision(current, previous.config, 'deployment.rolled-back', actor.id, reason ?? null, { toRevision: previous.revision });
  }

  async delete(name: string, actor: Actor): Promise<void> {
    const removed = await this.deps.store.deleteDeployment(name, { action: 'deployment.deleted', actor: actor.id, reason: null, at: this.clock.now(), details: {} });
    if (!removed) throw AppError.notFound('deployment', name);
    this.live.delete(name);
    await this.pool.release(name);
  }

  /* ---------- inference ---------- */

  async infer(name: string, req: InferRequest): Promise<InferResult> {
    return this.pipeline.infer(await this.liveOf(name), req);
  }

  /** The tabular face: `{instances:[{column: value}]}` → one row per instance. */
  async predict(name: string, body: unknown, opts: { requestId: string; routingKey?: string | undefined }): Promise<PredictResult> {
    const parsed = parsePredictBody(body);
    const live = await this.liveOf(name);
    // Column order needs the signature of the arm that answers, so the choice is made here and pinned.
    const choice = live.strategy.choose(parsed.key ?? opts.routingKey);
    const model = await this.pool.acquire(choice.arm);
    const inputs = instancesToInputs(parsed, live.deployment.config.processing, model.signature);
    const result = await this.pipeline.infer(live, { inputs, requestId: opts.requestId, version: choice.arm.version, routingKey: parsed.key ?? opts.routingKey });
    return { requestId: result.requestId, model: result.model, version: result.version, arm: result.arm, predictions: outputsToRows(result.outputs) };
  }

  /** Ground truth and rewards for a served request; bandits learn from the reward at once. */
  async feedback(name: string, body: unknown): Promise<{ requestId: string; arm: string }> {
    const fb = parseInput(feedbackBodySchema, body);
    let prediction = await this.deps.store.getPrediction(fb.requestId);
    if (!prediction) {
      // The log is written in batches: a quick client may send feedback before its prediction is stored.
      await this.log.flush();
      prediction = await this.deps.store.getPrediction(fb.requestId);
    }
    if (!prediction || prediction.deployment !== name) throw AppError.notFound('prediction', fb.requestId);
    await this.deps.store.putFeedback({ requestId: fb.requestId, deployment: name, label: fb.label === undefined ? null : JSON.stringify(fb.label), reward: fb.reward ?? null, at: this.clock.now() });
    if (fb.reward !== undefined) (await this.liveOf(name).catch(() => undefined))?.strategy.reward?.(prediction.arm, fb.reward);
    return { requestId: fb.requestId, arm: prediction.arm };
  }

  async stats(name: string): Promise<DeploymentStats> {
    const live = await this.liveOf(name);
    const { config } = live.deployment;
    const outcomes = await this.deps.store.armOutcomes(name);
    const arms = config.arms.map((a) => {
      const c = live.counters.get(a.name) ?? { requests: 0, errors: 0 };
      const o = outcomes.find((x) => x.arm === a.name) ?? { trials: 0, successes: 0 };
      const ci = wilsonInterval(o.successes, o.trials);
      return { arm: a.name, model: a.model, version: a.version, weight: a.weight, requests: c.requests, errors: c.errors, trials: o.trials, successes: o.successes, rateLow: ci?.[0] ?? null, rateHigh: ci?.[1] ?? null };
    });
    const [a, b] = arms;
    return {
      name,
      strategy: config.strategy,
      arms,
      ...(config.strategy === 'ab' && a && b ? { significance: twoProportionZTest(a.successes, a.trials, b.successes, b.trials) } : {}),
      ...(config.strategy === 'shadow' ? { shadowAgreement: { ...live.shadow, rate: live.shadow.compared ? live.shadow.agreed / live.shadow.compared : null } } : {}),
      ...(config.strategy === 'canary' && config.canary ? { canary: { step: config.canaryStep ?? 0, weight: config.canary.steps[config.canaryStep ?? 0] ?? 100, state: 'progressing' as const } } : {}),
    };
  }

  /** What OIP's model metadata answers: the signature of the pinned version, or of the arm answering most traffic. */
  async describe(name: string, version?: number): Promise<{ name: string; versions: number[]; signature: ModelSignature; version: number }> {
    const live = await this.liveOf(name);
    const arms = live.deployment.config.arms;
    const arm = version === undefined ? answeringArm(live.deployment.config) : arms.find((a) => a.version === version);
    if (!arm) throw AppError.notFound('version', `${name}/versions/${version}`);
    const model = await this.pool.acquire(arm);
    return { name, versions: [...new Set(arms.map((a) => a.version))], signature: model.signature, version: arm.version };
  }

  async isReady(name: string, version?: number): Promise<boolean> {
    const d = await this.deps.store.getDeployment(name);
    if (!d) throw AppError.notFound('deployment', name);
    const arms = d.config.arms.filter((a) => version === undefined || a.version === version);
    if (arms.length === 0) throw AppError.notFound('version', `${name}/versions/${version}`);
    const ready = await Promise.all(arms.map((a) => this.pool.isReady(a)));
    return ready.every(Boolean);
  }

  /** Loads every stored deployment (on server start), so first requests do not pay for loading. */
  async warmAll(): Promise<void> {
    for (const d of await this.deps.store.listDeployments()) await this.liveOf(d.name).catch((err: unknown) => this.onError(err));
    this.warmed = true;
  }

  /** Resolves when queued canary decisions and buffered prediction rows are stored. */
  async settle(): Promise<void> {
    await this.decisions;
    await this.log.flush();
  }

  /**
   * Picks up what other servers stored since this one loaded its deployments: a new revision (a
   * redeploy, traffic shift, rollback or canary step made through another server) or a deletion.
   * Each server keeps its live deployments in memory, so without this a server would go on serving
   * the revision it loaded until restarted. Answers how many deployments changed here.
   */
  async syncWithStore(): Promise<number> {
    const stored = new Map((await this.deps.store.listDeployments()).map((d) => [d.name, d]));
    let changed = 0;
    for (const [name, pending] of [...this.live]) {
      const live = await pending.catch(() => undefined);
      // A failed load is dropped by liveOf; one replaced meanwhile is newer than this pass.
      if (!live || this.live.get(name) !== pending) continue;
      const d = stored.get(name);
      if (!d) {
        this.live.delete(name);
        await this.pool.release(name);
        changed++;
      } else if (d.revision > live.deployment.revision) {
        const previous = d.revision > 1 ? await this.deps.store.getRevision(name, d.revision - 1) : null;
        // Built before it is swapped in: requests keep the old revision while the new one's models load.
        const next = await this.build(d, previous?.config);
        if (this.live.get(name) !== pending) continue;
        this.live.set(name, Promise.resolve(next));
        changed++;
      }
    }
    return changed;
  }

  /** Runs syncWithStore every `intervalMs`; the returned function stops it. */
  startSync(intervalMs: number): () => void {
    return runPeriodically(intervalMs, () => this.syncWithStore(), this.onError);
  }

  async close(): Promise<void> {
    await this.settle();
    await this.pool.close();
  }

  /* ---------- internals ---------- */

  private async resolveRef(ref: string, field: string): Promise<ResolvedRef> {
    const at = ref.lastIndexOf('@');
    const model = ref.slice(0, at);
    const which = ref.slice(at + 1);
    const version = /^\d+$/.test(which) ? await this.deps.models.getVersion(model, Number(which)) : await this.deps.models.getVersionByAlias(model, which);
    if (!version) throw AppError.invalid(`${field}: '${ref}' names no model version`);
    return { model: version.name, version: version.version };
  }

  private liveOf(name: string): Promise<LiveDeployment> {
    let live = this.live.get(name);
    if (!live) {
      live = (async () => {
        const d = await this.deps.store.getDeployment(name);
        if (!d) throw AppError.notFound('deployment', name);
        const previous = d.revision > 1 ? await this.deps.store.getRevision(name, d.revision - 1) : null;
        return this.build(d, previous?.config);
      })();
      this.live.set(name, live);
      live.catch(() => this.live.delete(name));
    }
    return live;
  }

  private async build(deployment: Deployment, previous: DeploymentConfig | undefined): Promise<LiveDeployment> {
    const history = deployment.config.strategy === 'bandit' ? await this.deps.store.armOutcomes(deployment.name) : [];
    const strategy = createStrategy(deployment.config, { clock: this.clock, random: this.random, history });
    const prevArm = previous ? answeringArm(previous) : undefined;
    const fallbackArm = prevArm ? { ...prevArm, name: 'previous' } : undefined;
    await this.pool.retain(deployment.name, refsOf(deployment.config, fallbackArm));
    return { deployment, strategy, fallbackArm, counters: new Map(), shadow: { compared: 0, agreed: 0 } };
  }

  /** Swaps in a new revision; counters restart, since they describe one revision's traffic. */
  private async activate(deployment: Deployment, previous: DeploymentConfig | undefined): Promise<void> {
    const live = this.build(deployment, previous);
    this.live.set(deployment.name, live);
    await live;
  }

  private async storeRevision(current: Deployment, config: DeploymentConfig, action: DeploymentAuditAction, actor: string, reason: string | null, details: Record<string, unknown>): Promise<Deployment> {
    const now = this.clock.now();
    const next: Deployment = { ...current, revision: current.revision + 1, config, updatedAt: now };
    await this.deps.store.updateDeployment(next, current.revision, { action, actor, reason, at: now, details: { ...details, arms: config.arms.map((a) => `${a.name}=${a.model}@${a.version}`) } });
    await this.activate(next, current.config);
    return next;
  }

  private queueDecision(live: LiveDeployment, decision: StrategyDecision): void {
    this.decisions = this.decisions.then(async () => {
      const current = await this.deps.store.getDeployment(live.deployment.name);
      // Someone redeployed meanwhile: the decision was about a revision that no longer serves.
      if (!current || current.revision !== live.deployment.revision) return;
      const action: DeploymentAuditAction = decision.kind === 'step' ? 'canary.stepped' : decision.kind === 'promote' ? 'canary.promoted' : 'canary.rolled-back';
      const reason = decision.kind === 'rollback' ? decision.reason : null;
      await this.storeRevision(current, applyCanaryDecision(current.config, decision), action, SYSTEM_ACTOR, reason, { decision: decision.kind });
    }).catch((err: unknown) => this.onError(err));
  }
}
