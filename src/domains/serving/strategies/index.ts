import type { Clock } from '../../../core/clock.js';
import type { DeploymentConfig } from '../serving.schema.js';
import type { ArmOutcomeCounts } from '../serving.store.js';
import { AbStrategy } from './ab-strategy.js';
import { BanditStrategy } from './bandit-strategy.js';
import { BlueGreenStrategy } from './blue-green-strategy.js';
import { CanaryStrategy } from './canary-strategy.js';
import { DirectStrategy } from './direct-strategy.js';
import { ShadowStrategy } from './shadow-strategy.js';
import type { Random, TrafficStrategy } from './traffic-strategy.js';

export { assignArm, stableHash01, twoProportionZTest, wilsonInterval } from './ab-strategy.js';
export { blueGreenDeploy } from './blue-green-strategy.js';
export { CanaryStrategy } from './canary-strategy.js';
export { outputsAgree } from './shadow-strategy.js';
export { seededRandom, type Random, type RouteChoice, type StrategyDecision, type TrafficStrategy } from './traffic-strategy.js';

/** The strategy object for one revision of a deployment. */
export function createStrategy(config: DeploymentConfig, deps: { clock: Clock; random: Random; history: readonly ArmOutcomeCounts[] }): TrafficStrategy {
  switch (config.strategy) {
    case 'direct':
      return new DirectStrategy(config.arms);
    case 'blue-green':
      return new BlueGreenStrategy(config.arms, config.activeSlot ?? 'blue');
    case 'canary':
      if (!config.canary) throw new Error('a canary deployment needs canary settings');
      return new CanaryStrategy(config.arms, config.canary, config.canaryStep ?? 0, deps.clock, deps.random);
    case 'shadow':
      return new ShadowStrategy(config.arms);
    case 'ab':
      return new AbStrategy(config.arms, deps.random);
    case 'bandit':
      return new BanditStrategy(config.arms, config.bandit?.algorithm ?? 'thompson', deps.random, deps.history);
  }
}
