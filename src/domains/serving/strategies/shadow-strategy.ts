import type { TensorValue } from '../../../core/ports/model-runtime.js';
import type { Arm } from '../serving.schema.js';
import { armNamed, type RouteChoice, type TrafficStrategy } from './traffic-strategy.js';

/** Production answers every request; the shadow arm receives a copy after the answer is on its way. */
export class ShadowStrategy implements TrafficStrategy {
  private readonly choice: RouteChoice;

  constructor(arms: readonly Arm[]) {
    this.choice = { arm: armNamed(arms, 'primary'), shadow: armNamed(arms, 'shadow') };
  }

  choose(): RouteChoice {
    return this.choice;
  }
}

/**
 * Whether two answers agree: the same outputs with the same shapes, floats within a
 * relative 1e-4 (two builds of a model rarely match bit for bit), everything else exactly.
 */
export function outputsAgree(a: Record<string, TensorValue>, b: Record<string, TensorValue>): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  for (const name of names) {
    const x = a[name];
    const y = b[name];
    if (!x || !y || x.type !== y.type || x.shape.join() !== y.shape.join() || x.data.length !== y.data.length) return false;
    const float = x.type === 'float32' || x.type === 'float64';
    for (let i = 0; i < x.data.length; i++) {
      const u = x.data[i];
      const v = y.data[i];
      if (float) {
        const p = u as number;
        const q = v as number;
        if (Math.abs(p - q) > 1e-4 * Math.max(1, Math.abs(p), Math.abs(q))) return false;
      } else if (u !== v) return false;
    }
  }
  return true;
}
