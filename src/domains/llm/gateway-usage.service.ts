import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { GatewayConfig } from '../../core/gateway-config.js';
import type { KvStore } from '../../core/ports/kv-store.js';
import { parseInput } from '../../core/validation.js';
import type { ApiKey, GatewayKeyLimits } from '../access/index.js';
import { costUsd, priceBookFor } from './cost/price-book.js';
import { requestLogQuerySchema, usageQuerySchema, type KeyBudget, type RequestLogPage, type RequestLogQueryInput, type UsageBucket, type UsageQueryInput, type UsageReport } from './gateway-usage.schema.js';
import type { CallOutcome, GatewayCall, GatewayHook, GatewayLogger } from './gateway/index.js';
import { KeyLimiter, type Reservation } from './limits/key-limiter.js';
import { noGatewayMetrics, type GatewayMetrics } from './request-log/gateway-metrics.js';
import { buildRecord } from './request-log/request-record.js';
import { RequestLogWriter } from './request-log/request-log.writer.js';
import type { GatewayRequestLogStore, RequestLogCursor, RequestLogFilter } from './request-log/request-log.store.js';

/** `call.locals` key of the reservation a call holds between beforeCall and afterCall. */
const RESERVATION_LOCAL = 'usage.reservation';
/** `call.locals` key the cache hook writes its verdict to (hit, semantic-hit, miss). */
const CACHE_LOCAL = 'cache';
const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

export interface GatewayUsageDeps {
  kv: KvStore;
  store: GatewayRequestLogStore;
  /** The gateway limits of a Keel API key (AccessService.gatewayLimits), null when it has none. */
  keyLimits: (keyId: string) => Promise<GatewayKeyLimits | null>;
  /** The gateway config in force (GatewayService.activeConfig), for prices. */
  gatewayConfig: () => GatewayConfig;
  clock: Clock;
  metrics?: GatewayMetrics | undefined;
  logger?: GatewayLogger | undefined;
  /** Request-log batching (tests shorten it). */
  flushEveryMs?: number | undefined;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function encodeCursor(c: RequestLogCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

function decodeCursor(token: string): RequestLogCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'number' && typeof id === 'string') return { at, id };
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid('pageToken is not one this server issued', [{ path: 'query.pageToken', message: 'invalid page token' }]);
}

function filterOf(q: RequestLogFilter): RequestLogFilter {
  return { key: q.key, model: q.model, route: q.route, user: q.user, tag: q.tag, status: q.status, from: q.from, to: q.to };
}

/**
 * Virtual-key limits, budgets, cost and the request log of the LLM gateway, as
 * one pipeline hook (add it before the cache hook, so limits apply to cache
 * hits too) plus the queries behind `/api/v1/gateway/{requests,usage,budgets}`.
 *
 * beforeCall: the key's model allow-list, max-parallel, rpm, tpm and budget,
 * the budget by reserving the call's maximum cost (limits/reservation.ts).
 * afterCall: price the call, settle the reservation with the actual cost,
 * count metrics and queue the log record — all off the request path.
 */
export class GatewayUsageService {
  readonly hook: GatewayHook;
  private readonly limiter: KeyLimiter;
  private readonly writer: RequestLogWriter;
  private readonly metrics: GatewayMetrics;
  private readonly settling = new Set<Promise<void>>();

  constructor(private readonly deps: GatewayUsageDeps) {
    this.limiter = new KeyLimiter(deps.kv, deps.clock);
    this.writer = new RequestLogWriter(deps.store, { flushEveryMs: deps.flushEveryMs, logger: deps.logger });
    this.metrics = deps.metrics ?? noGatewayMetrics;
    this.hook = {
      name: 'usage',
      // Calls without a key (auth off) skip the async path entirely: the gateway's hot path stays lean.
      beforeCall: (call) => (call.principal === undefined ? undefined : this.beforeCall(call)),
      afterCall: (call, outcome) => this.afterCall(call, outcome),
    };
  }

  private async beforeCall(call: GatewayCall): Promise<undefined> {
    const keyId = call.principal?.keyId;
    if (keyId === undefined) return undefined;
    const limits = await this.deps.keyLimits(keyId);
    if (!limits) return undefined;
    const reservation = await this.limiter.admit(call, keyId, limits, priceBookFor(this.deps.gatewayConfig()));
    if (reservation) call.locals.set(RESERVATION_LOCAL, reservation);
    return undefined;
  }

  private afterCall(call: GatewayCall, outcome: CallOutcome): void {
    let cost = 0;
    // A cached answer cost nothing upstream.
    if (outcome.usage && outcome.provider && outcome.providerModel && outcome.answeredBy === undefined) {
      const price = priceBookFor(this.deps.gatewayConfig()).priceOf(outcome.route, outcome.provider, outcome.providerModel);
      if (price) cost = costUsd(outcome.usage, price);
    }
    const locals = call.locals;
    const cacheNow = locals.get(CACHE_LOCAL);
    const tokensIn = outcome.usage?.prompt_tokens ?? 0;
    const tokensOut = outcome.usage?.completion_tokens ?? 0;
    this.metrics.record({
      route: outcome.route ?? null,
      provider: outcome.provider ?? null,
      providerModel: outcome.providerModel ?? null,
      status: outcome.status,
      cache: typeof cacheNow === 'string' ? cacheNow : outcome.answeredBy !== undefined ? 'hit' : 'none',
      latencyMs: roundMs(outcome.latencyMs),
      ttftMs: outcome.ttftMs === undefined ? null : roundMs(outcome.ttftMs),
      tokensIn,
      tokensOut,
      costUsd: cost,
    });
    // The record is built when its batch is written, off the call's path; the cache hook's verdict
    // (set in its own afterCall, which may run after this one) is read then too.
    this.writer.push({
      build: () => {
        const record = buildRecord(call, outcome, cost);
        const cache = locals.get(CACHE_LOCAL);
        if (typeof cache === 'string') record.cache = cache;
        return record;
      },
    });
    const reservation = locals.get(RESERVATION_LOCAL) as Reservation | undefined;
    if (reservation) {
      const tokens = outcome.answeredBy === undefined ? tokensIn + tokensOut : 0;
      const settle = this.limiter
        .settle(reservation, tokens, cost * 1e6)
        .catch((err: unknown) => this.deps.logger?.error({ err, requestId: call.id, keyId: reservation.keyId }, 'settling a gateway budget reservation failed'))
        .finally(() => this.settling.delete(settle));
      this.settling.add(settle);
    }
  }

  /** Request log, newest first. Writes still buffered are flushed first, so a caller reads its own calls. */
  async requests(input: RequestLogQueryInput): Promise<RequestLogPage> {
    const q = parseInput(requestLogQuerySchema, input, 'query');
    await this.writer.flush();
    const rows = await this.deps.store.list(filterOf(q), q.limit + 1, q.pageToken ? decodeCursor(q.pageToken) : undefined);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { requests: page, ...(rows.length > q.limit && last ? { nextPageToken: encodeCursor({ at: last.at, id: last.id }) } : {}) };
  }

  /** Spend, tokens and requests per group and time bucket, for charts. */
  async usage(input: UsageQueryInput): Promise<UsageReport> {
    const q = parseInput(usageQuerySchema, input, 'query');
    await this.writer.flush();
    const buckets = await this.deps.store.usage(filterOf(q), q.groupBy, BUCKET_MS[q.interval]);
    const totals = new Map<string, Omit<UsageBucket, 'start'>>();
    for (const b of buckets) {
      const t = totals.get(b.group) ?? { group: b.group, requests: 0, errors: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
      t.requests += b.requests;
      t.errors += b.errors;
      t.tokensIn += b.tokensIn;
      t.tokensOut += b.tokensOut;
      t.costUsd += b.costUsd;
      totals.set(b.group, t);
    }
    return { groupBy: q.groupBy, interval: q.interval, buckets, totals: [...totals.values()].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests) };
  }

  /** Limits and current-period spend of every key that has gateway limits. */
  async budgets(keys: readonly ApiKey[]): Promise<KeyBudget[]> {
    const out: KeyBudget[] = [];
    for (const key of keys) {
      if (!key.limits) continue;
      const spent = await this.limiter.spentMicros(key.id, key.limits);
      const b = key.limits.budget;
      out.push({
        keyId: key.id,
        name: key.name,
        revoked: key.revokedAt !== null,
        limits: key.limits,
        budget: b && spent ? { period: b.period, limitUsd: b.usd, spentUsd: spent.micros / 1e6, periodStart: spent.start, resetsAt: spent.end ?? null } : null,
      });
    }
    return out;
  }

  /** Waits for pending settlements and writes the buffered log (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.settling.size > 0) await Promise.allSettled([...this.settling]);
    await this.writer.flush();
  }

  /** Records dropped by the log writer (buffer full or database failing). */
  get droppedLogRecords(): number {
    return this.writer.dropped;
  }

  async close(): Promise<void> {
    await this.drain();
  }
}
