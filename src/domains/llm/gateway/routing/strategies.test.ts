import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../core/clock.js';
import { gatewayTargetSchema, type GatewayTargetConfig } from '../../../../core/gateway-config.js';
import type { ChatMessage } from '../openai-wire.js';
import { complexityStrategy } from './complexity.js';
import { conditionalStrategy } from './conditional.js';
import { costBasedStrategy } from './cost-based.js';
import { fallbackStrategy } from './fallback.js';
import { leastBusyStrategy } from './least-busy.js';
import { leastLatencyStrategy } from './least-latency.js';
import type { CompiledProvider, CompiledTarget, RoutingInput } from './route-types.js';
import { TargetState } from './target-state.js';
import { pickWeighted, weightedStrategy } from './weighted.js';

const breaker = { windowMs: 60_000, minRequests: 5, failureRate: 0.5, cooldownMs: 30_000 };
const provider = {} as CompiledProvider; // strategies never touch the provider

function target(model: string, extra: Partial<GatewayTargetConfig> = {}): CompiledTarget {
  const config = gatewayTargetSchema.parse({ provider: 'p', model, ...extra });
  return { key: `p/${model}`, provider, model, config, timeoutMs: 1_000, state: new TargetState(`p/${model}`, breaker, fixedClock(0)) };
}

/** mulberry32: a seeded generator so the split test is deterministic. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function input(over: Partial<RoutingInput> = {}): RoutingInput {
  return { header: () => undefined, metadata: undefined, messages: [{ role: 'user', content: 'hi' }], hasTools: false, maxOutputTokens: undefined, random: Math.random, ...over };
}

const models = (ts: readonly CompiledTarget[]): string[] => ts.map((t) => t.model);

describe('weighted', () => {
  it('splits 10k calls within ±3% of the weights', () => {
    const targets = [target('big', { weight: 70 }), target('mid', { weight: 20 }), target('small', { weight: 10 })];
    const order = weightedStrategy(targets, { complexity: undefined });
    const random = seeded(42);
    const counts = new Map<string, number>();
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const first = order(input({ random }))[0]?.model ?? '';
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect(Math.abs((counts.get('big') ?? 0) / N - 0.7)).toBeLessThanOrEqual(0.03);
    expect(Math.abs((counts.get('mid') ?? 0) / N - 0.2)).toBeLessThanOrEqual(0.03);
    expect(Math.abs((counts.get('small') ?? 0) / N - 0.1)).toBeLessThanOrEqual(0.03);
  });

  it('keeps the others as fallbacks, heaviest first, and never picks weight 0 first', () => {
    const targets = [target('a', { weight: 1 }), target('b', { weight: 0 }), target('c', { weight: 3 })];
    const order = weightedStrategy(targets, { complexity: undefined });
    expect(models(order(input({ random: () => 0.1 })))).toEqual(['a', 'c', 'b']);
    expect(models(order(input({ random: () => 0.9 })))).toEqual(['c', 'a', 'b']);
    expect(pickWeighted([1, 0, 3], 0.25)).toBe(2);
  });
});

describe('other strategies', () => {
  it('fallback keeps config order', () => {
    const targets = [target('a'), target('b')];
    expect(models(fallbackStrategy(targets, { complexity: undefined })(input()))).toEqual(['a', 'b']);
  });

  it('least-latency tries unmeasured targets, then the fastest moving average', () => {
    const [a, b, c] = [target('a'), target('b'), target('c')];
    const order = leastLatencyStrategy([a, b, c], { complexity: undefined });
    a.state.recordLatency(50);
    b.state.recordLatency(10);
    expect(models(order(input()))).toEqual(['c', 'b', 'a']);
    c.state.recordLatency(30);
    b.state.recordLatency(100); // 10 + 0.3 × 90 = 37
    expect(models(order(input()))).toEqual(['c', 'b', 'a']);
  });

  it('least-busy prefers fewer requests in flight and rotates among idle ones', () => {
    const [a, b] = [target('a'), target('b')];
    const order = leastBusyStrategy([a, b], { complexity: undefined });
    expect(new Set([order(input())[0]?.model, order(input())[0]?.model])).toEqual(new Set(['a', 'b']));
    a.state.inFlight = 3;
    expect(order(input())[0]?.model).toBe('b');
    expect(order(input())[0]?.model).toBe('b');
  });

  it('cost-based picks the cheapest target whose context fits', () => {
    const cheapSmall = target('cheap-small', { inputCostPer1M: 0.1, outputCostPer1M: 0.4, contextWindow: 1_000 });
    const mid = target('mid', { inputCostPer1M: 1, outputCostPer1M: 4 });
    const unpriced = target('unpriced');
    const order = costBasedStrategy([unpriced, mid, cheapSmall], { complexity: undefined });
    expect(models(order(input({ maxOutputTokens: 100 })))).toEqual(['cheap-small', 'mid', 'unpriced']);
    const long: ChatMessage[] = [{ role: 'user', content: 'word '.repeat(4_000) }];
    expect(models(order(input({ messages: long, maxOutputTokens: 100 })))).toEqual(['mid', 'unpriced']);
  });

  it('conditional routes on headers and metadata, with unconditioned targets as defaults', () => {
    const pro = target('pro', { when: { metadata: { tier: ['pro', 'enterprise'] } } });
    const eu = target('eu', { when: { headers: { 'x-region': 'eu' } } });
    const base = target('base');
    const order = conditionalStrategy([pro, eu, base], { complexity: undefined });
    expect(models(order(input({ metadata: { tier: 'enterprise' } })))).toEqual(['pro', 'base']);
    expect(models(order(input({ header: (n) => (n === 'x-region' ? 'eu' : undefined) })))).toEqual(['eu', 'base']);
    expect(models(order(input({ metadata: { tier: 'free' } })))).toEqual(['base']);
  });

  it('complexity sends short prompts to the simple tier and long, tool or keyword prompts to the complex one', () => {
    const small = target('small', { tier: 'simple' });
    const large = target('large', { tier: 'complex' });
    const order = complexityStrategy([large, small], { complexity: { maxSimplePromptTokens: 50, maxSimpleMessages: 4, complexKeywords: ['step by step'] } });
    expect(models(order(input()))).toEqual(['small', 'large']);
    expect(models(order(input({ hasTools: true })))).toEqual(['large', 'small']);
    expect(models(order(input({ messages: [{ role: 'user', content: 'x '.repeat(300) }] })))).toEqual(['large', 'small']);
    expect(models(order(input({ messages: [{ role: 'user', content: 'Explain it Step by Step' }] })))).toEqual(['large', 'small']);
  });
});
