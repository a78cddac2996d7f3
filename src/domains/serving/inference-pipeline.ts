import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { TensorValue } from '../../core/ports/model-runtime.js';
import type { ModelPool, PooledModel } from './model-pool.js';
import type { PredictionCache } from './prediction-cache.js';
import type { PredictionLogWriter } from './prediction-log-writer.js';
import { applyScaling, postprocess } from './processing-steps.js';
import type { Arm, Deployment, InferRequest, InferResult } from './serving.schema.js';
import type { ArmLabels, RequestOutcome, ServingMetrics } from './serving-metrics.js';
import { validateInputs } from './signature-validation.js';
import { outputsAgree, type StrategyDecision, type TrafficStrategy } from './strategies/index.js';
import { firstNonFinite } from './tensor-batch.js';

type Tensors = Record<string, TensorValue>;

/** One deployment as it serves: its revision, strategy object and live counters. */
export interface LiveDeployment {
  deployment: Deployment;
  strategy: TrafficStrategy;
  /** The previous revision's answering arm, for `fallback: previous`. */
  fallbackArm: Arm | undefined;
  counters: Map<string, { requests: number; errors: number }>;
  shadow: { compared: number; agreed: number };
}

export interface PipelineDeps {
  pool: ModelPool;
  cache: PredictionCache;
  log: PredictionLogWriter;
  metrics: ServingMetrics;
  clock: Clock;
  onDecision(live: LiveDeployment, decision: StrategyDecision): void;
  onBackgroundError(err: unknown): void;
}

/** A failure of the model itself (not of the request): counted as an error, answered by the fallback. */
class ModelFailure extends AppError {
  constructor(arm: Arm, message: string, cause?: unknown) {
    super('UPSTREAM_ERROR', `model ${arm.model}@${arm.version} failed: ${message}`, { cause, details: { model: arm.model, version: arm.version, arm: arm.name } });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, arm: Arm): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ModelFailure(arm, `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The request path of the seed's ModelServer: route → validate → cache → preprocess →
 * predict (batched or not, with a timeout) → postprocess → log → fallback on failure.
 * Nothing after the answer (log, cache write, shadow copy, canary decision) is awaited.
 */
export class InferencePipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async infer(live: LiveDeployment, req: InferRequest): Promise<InferResult> {
    const started = performance.now();
    const { deployment } = live;
    const choice = req.version === undefined ? live.strategy.choose(req.routingKey ?? req.header?.(deployment.config.abKeyHeader ?? 'x-user-id')) : { arm: this.pinnedArm(live, req.version) };
    const arm = choice.arm;
    const labels: ArmLabels = { deployment: deployment.name, model: arm.model, version: arm.version, arm: arm.name };
    const model = await this.deps.pool.acquire(arm);
    try {
      validateInputs(model.signature, req.inputs);
    } catch (err) {
      this.deps.metrics.request(labels, 'invalid', performance.now() - started, false);
      throw err;
    }
    const settings = deployment.config.settings;
    const cacheKey = settings.cacheTtlSec > 0 ? this.deps.cache.key(arm.model, arm.version, req.inputs) : undefined;
    let raw: Tensors | undefined = cacheKey ? await this.deps.cache.get(cacheKey).catch(() => undefined) : undefined;
    const cached = raw !== undefined;
    let outcome: RequestOutcome = 'ok';
    let answeredBy = arm;
    let failure: AppError | undefined;
    if (!raw) {
      try {
        raw = await this.predict(live, model, arm, req.inputs);
        if (cacheKey) this.deps.cache.set(cacheKey, raw, settings.cacheTtlSec).catch(this.deps.onBackgroundError);
      } catch (err) {
        // The request passed validation, so whatever fails now (the runtime, NaN, a timeout) is the model's fault.
        failure = err instanceof ModelFailure ? err : new ModelFailure(arm, err instanceof Error ? err.message : String(err), err);
      }
    }
    const latencyMs = performance.now() - started;
    if (!cached) this.observe(live, arm.name, failure === undefined, latencyMs);
    if (failure) {
      this.count(live, arm.name, true);
      this.deps.metrics.request(labels, 'error', latencyMs, false);
      const fallback = await this.fallback(live, arm, req.inputs, failure);
      raw = fallback.outputs;
      answeredBy = fallback.arm;
      outcome = 'fallback';
    } else {
      this.count(live, arm.name, false);
      this.deps.metrics.request(labels, 'ok', latencyMs, cached);
    }
    const outputs = select(postprocess(deployment.config.processing, raw as Tensors), req.outputs);
    this.deps.log.append({
      requestId: req.requestId,
      deployment: deployment.name,
      model: answeredBy.model,
      version: answeredBy.version,
      arm: answeredBy.name,
      inputs: req.inputs,
      outputs,
      latencyMs: performance.now() - started,
      status: outcome === 'fallback' ? 'fallback' : 'ok',
      cached,
      at: this.deps.clock.now(),
    });
    if (choice.shadow && raw && outcome === 'ok') this.shadowCopy(live, choice.shadow, req, raw);
    return { requestId: req.requestId, model: answeredBy.model, version: answeredBy.version, arm: answeredBy.name, outputs, cached, fallback: outcome === 'fallback' };
  }

  private pinnedArm(live: LiveDeployment, version: number): Arm {
    const arm = live.deployment.config.arms.find((a) => a.version === version) ?? (live.fallbackArm?.version === version ? live.fallbackArm : undefined);
    if (!arm) throw AppError.notFound('version', `${live.deployment.name}/versions/${version}`);
    return arm;
  }

  private async predict(live: LiveDeployment, model: PooledModel, arm: Arm, inputs: Tensors): Promise<Tensors> {
    const { batching, timeoutMs } = live.deployment.config.settings;
    const scaled = applyScaling(live.deployment.config.processing, model.signature, inputs);
    const run = batching.enabled && model.batchable ? model.batcher(batching.maxBatchSize, batching.maxLatencyMs).submit(scaled) : model.run(scaled);
    const outputs = await withTimeout(run, timeoutMs, arm);
    // NaN or ±Infinity: the model broke on this input (a log of a negative, a division by zero); never served.
    const bad = firstNonFinite(outputs);
    if (bad) throw new ModelFailure(arm, `non-finite output at ${bad}`);
    return outputs;
  }

  private async fallback(live: LiveDeployment, arm: Arm, inputs: Tensors, failure: AppError): Promise<{ arm: Arm; outputs: Tensors }> {
    const fb = live.deployment.config.settings.fallback;
    const labels = { deployment: live.deployment.name, model: arm.model, version: arm.version, arm: arm.name };
    if (fb.kind === 'previous') {
      const prev = live.fallbackArm ?? live.deployment.config.arms.find((a) => a.name !== arm.name && a.weight > 0);
      if (!prev || (prev.model === arm.model && prev.version === arm.version)) throw failure;
      const model = await this.deps.pool.acquire(prev);
      const outputs = await this.predict(live, model, prev, inputs).catch(() => {
        throw failure;
      });
      this.deps.metrics.request(labels, 'fallback', 0, false);
      return { arm: { ...prev, name: 'fallback' }, outputs };
    }
    if (fb.kind === 'constant') {
      const rows = Object.values(inputs)[0]?.shape[0] ?? 1;
      const outputs: Tensors = {};
      for (const [name, row] of Object.entries(fb.outputs)) {
        const type = typeof row[0] === 'string' ? 'string' : typeof row[0] === 'boolean' ? 'bool' : 'float32';
        const data = Array.from({ length: rows }, () => row).flat();
        outputs[name] = { type, shape: [rows, row.length], data: type === 'float32' ? Float32Array.from(data as number[]) : (data as string[]) };
      }
      this.deps.metrics.request(labels, 'fallback', 0, false);
      return { arm: { ...arm, name: 'fallback' }, outputs };
    }
    throw failure;
  }

  private observe(live: LiveDeployment, arm: string, ok: boolean, latencyMs: number): void {
    const decision = live.strategy.observe?.(arm, ok, latencyMs);
    if (decision) this.deps.onDecision(live, decision);
  }

  private count(live: LiveDeployment, arm: string, error: boolean): void {
    let c = live.counters.get(arm);
    if (!c) live.counters.set(arm, (c = { requests: 0, errors: 0 }));
    c.requests++;
    if (error) c.errors++;
  }

  /** Runs the shadow arm after the answer, records agreement; its failures touch nothing but its own counters. */
  private shadowCopy(live: LiveDeployment, shadow: Arm, req: InferRequest, primary: Tensors): void {
    setImmediate(() => {
      const started = performance.now();
      const labels = { deployment: live.deployment.name, model: shadow.model, version: shadow.version, arm: shadow.name };
      void (async () => {
        const model = await this.deps.pool.acquire(shadow);
        validateInputs(model.signature, req.inputs);
        const outputs = await this.predict(live, model, shadow, req.inputs);
        const agreed = outputsAgree(primary, outputs);
        live.shadow.compared++;
        if (agreed) live.shadow.agreed++;
        this.count(live, shadow.name, false);
        this.deps.metrics.shadow(labels, agreed);
        this.deps.metrics.request(labels, 'ok', performance.now() - started, false);
        this.deps.log.append({ requestId: `${req.requestId}:shadow`, deployment: live.deployment.name, model: shadow.model, version: shadow.version, arm: shadow.name, inputs: '{}', outputs, latencyMs: performance.now() - started, status: 'ok', cached: false, at: this.deps.clock.now() });
      })().catch(() => {
        this.count(live, shadow.name, true);
        this.deps.metrics.request(labels, 'error', performance.now() - started, false);
      });
    });
  }
}

function select(outputs: Tensors, names: string[] | undefined): Tensors {
  if (!names || names.length === 0) return outputs;
  const out: Tensors = {};
  for (const name of names) {
    const t = outputs[name];
    if (!t) throw AppError.invalid(`unknown output '${name}'; the model gives ${Object.keys(outputs).map((n) => `'${n}'`).join(', ')}`, [{ path: 'outputs', message: 'unknown output' }]);
    out[name] = t;
  }
  return out;
}
