import type { Clock } from '../../../core/clock.js';
import type { KvStore } from '../../../core/ports/kv-store.js';
import type { GatewayKeyLimits } from '../../access/index.js';
import { GatewayError, type GatewayCall } from '../gateway/index.js';
import type { PriceBook } from '../cost/price-book.js';
import { periodTtlMs, periodWindow } from './budget-period.js';
import { parallelHit, reserve, slidingWindowHit, type CounterCheck } from './kv-counters.js';
import { countCallPrompt, maxCostMicros, promptHeadroom } from './reservation.js';

const MINUTE_MS = 60_000;

/** What a call admitted under limits holds until it ends; kept in `call.locals`. */
export interface Reservation {
  keyId: string;
  /** In-flight slot to decrement. */
  parallelKey: string | undefined;
  /** Token window counter, and the tokens charged to it before the call. */
  tpmKey: string | undefined;
  tpmReserved: number;
  /** Spend counter of the period the call started in, and the micro-dollars reserved on it. */
  budgetKey: string | undefined;
  budgetReserved: number;
}

export function spendKey(keyId: string, periodId: string): string {
  return `gw:spend:${keyId}:${periodId}`;
}

function allowed(limits: readonly string[], model: string): boolean {
  for (const m of limits) {
    if (m === model) return true;
    // `provider/*`: every model of one provider.
    if (m.endsWith('/*') && model.startsWith(m.slice(0, -1))) return true;
  }
  return false;
}

function tooMany(message: string, code: string, retryAfterMs: number | undefined): GatewayError {
  return new GatewayError({ status: 429, type: 'rate_limit_error', message, openaiCode: code, retryAfterMs });
}

/**
 * Checks a virtual key's gateway limits before a call and settles them after.
 * Every check increments its counter first (kv-counters.ts), all in parallel;
 * when any refuses, every increment is taken back and the call gets a 429.
 */
export class KeyLimiter {
  constructor(
    private readonly kv: KvStore,
    private readonly clock: Clock,
  ) {}

  async admit(call: GatewayCall, keyId: string, limits: GatewayKeyLimits, book: PriceBook): Promise<Reservation | undefined> {
    if (limits.models && !allowed(limits.models, call.model)) {
      throw new GatewayError({ status: 403, type: 'permission_error', message: `This API key may not use the model \`${call.model}\`; it may use: ${limits.models.join(', ')}.`, param: 'model', openaiCode: 'model_not_allowed' });
    }
    if (!limits.budget && !limits.rpm && !limits.tpm && !limits.maxParallel) return undefined;
    const now = this.clock.now();
    const promptTokens = limits.budget || limits.tpm ? await countCallPrompt(call) : 0;

    let budgetMicros = 0;
    let budgetKey: string | undefined;
    const budget = limits.budget;
    const window = budget ? periodWindow(budget.period, now) : undefined;
    if (budget && window) {
      const candidates = book.candidates(call.model) ?? [];
      const max = maxCostMicros(call, candidates, promptTokens);
      if (max === undefined) {
        const unpriced = candidates.filter((c) => !c.price).map((c) => c.target);
        throw new GatewayError({ status: 403, type: 'permission_error', message: `This API key has a budget, but ${unpriced.join(', ')} has no price, so its cost cannot be bounded; add it to gateway.pricing.`, param: 'model', openaiCode: 'model_not_priced' });
      }
      budgetMicros = max;
      budgetKey = spendKey(keyId, window.id);
    }
    const tpmAmount = limits.tpm ? promptHeadroom(promptTokens) : 0;

    const [parallel, rpm, tpm, spend] = await Promise.all([
      limits.maxParallel ? parallelHit(this.kv, `gw:par:${keyId}`, limits.maxParallel, now) : undefined,
      limits.rpm ? slidingWindowHit(this.kv, `gw:rpm:${keyId}`, 1, limits.rpm, MINUTE_MS, now) : undefined,
      limits.tpm ? slidingWindowHit(this.kv, `gw:tpm:${keyId}`, tpmAmount, limits.tpm, MINUTE_MS, now) : undefined,
      budget && budgetKey && window ? reserve(this.kv, budgetKey, budgetMicros, Math.round(budget.usd * 1e6), periodTtlMs(window, now), window.end === undefined ? undefined : window.end - now) : undefined,
    ]);
    const checks: (CounterCheck | undefined)[] = [parallel, rpm, tpm, spend];
    const refusal = this.refusal(limits, parallel, rpm, tpm, spend);
    if (refusal) {
      // A refused call leaves no trace in any counter: afterCall finds no reservation to settle.
      await Promise.all(checks.map((c) => c?.undo()));
      throw refusal;
    }
    return { keyId, parallelKey: parallel?.key, tpmKey: tpm?.key, tpmReserved: tpmAmount, budgetKey, budgetReserved: budgetMicros };
  }

  private refusal(limits: GatewayKeyLimits, parallel: CounterCheck | undefined, rpm: CounterCheck | undefined, tpm: CounterCheck | undefined, spend: CounterCheck | undefined): GatewayError | undefined {
    if (spend?.over) {
      const b = limits.budget;
      return tooMany(`This API key's budget of $${b?.usd} per ${b?.period === 'total' ? 'lifetime' : b?.period} would be exceeded by this request's maximum cost.`, 'budget_exceeded', spend.retryAfterMs);
    }
    if (parallel?.over) return tooMany(`This API key already has ${limits.maxParallel} requests in flight (max-parallel).`, 'concurrency_limit_exceeded', parallel.retryAfterMs);
    if (rpm?.over) return tooMany(`Rate limit reached for this API key: ${limits.rpm} requests per minute.`, 'rate_limit_exceeded', rpm.retryAfterMs);
    if (tpm?.over) return tooMany(`Rate limit reached for this API key: ${limits.tpm} tokens per minute.`, 'rate_limit_exceeded', tpm.retryAfterMs);
    return undefined;
  }

  /** After the call: release the in-flight slot and replace the reservations by what was actually used. */
  async settle(r: Reservation, tokens: number, costMicros: number): Promise<void> {
    const work: Promise<number>[] = [];
    if (r.parallelKey) work.push(this.kv.incrBy(r.parallelKey, -1));
    if (r.tpmKey && tokens !== r.tpmReserved) work.push(this.kv.incrBy(r.tpmKey, tokens - r.tpmReserved, { ttlMs: 2 * MINUTE_MS + 5_000 }));
    // Rounded up: a budget is never undercharged, by at most a micro-dollar per call.
    const actual = Math.ceil(costMicros);
    if (r.budgetKey && actual !== r.budgetReserved) work.push(this.kv.incrBy(r.budgetKey, actual - r.budgetReserved));
    await Promise.all(work);
  }

  /** Micro-dollars charged to a key in its current budget period (reservations of calls in flight included). */
  async spentMicros(keyId: string, limits: GatewayKeyLimits): Promise<{ micros: number; start: number; end: number | undefined } | undefined> {
    if (!limits.budget) return undefined;
    const window = periodWindow(limits.budget.period, this.clock.now());
    const raw = await this.kv.get(spendKey(keyId, window.id));
    return { micros: Number(raw ?? 0) || 0, start: window.start, end: window.end };
  }
}
