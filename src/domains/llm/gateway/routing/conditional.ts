import type { TargetCondition } from '../../../../core/gateway-config.js';
import type { RoutingInput, StrategyFactory } from './route-types.js';

function accepts(wanted: string | string[], actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return Array.isArray(wanted) ? wanted.includes(actual) : wanted === actual;
}

export function matches(when: TargetCondition, input: RoutingInput): boolean {
  for (const [name, wanted] of Object.entries(when.headers ?? {})) if (!accepts(wanted, input.header(name.toLowerCase()))) return false;
  for (const [key, wanted] of Object.entries(when.metadata ?? {})) if (!accepts(wanted, input.metadata?.[key])) return false;
  return true;
}

/**
 * Targets whose `when` matches the request's headers or `metadata` (e.g. user
 * tier), in config order, then the targets without a `when` as defaults.
 * Targets whose condition does not match are never used for this request.
 */
export const conditionalStrategy: StrategyFactory = (targets) => {
  const defaults = targets.filter((t) => !t.config.when);
  const conditional = targets.filter((t) => t.config.when);
  return (input) => {
    const chosen = conditional.filter((t) => matches(t.config.when as TargetCondition, input));
    return chosen.length === 0 ? defaults : [...chosen, ...defaults];
  };
};
