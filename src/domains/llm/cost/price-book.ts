import type { GatewayConfig, ModelPrice } from '../../../core/gateway-config.js';
import type { Usage } from '../gateway/index.js';
import { BUILTIN_PRICES } from './builtin-prices.js';

/** One target a call may reach, with the price it would be charged at. */
export interface PricedTarget {
  /** `provider/model` */
  target: string;
  price: ModelPrice | undefined;
}

/** The longest table name that `model` equals or starts with followed by `-` (dated and `-latest` names). */
function byPrefix(table: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (model.startsWith(`${name}-`) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : table[best];
}

/**
 * Prices for one gateway config, most specific first: the target's own
 * `inputCostPer1M`/`outputCostPer1M`, then `gateway.pricing` by `provider/model`,
 * then by model name, then the built-in table. Built once per config (configs
 * are immutable and swapped whole), so pricing a call is a map lookup.
 */
export class PriceBook {
  private readonly routes = new Map<string, PricedTarget[]>();
  private readonly byTarget = new Map<string, ModelPrice | undefined>();

  constructor(private readonly config: GatewayConfig) {
    for (const route of config.routes) {
      const targets = route.targets.map((t) => {
        const key = `${t.provider}/${t.model}`;
        const base = this.modelPrice(t.provider, t.model);
        const hasOwn = t.inputCostPer1M !== undefined || t.outputCostPer1M !== undefined;
        const price: ModelPrice | undefined =
          hasOwn || base
            ? {
                inputPer1M: t.inputCostPer1M ?? base?.inputPer1M ?? 0,
                outputPer1M: t.outputCostPer1M ?? base?.outputPer1M ?? 0,
                ...(base?.cachedInputPer1M !== undefined && t.inputCostPer1M === undefined ? { cachedInputPer1M: base.cachedInputPer1M } : {}),
                ...((t.contextWindow ?? base?.contextWindow) !== undefined ? { contextWindow: t.contextWindow ?? base?.contextWindow } : {}),
              }
            : undefined;
        this.byTarget.set(`${route.model}\u0000${key}`, price);
        return { target: key, price };
      });
      this.routes.set(route.model, targets);
    }
  }

  private modelPrice(provider: string, model: string): ModelPrice | undefined {
    const custom = this.config.pricing;
    return custom?.[`${provider}/${model}`] ?? custom?.[model] ?? byPrefix(BUILTIN_PRICES, model);
  }

  /** Every target a call for `model` (a route name or `provider/model`) may reach; undefined when it names neither. */
  candidates(model: string): readonly PricedTarget[] | undefined {
    const route = this.routes.get(model);
    if (route) return route;
    const slash = model.indexOf('/');
    if (slash <= 0 || slash === model.length - 1) return undefined;
    const provider = model.slice(0, slash);
    if (!this.config.providers.some((p) => p.name === provider)) return undefined;
    return [{ target: model, price: this.modelPrice(provider, model.slice(slash + 1)) }];
  }

  /** The price a call answered by `provider/providerModel` through `route` pays. */
  priceOf(route: string | undefined, provider: string, providerModel: string): ModelPrice | undefined {
    const key = `${provider}/${providerModel}`;
    if (route !== undefined) {
      const hit = this.byTarget.get(`${route}\u0000${key}`);
      if (hit !== undefined || this.byTarget.has(`${route}\u0000${key}`)) return hit;
    }
    return this.modelPrice(provider, providerModel);
  }
}

const books = new WeakMap<GatewayConfig, PriceBook>();

/** The PriceBook of a config, built on first use. */
export function priceBookFor(config: GatewayConfig): PriceBook {
  let book = books.get(config);
  if (!book) {
    book = new PriceBook(config);
    books.set(config, book);
  }
  return book;
}

/** Prompt tokens served from the provider's prompt cache, as OpenAI reports them. */
export function cachedPromptTokens(usage: Usage): number {
  const details = usage.prompt_tokens_details as { cached_tokens?: unknown } | undefined;
  const cached = details?.cached_tokens;
  return typeof cached === 'number' && cached > 0 ? Math.min(cached, usage.prompt_tokens) : 0;
}

/**
 * Cost in USD. Per 1M-token prices times tokens is micro-dollars, so this is
 * `(tokens × price) / 1e6` with cached prompt tokens at the cached price.
 */
export function costUsd(usage: Usage, price: ModelPrice): number {
  const cached = cachedPromptTokens(usage);
  const micros = (usage.prompt_tokens - cached) * price.inputPer1M + cached * (price.cachedInputPer1M ?? price.inputPer1M) + usage.completion_tokens * price.outputPer1M;
  return micros / 1e6;
}
