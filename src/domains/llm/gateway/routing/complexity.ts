import type { ComplexityRule } from '../../../../core/gateway-config.js';
import { estimatePromptTokens } from '../usage.js';
import type { RoutingInput, StrategyFactory } from './route-types.js';

const DEFAULT_RULE: ComplexityRule = { maxSimplePromptTokens: 500, maxSimpleMessages: 6, complexKeywords: [] };

function lastUserText(input: RoutingInput): string {
  const messages = input.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') return typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(' ');
  }
  return '';
}

/** `simple` when short, few turns, no tools and no keyword asking for reasoning. */
export function classify(rule: ComplexityRule, input: RoutingInput, keywords: RegExp | undefined): 'simple' | 'complex' {
  if (input.hasTools) return 'complex';
  const messages = input.messages ?? [];
  if (messages.length > rule.maxSimpleMessages) return 'complex';
  if (estimatePromptTokens(messages) > rule.maxSimplePromptTokens) return 'complex';
  if (keywords && keywords.test(lastUserText(input))) return 'complex';
  return 'simple';
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Short, simple prompts go to the `simple` tier (a cheaper model), the rest
 * to `complex`; untiered targets follow, then the other tier as a last resort.
 */
export const complexityStrategy: StrategyFactory = (targets, route) => {
  const rule = route.complexity ?? DEFAULT_RULE;
  const keywords = rule.complexKeywords.length > 0 ? new RegExp(rule.complexKeywords.map(escape).join('|'), 'i') : undefined;
  const untiered = targets.filter((t) => !t.config.tier);
  const orders = {
    simple: [...targets.filter((t) => t.config.tier === 'simple'), ...untiered, ...targets.filter((t) => t.config.tier === 'complex')],
    complex: [...targets.filter((t) => t.config.tier === 'complex'), ...untiered, ...targets.filter((t) => t.config.tier === 'simple')],
  };
  return (input) => orders[classify(rule, input, keywords)];
};
