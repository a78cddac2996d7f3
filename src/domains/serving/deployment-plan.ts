import { AppError } from '../../core/errors.js';
import { canarySettingsSchema, servingSettingsSchema, type Arm, type DeploymentConfig, type ParsedDeploySpec } from './serving.schema.js';
import { blueGreenDeploy } from './strategies/index.js';

export interface ResolvedRef {
  model: string;
  version: number;
}

/**
 * The configuration a deploy produces, from the request and the deployment's current
 * configuration: settings and processing carry over unless given, and a blue-green
 * deploy fills the idle slot of the current one.
 */
export function planDeployment(spec: ParsedDeploySpec, model: ResolvedRef, candidate: ResolvedRef | undefined, current: DeploymentConfig | undefined): DeploymentConfig {
  const needsCandidate = spec.strategy === 'canary' || spec.strategy === 'shadow' || spec.strategy === 'ab' || spec.strategy === 'bandit';
  if (needsCandidate && !candidate) throw AppError.invalid(`candidate: the ${spec.strategy} strategy needs a candidate version (--candidate <model>@<version>)`, [{ path: 'candidate', message: 'required' }]);
  if (!needsCandidate && candidate) throw AppError.invalid(`candidate: the ${spec.strategy} strategy takes no candidate`, [{ path: 'candidate', message: 'not used' }]);
  const base = {
    settings: spec.settings ?? current?.settings ?? servingSettingsSchema.parse({}),
    processing: spec.processing ?? current?.processing ?? {},
  };
  const arm = (name: string, ref: ResolvedRef, weight: number): Arm => ({ name, model: ref.model, version: ref.version, weight });
  const share = (spec.weight ?? 50) / 100;
  switch (spec.strategy) {
    case 'direct':
      return { ...base, strategy: 'direct', arms: [arm('primary', model, 1)] };
    case 'blue-green': {
      const previous = current?.strategy === 'blue-green' ? { arms: current.arms, active: current.activeSlot ?? 'blue' } : undefined;
      const { arms, active } = blueGreenDeploy(previous, { model: model.model, version: model.version });
      return { ...base, strategy: 'blue-green', arms, activeSlot: active };
    }
    case 'canary': {
      const settings = canarySettingsSchema.parse(spec.canary ?? {});
      // --weight sets the first step; the default ladder continues above it.
      const steps = spec.weight === undefined ? settings.steps : [spec.weight, ...settings.steps.filter((s) => s > (spec.weight ?? 0))];
      const first = (steps[0] ?? 0) / 100;
      return { ...base, strategy: 'canary', arms: [arm('stable', model, 1 - first), arm('canary', candidate as ResolvedRef, first)], canary: { ...settings, steps }, canaryStep: 0 };
    }
    case 'shadow':
      return { ...base, strategy: 'shadow', arms: [arm('primary', model, 1), arm('shadow', candidate as ResolvedRef, 0)] };
    case 'ab':
      return { ...base, strategy: 'ab', arms: [arm('a', model, 1 - share), arm('b', candidate as ResolvedRef, share)], abKeyHeader: spec.ab?.keyHeader ?? 'x-user-id' };
    case 'bandit':
      return { ...base, strategy: 'bandit', arms: [arm('a', model, 0.5), arm('b', candidate as ResolvedRef, 0.5)], bandit: { algorithm: spec.bandit?.algorithm ?? 'thompson' } };
  }
}

/** The configuration after a canary decision: the next step, or all traffic to one version as a direct deployment. */
export function applyCanaryDecision(config: DeploymentConfig, decision: { kind: 'step'; step: number } | { kind: 'promote' } | { kind: 'rollback' }): DeploymentConfig {
  const stable = config.arms.find((a) => a.name === 'stable');
  const canary = config.arms.find((a) => a.name === 'canary');
  if (!stable || !canary || !config.canary) throw new AppError('FAILED_PRECONDITION', 'not a canary deployment');
  if (decision.kind === 'step') {
    const share = (config.canary.steps[decision.step] ?? 100) / 100;
    return { ...config, canaryStep: decision.step, arms: [{ ...stable, weight: 1 - share }, { ...canary, weight: share }] };
  }
  const winner = decision.kind === 'promote' ? canary : stable;
  const { canary: _settings, canaryStep: _step, ...rest } = config;
  return { ...rest, strategy: 'direct', arms: [{ ...winner, name: 'primary', weight: 1 }] };
}
