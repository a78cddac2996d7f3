import type { Arm } from '../serving.schema.js';
import { armNamed, type RouteChoice, type TrafficStrategy } from './traffic-strategy.js';

/**
 * Two slots, both loaded and warm; all traffic goes to the active one. Switching is a
 * new revision naming the other slot, so it is instant both ways (no load on the switch).
 */
export class BlueGreenStrategy implements TrafficStrategy {
  private readonly choice: RouteChoice;

  constructor(arms: readonly Arm[], active: 'blue' | 'green') {
    this.choice = { arm: armNamed(arms, active) };
  }

  choose(): RouteChoice {
    return this.choice;
  }
}

/**
 * The arms after deploying `next` onto a blue-green deployment: it goes into the idle
 * slot and becomes active; the old active slot stays loaded for an instant switch back.
 */
export function blueGreenDeploy(current: { arms: readonly Arm[]; active: 'blue' | 'green' } | undefined, next: Omit<Arm, 'name' | 'weight'>): { arms: Arm[]; active: 'blue' | 'green' } {
  if (!current) return { arms: [{ name: 'blue', ...next, weight: 1 }], active: 'blue' };
  const idle = current.active === 'blue' ? 'green' : 'blue';
  const keep = current.arms.filter((a) => a.name === current.active).map((a) => ({ ...a, weight: 0 }));
  return { arms: [...keep, { name: idle, ...next, weight: 1 }], active: idle };
}
