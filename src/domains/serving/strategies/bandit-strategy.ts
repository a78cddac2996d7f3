import type { Arm } from '../serving.schema.js';
import type { Random, RouteChoice, TrafficStrategy } from './traffic-strategy.js';

/** Standard normal by Box–Muller. */
function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the boost Gamma(a+1)·U^(1/a). */
export function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(a: number, b: number, random: Random): number {
  const x = sampleGamma(a, random);
  return x / (x + sampleGamma(b, random));
}

interface ArmState {
  arm: Arm;
  successes: number;
  trials: number;
}

/**
 * Multi-armed bandit over versions with binary rewards posted as feedback.
 * Thompson sampling draws each arm's success rate from Beta(1 + successes, 1 + failures)
 * and plays the best draw; UCB1 plays the best mean + √(2 ln n / nᵢ), every arm once first.
 */
export class BanditStrategy implements TrafficStrategy {
  private readonly states: ArmState[];

  constructor(
    arms: readonly Arm[],
    private readonly algorithm: 'thompson' | 'ucb1',
    private readonly random: Random,
    history: readonly { arm: string; successes: number; trials: number }[] = [],
  ) {
    this.states = arms.map((arm) => {
      const h = history.find((x) => x.arm === arm.name);
      return { arm, successes: h?.successes ?? 0, trials: h?.trials ?? 0 };
    });
  }

  choose(): RouteChoice {
    return { arm: this.algorithm === 'thompson' ? this.thompson() : this.ucb1() };
  }

  reward(arm: string, reward: number): void {
    const s = this.states.find((x) => x.arm.name === arm);
    if (!s) return;
    s.trials++;
    s.successes += reward;
  }

  private thompson(): Arm {
    let best = this.states[0] as ArmState;
    let bestDraw = -1;
    for (const s of this.states) {
      const draw = sampleBeta(1 + s.successes, 1 + s.trials - s.successes, this.random);
      if (draw > bestDraw) [best, bestDraw] = [s, draw];
    }
    return best.arm;
  }

  private ucb1(): Arm {
    const untried = this.states.find((s) => s.trials === 0);
    if (untried) return untried.arm;
    const n = this.states.reduce((t, s) => t + s.trials, 0);
    let best = this.states[0] as ArmState;
    let bestScore = -Infinity;
    for (const s of this.states) {
      const score = s.successes / s.trials + Math.sqrt((2 * Math.log(n)) / s.trials);
      if (score > bestScore) [best, bestScore] = [s, score];
    }
    return best.arm;
  }
}
