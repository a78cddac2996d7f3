import type { ComplexityRule, GatewayTargetConfig, RetryPolicy, RoutingStrategyName } from '../../../../core/gateway-config.js';
import type { ChatMessage } from '../openai-wire.js';
import type { ProviderAdapter, ProviderContext } from '../providers/provider.js';
import type { TargetState } from './target-state.js';

export interface CompiledProvider {
  readonly adapter: ProviderAdapter;
  readonly context: ProviderContext;
  readonly timeoutMs: number;
}

/** A route target with everything resolved once per config: no lookups per request. */
export interface CompiledTarget {
  /** `provider/model` */
  readonly key: string;
  readonly provider: CompiledProvider;
  readonly model: string;
  readonly config: GatewayTargetConfig;
  readonly timeoutMs: number;
  readonly state: TargetState;
}

/** What a strategy may look at to order the targets. */
export interface RoutingInput {
  /** Lower-case header name → value. */
  header(name: string): string | undefined;
  readonly metadata: Readonly<Record<string, string>> | undefined;
  readonly messages: readonly ChatMessage[] | undefined;
  readonly hasTools: boolean;
  readonly maxOutputTokens: number | undefined;
  random(): number;
}

/**
 * Orders a route's targets for one request: the first is tried first, the
 * rest are the fallbacks in order. Targets left out are never tried.
 */
export type TargetOrder = (input: RoutingInput) => readonly CompiledTarget[];

export interface CompiledRoute {
  readonly name: string;
  readonly strategy: RoutingStrategyName;
  readonly targets: readonly CompiledTarget[];
  readonly retry: RetryPolicy;
  readonly complexity: ComplexityRule | undefined;
  readonly order: TargetOrder;
}

/** Builds a strategy's ordering function once per config, so per-request work is minimal. */
export type StrategyFactory = (targets: readonly CompiledTarget[], route: { complexity: ComplexityRule | undefined }) => TargetOrder;
