import type { Arm } from '../serving.schema.js';
import type { RouteChoice, TrafficStrategy } from './traffic-strategy.js';

/** One version takes all traffic; a new deploy replaces it (the previous one stays as fallback and rollback target). */
export class DirectStrategy implements TrafficStrategy {
  private readonly choice: RouteChoice;

  constructor(arms: readonly Arm[]) {
    const arm = arms[0];
    if (!arm) throw new Error('a direct deployment needs one arm');
    this.choice = { arm };
  }

  choose(): RouteChoice {
    return this.choice;
  }
}
