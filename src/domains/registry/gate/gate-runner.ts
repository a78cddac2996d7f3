/**
 * The validation gate: evaluates a candidate version (and the production version it
 * would replace) against a policy, running the models in the model runtime itself.
 *
 * Invalid input (a policy that cannot apply: unknown field, missing column, a feature
 * list that does not fit the candidate's input) throws INVALID_ARGUMENT. Anything that
 * goes wrong with a model (unreadable bytes, a runtime error, a production version the
 * policy no longer fits) becomes a failing verdict that carries the reason: the gate
 * never passes a check it could not run, and never hides why.
 */
import { AppError } from '../../../core/errors.js';
import { systemClock, type Clock } from '../../../core/clock.js';
import type { BlobStore } from '../../../core/ports/blob-store.js';
import type { LoadedModel, ModelRuntime } from '../../../core/ports/model-runtime.js';
import { skipped, type Outcome } from './check-result.js';
import { loadEvaluationDataset, requireColumns, type EvaluationDataset, type Row } from './evaluation-data.js';
import { fairnessCheck } from './fairness-check.js';
import type { GateCheckResult, GateReport, GateRunner, GateSubject } from './gate.api.js';
import { parseGatePolicy, type EvaluationSpec, type GatePolicy } from './gate-policy.schema.js';
import { latencyCheck, measureLatency, type LatencySample } from './latency-check.js';
import { binaryTruth, bindInputs, multiclassTruth, regressionTruth, usableRows, type InputBinding, type UsableRows } from './model-inputs.js';
import { performanceCheck } from './performance-check.js';
import { interpretLabels, interpretPredictions, runOverRows, type Predictions } from './predictions.js';
import { resourcesCheck, RssSampler, type MemorySample } from './resources-check.js';
import { safetyCheck, type SafetyPredictions } from './safety-check.js';

const P = 'policy';

function featureColumns(features: EvaluationSpec['features']): string[] {
  return Array.isArray(features) ? features : Object.values(features).flat();
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function truthFor(spec: EvaluationSpec, rows: readonly Row[]): Predictions['truth'] {
  const values = rows.map((r) => r[spec.label]);
  if (spec.task === 'binary') return binaryTruth(values, spec.positiveLabel);
  if (spec.task === 'multiclass') return multiclassTruth(values);
  return regressionTruth(values);
}

function datasetEvidence(dataset: EvaluationDataset, usable: UsableRows): Record<string, unknown> {
  return { dataset: dataset.source, rowsInDataset: dataset.rows.length, rowsEvaluated: usable.rows.length, rowsDropped: usable.dropped };
}

/** The evaluation rows, prepared once and shared by both models. */
interface Evaluation {
  policy: GatePolicy;
  dataset: EvaluationDataset;
  usable: UsableRows;
  truth: Predictions['truth'];
  safety: { dataset: EvaluationDataset; usable: UsableRows } | null;
}

/** What running the candidate produced; each part fails on its own so one broken step does not hide the others. */
interface CandidateRun {
  predictions: Outcome<Predictions>;
  latency: Outcome<LatencySample> | null;
  safety: Outcome<SafetyPredictions> | null;
  memory: Outcome<MemorySample> | null;
  /** Bytes actually read from the blob store; the registry's recorded size when they could not be read. */
  modelBytes: number;
}

export class ValidationGate implements GateRunner {
  constructor(
    private readonly blobs: BlobStore,
    private readonly runtime: ModelRuntime,
    private readonly clock: Clock = systemClock,
  ) {}

  validatePolicy(policy: unknown): GatePolicy {
    return parseGatePolicy(policy, P);
  }

  async run(input: { candidate: GateSubject; production: GateSubject | null; policy: unknown; policyVersion: number }): Promise<GateReport> {
    const startedAt = this.clock.now();
    const policy = this.validatePolicy(input.policy);
    const evaluation = await this.prepare(policy);
    const candidate = await this.runCandidate(input.candidate, evaluation);
    const needsProduction = policy.performance !== undefined && input.production !== null;
    const production = needsProduction && input.production ? { version: input.production.version, outcome: await this.predictProduction(input.production, evaluation) } : null;

    const data = datasetEvidence(evaluation.dataset, evaluation.usable);
    const checks: GateCheckResult[] = [
      policy.performance ? performanceCheck(policy.performance, { candidate: candidate.predictions, production, data }) : skipped('performance'),
      policy.latency && candidate.latency ? latencyCheck(policy.latency, candidate.latency) : skipped('latency'),
      policy.fairness ? fairnessCheck(policy.fairness, candidate.predictions, evaluation.usable.rows) : skipped('fairness'),
      policy.safety && candidate.safety ? safetyCheck(policy.safety, candidate.safety) : skipped('safety'),
      policy.resources ? resourcesCheck(policy.resources, { modelBytes: candidate.modelBytes, memory: candidate.memory }) : skipped('resources'),
    ];
    return {
      modelName: input.candidate.modelName,
      version: input.candidate.version,
      policyVersion: input.policyVersion,
      passed: checks.every((c) => c.verdict !== 'fail'),
      checks,
      startedAt,
      finishedAt: this.clock.now(),
    };
  }

  /** Reads and checks the datasets against the policy before any model is loaded, so bad input fails fast. */
  private async prepare(policy: GatePolicy): Promise<Evaluation> {
    const spec = policy.evaluation;
    const features = featureColumns(spec.features);
    const dataset = await loadEvaluationDataset(this.blobs, spec.dataset, `${P}.evaluation.dataset`);
    requireColumns(dataset, [
      ...features.map((column) => ({ path: `${P}.evaluation.features`, column })),
      { path: `${P}.evaluation.label`, column: spec.label },
      ...(policy.fairness?.groupColumns ?? []).map((column) => ({ path: `${P}.fairness.groupColumns`, column })),
    ]);
    const usable = usableRows(dataset.rows, [...features, spec.label], spec.missing, `${P}.evaluation`);
    const truth = truthFor(spec, usable.rows);
    let safety: Evaluation['safety'] = null;
    if (policy.safety) {
      const own = policy.safety.dataset;
      const safetyData = own ? await loadEvaluationDataset(this.blobs, own, `${P}.safety.dataset`) : dataset;
      requireColumns(safetyData, features.map((column) => ({ path: own ? `${P}.safety.dataset` : `${P}.evaluation.features`, column })));
      // The safety set needs no labels: only the features have to be present.
      safety = { dataset: safetyData, usable: usableRows(safetyData.rows, features, spec.missing, own ? `${P}.safety` : `${P}.evaluation`) };
    }
    return { policy, dataset, usable, truth, safety };
  }

  private async fetchModel(subject: GateSubject): Promise<Uint8Array> {
    if (subject.flavor !== this.runtime.flavor) throw new Error(`version ${subject.version} is a '${subject.flavor}' model; the gate runs '${this.runtime.flavor}' models`);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.blobs.get(subject.sha256)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  /**
   * Candidate: INVALID_ARGUMENT while binding the policy to the model (wrong feature
   * count, unknown output) is the caller's to fix and propagates; other failures are verdicts.
   */
  private async runCandidate(subject: GateSubject, ev: Evaluation): Promise<CandidateRun> {
    const { policy } = ev;
    const fail = (reason: string): CandidateRun => ({
      predictions: { ok: false, reason },
      latency: policy.latency ? { ok: false, reason } : null,
      safety: policy.safety ? { ok: false, reason } : null,
      memory: { ok: false, reason },
      modelBytes: subject.sizeBytes,
    });
    let bytes: Uint8Array;
    try {
      bytes = await this.fetchModel(subject);
    } catch (err) {
      return fail(`could not read version ${subject.version}'s model (${subject.sha256}): ${reasonOf(err)}`);
    }
    const sampler = new RssSampler();
    sampler.start();
    let model: LoadedModel;
    try {
      model = await this.runtime.load(bytes);
    } catch (err) {
      sampler.stop();
      return { ...fail(`could not load version ${subject.version}: ${reasonOf(err)}`), modelBytes: bytes.byteLength };
    }
    try {
      sampler.sample();
      const bindings = bindInputs(policy.evaluation.features, model.signature);
      const predictions = await this.attempt(() => this.predict(model, bindings, ev), true);
      sampler.sample();
      const latency = policy.latency ? await this.attempt(() => measureLatency(model, bindings, ev.usable.rows, policy.latency!), false) : null;
      const safety = ev.safety ? await this.attempt(() => this.predictSafety(model, bindings, ev), true) : null;
      return { predictions, latency, safety, memory: { ok: true, value: sampler.stop() }, modelBytes: bytes.byteLength };
    } finally {
      sampler.stop();
      await model.release();
    }
  }

  /** Production is judged by today's policy: if it no longer fits (other inputs, other outputs), the comparison fails with why. */
  private async predictProduction(subject: GateSubject, ev: Evaluation): Promise<Outcome<Predictions>> {
    let model: LoadedModel;
    try {
      model = await this.runtime.load(await this.fetchModel(subject));
    } catch (err) {
      return { ok: false, reason: `could not load production version ${subject.version}: ${reasonOf(err)}` };
    }
    try {
      return await this.attempt(() => this.predict(model, bindInputs(ev.policy.evaluation.features, model.signature), ev), false);
    } finally {
      await model.release();
    }
  }

  private async predict(model: LoadedModel, bindings: readonly InputBinding[], ev: Evaluation): Promise<Predictions> {
    const spec = ev.policy.evaluation;
    const out = await runOverRows(model, bindings, ev.usable.rows, spec.prediction.output);
    return interpretPredictions(spec, out, ev.truth);
  }

  private async predictSafety(model: LoadedModel, bindings: readonly InputBinding[], ev: Evaluation): Promise<SafetyPredictions> {
    const safety = ev.safety!;
    const out = await runOverRows(model, bindings, safety.usable.rows, ev.policy.evaluation.prediction.output);
    return { labels: interpretLabels(ev.policy.evaluation, out), rowIndices: safety.usable.indices, dropped: safety.usable.dropped, dataset: { dataset: safety.dataset.source } };
  }

  /**
   * A step's failure becomes an Outcome. `policyErrorsPropagate`: the policy
   * not fitting the candidate (INVALID_ARGUMENT naming a `policy.` field) is the
   * caller's error, not a verdict on the model.
   */
  private async attempt<T>(step: () => Promise<T>, policyErrorsPropagate: boolean): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await step() };
    } catch (err) {
      if (policyErrorsPropagate && err instanceof AppError && err.code === 'INVALID_ARGUMENT' && err.message.startsWith(`${P}.`)) throw err;
      return { ok: false, reason: reasonOf(err) };
    }
  }
}
