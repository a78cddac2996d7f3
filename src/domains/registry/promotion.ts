import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { GateRunner, GateSubject } from './gate/gate.api.js';
import type { Actor, GateReportRecord, ModelVersion, PromotionResult, RollbackResult, Stage } from './registry.schema.js';
import type { NewAuditEvent, RegistryStore, StoredGatePolicy, StoredModel } from './registry.store.js';

/** The part of a stored policy the registry itself reads: which stages the gate guards (Production by default). */
const applyToSchema = z.object({ applyTo: z.array(z.string()).optional() });

export function gateApplies(policy: unknown, stage: Stage): boolean {
  if (stage !== 'Production' && stage !== 'Staging') return false;
  const parsed = applyToSchema.safeParse(policy);
  const applyTo = parsed.success && parsed.data.applyTo ? parsed.data.applyTo : ['Production'];
  return applyTo.includes(stage);
}

export function subjectOf(v: ModelVersion): GateSubject {
  return { modelName: v.name, version: v.version, flavor: v.flavor, sha256: v.sha256, sizeBytes: v.sizeBytes, signature: v.signature };
}

interface Decision {
  gate: PromotionResult['gate'];
  report: GateReportRecord | null;
  /** Set when the gate compared against a Production version: the stage change must still find that one. */
  expectedProduction?: number | null;
  gateError?: string;
}

/**
 * Stage changes: promotion through the gate, and rollback. The gate runs outside
 * any transaction (it loads and runs the model); its report is stored first, then
 * the stage change re-checks, in its own transaction, that Production is still the
 * version the gate compared against.
 */
export class Promotions {
  constructor(
    private readonly store: RegistryStore,
    private readonly gate: GateRunner,
    private readonly clock: Clock,
  ) {}

  async promote(model: StoredModel, v: ModelVersion, q: { stage: Stage; reason?: string | undefined; force: boolean; archiveExisting: boolean }, actor: Actor): Promise<PromotionResult> {
    if (q.force && actor.scope !== 'admin') throw new AppError('PERMISSION_DENIED', 'forcing a promotion past the gate needs an admin key');
    if (v.stage === q.stage && !q.archiveExisting) {
      return { version: v, archived: [], gate: 'not-required', report: null, message: `${model.name} version ${v.version} is already in ${q.stage}` };
    }
    const decision = await this.decide(model, v, q.stage, q.force, actor);
    const forced = decision.gate === 'forced';
    const audit: NewAuditEvent = {
      name: model.name,
      action: forced ? 'promotion.forced' : 'stage.changed',
      version: v.version,
      fromStage: v.stage,
      toStage: q.stage,
      alias: null,
      actor: actor.id,
      reason: q.reason ?? null,
      at: this.clock.now(),
      details: {
        gate: decision.gate,
        ...(decision.report ? { reportId: decision.report.id, failedChecks: failedChecks(decision.report) } : {}),
        ...(decision.gateError ? { gateError: decision.gateError } : {}),
      },
    };
    const result = await this.store.changeStage({ modelId: model.id, version: v.version, toStage: q.stage, archiveExisting: q.archiveExisting, expectedProduction: decision.expectedProduction, at: audit.at, audit });
    const updated = await this.store.getVersion(model.id, v.version);
    if (!updated) throw AppError.notFound('model version', `${model.name}/${v.version}`);
    return { version: updated, archived: result.archived, gate: decision.gate, report: decision.report, message: describe(model.name, v.version, q.stage, decision, result.archived) };
  }

  private async decide(model: StoredModel, v: ModelVersion, stage: Stage, force: boolean, actor: Actor): Promise<Decision> {
    if (stage !== 'Production' && stage !== 'Staging') return { gate: 'not-required', report: null };
    const policy = await this.store.getGatePolicy(model.id);
    if (!policy) {
      if (stage === 'Staging') return { gate: 'not-required', report: null };
      // Promotion without a policy is allowed, and the record says so: nobody can later mistake it for a checked one.
      const report = await this.storeReport(model, v, stage, null, null, { passed: true, checks: [], startedAt: this.clock.now(), finishedAt: this.clock.now() }, actor, 'no gate policy');
      return { gate: 'no-policy', report };
    }
    if (!gateApplies(policy.policy, stage)) return { gate: 'not-required', report: null };
    const productionVersion = model.productionVersion !== null && model.productionVersion !== v.version ? model.productionVersion : null;
    const production = productionVersion === null ? null : await this.store.getVersion(model.id, productionVersion);
    let report: GateReportRecord;
    try {
      report = await this.runGate(model, v, stage, policy, production, actor);
    } catch (err) {
      // A gate that cannot run (a policy naming a missing dataset) refuses like a failing one, unless an admin forces past it.
      if (force && err instanceof AppError) return { gate: 'forced', report: null, expectedProduction: production?.version ?? null, gateError: err.message };
      throw err;
    }
    const expectedProduction = production?.version ?? null;
    if (report.passed) return { gate: 'passed', report, expectedProduction };
    if (force) return { gate: 'forced', report, expectedProduction };
    const failed = failedChecks(report);
    throw new AppError(
      'FAILED_PRECONDITION',
      `the validation gate refused ${model.name} version ${v.version} for ${stage}: failed checks: ${report.checks
        .filter((c) => c.verdict === 'fail')
        .map((c) => `${c.name} (${c.message})`)
        .join('; ')}`,
      { details: { failedChecks: failed, reportId: report.id, policyVersion: report.policyVersion, report } },
    );
  }

  private async runGate(model: StoredModel, v: ModelVersion, stage: Stage, policy: StoredGatePolicy, production: ModelVersion | null, actor: Actor): Promise<GateReportRecord> {
    const started = this.clock.now();
    const report = await this.gate.run({ candidate: subjectOf(v), production: production ? subjectOf(production) : null, policy: policy.policy, policyVersion: policy.policyVersion });
    return this.storeReport(model, v, stage, policy.policyVersion, production?.version ?? null, { passed: report.passed, checks: report.checks, startedAt: report.startedAt || started, finishedAt: report.finishedAt || this.clock.now() }, actor);
  }

  private async storeReport(
    model: StoredModel,
    v: ModelVersion,
    stage: Stage,
    policyVersion: number | null,
    comparedWith: number | null,
    outcome: Pick<GateReportRecord, 'passed' | 'checks' | 'startedAt' | 'finishedAt'>,
    actor: Actor,
    note?: string,
  ): Promise<GateReportRecord> {
    const report: GateReportRecord = { id: newId(), name: model.name, version: v.version, targetStage: stage, policyVersion, comparedWith, createdBy: actor.id, ...outcome };
    await this.store.insertGateReport(model.id, report, {
      name: model.name,
      action: 'gate.run',
      version: v.version,
      fromStage: v.stage,
      toStage: stage,
      alias: null,
      actor: actor.id,
      reason: null,
      at: outcome.finishedAt,
      details: { reportId: report.id, passed: report.passed, policyVersion, comparedWith, failedChecks: failedChecks(report), ...(note ? { note } : {}) },
    });
    return report;
  }

  /**
   * Production goes back one step in its own history: the version the current one
   * replaced. A rollback event inherits the `previousProduction` of the event that
   * first promoted its target, so repeated rollbacks keep walking back (v3 → v2 → v1).
   */
  async rollback(model: StoredModel, reason: string | undefined, actor: Actor): Promise<RollbackResult> {
    const current = model.productionVersion;
    if (current === null) throw new AppError('FAILED_PRECONDITION', `'${model.name}' has no Production version to roll back`);
    const history = await this.store.productionHistory(model.id);
    const promotedCurrent = history.find((e) => e.version === current);
    const target = promotedCurrent ? previousOf(promotedCurrent.details) : null;
    if (target === null || promotedCurrent === undefined) throw new AppError('FAILED_PRECONDITION', `'${model.name}' version ${current} replaced no earlier Production version: there is nothing to roll back to`);
    const version = await this.store.getVersion(model.id, target);
    if (!version) throw new AppError('FAILED_PRECONDITION', `cannot roll back '${model.name}' to version ${target}: it has been deleted`);
    const promotedTarget = history.find((e) => e.version === target && e.seq < promotedCurrent.seq);
    const at = this.clock.now();
    await this.store.changeStage({
      modelId: model.id,
      version: target,
      toStage: 'Production',
      archiveExisting: false,
      expectedProduction: current,
      at,
      audit: {
        name: model.name,
        action: 'rollback',
        version: target,
        fromStage: version.stage,
        toStage: 'Production',
        alias: null,
        actor: actor.id,
        reason: reason ?? null,
        at,
        details: { rolledBack: current, previousProduction: promotedTarget ? previousOf(promotedTarget.details) : null },
      },
    });
    const updated = await this.store.getVersion(model.id, target);
    if (!updated) throw AppError.notFound('model version', `${model.name}/${target}`);
    return { version: updated, rolledBack: current };
  }
}

function previousOf(details: Record<string, unknown>): number | null {
  const p = details.previousProduction;
  return typeof p === 'number' ? p : null;
}

function failedChecks(report: GateReportRecord): string[] {
  return report.checks.filter((c) => c.verdict === 'fail').map((c) => c.name);
}

function describe(name: string, version: number, stage: Stage, d: Decision, archived: number[]): string {
  const gate =
    d.gate === 'passed'
      ? `the gate passed (report ${d.report?.id ?? ''})`
      : d.gate === 'no-policy'
        ? 'no gate policy is configured, so no checks ran (recorded)'
        : d.gate === 'forced'
          ? `FORCED past the gate${d.report ? ` (failed: ${failedChecks(d.report).join(', ')})` : d.gateError ? ` (gate error: ${d.gateError})` : ''}`
          : 'no gate required for this stage';
  const moved = archived.length > 0 ? `; archived version${archived.length > 1 ? 's' : ''} ${archived.join(', ')}` : '';
  return `${name} version ${version} → ${stage}: ${gate}${moved}`;
}
