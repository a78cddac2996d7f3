import type { Clock } from '../../../core/clock.js';
import type { RetryPolicy } from '../../../core/gateway-config.js';
import { isUpstreamFailure } from '../../../core/ports/upstream-client.js';
import { GatewayError, toGatewayError } from './gateway-error.js';
import type { AttemptRecord } from './pipeline.js';
import { retryDelayMs, sleep } from './resilience/backoff.js';
import type { CompiledTarget } from './routing/index.js';

export interface Executed<T> {
  target: CompiledTarget;
  value: T;
}

/** The caller went away: nothing is sent, and no target is blamed. */
export function clientGone(): GatewayError {
  return new GatewayError({ status: 499, message: 'the client closed the request' });
}

/**
 * Tries the targets in order. On a retriable failure (429, 5xx, timeout,
 * refused or reset connection) the same target is retried with backoff while
 * the policy allows, then the next target is tried; a failure caused by the
 * request (other 4xx) is returned at once. Targets whose breaker is open are
 * skipped; if that leaves none, the answer is 503 with the time until the
 * first cooldown ends.
 */
export async function executeWithFallback<T>(
  routeName: string,
  targets: readonly CompiledTarget[],
  retry: RetryPolicy,
  clock: Clock,
  signal: AbortSignal | undefined,
  run: (target: CompiledTarget) => Promise<T>,
  attempts: AttemptRecord[] | undefined,
): Promise<Executed<T>> {
  let lastError: GatewayError | undefined;
  for (const target of targets) {
    const { state } = target;
    if (!state.breaker.tryAcquire()) continue;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      state.inFlight++;
      state.requests++;
      try {
        const value = await run(target);
        const ms = performance.now() - started;
        state.breaker.onSuccess();
        state.recordLatency(ms);
        attempts?.push({ target: target.key, status: 200, ms });
        return { target, value };
      } catch (err) {
        if (signal?.aborted) {
          state.breaker.release();
          throw clientGone();
        }
        const error = toGatewayError(err, target.provider.context.name);
        attempts?.push({ target: target.key, status: isUpstreamFailure(error.cause) ? 0 : error.status, ms: performance.now() - started, error: error.message });
        if (!error.retriable) {
          // The provider answered; the request was at fault. The target is healthy.
          state.breaker.onSuccess();
          throw error;
        }
        state.failures++;
        state.breaker.onFailure();
        lastError = error;
        if (attempt >= retry.attempts || !state.breaker.tryAcquire()) break;
        const delay = retryDelayMs(retry, attempt, error.retryAfterMs);
        if (delay === undefined) break;
        try {
          await sleep(delay, signal);
        } catch {
          state.breaker.release();
          throw clientGone();
        }
      } finally {
        state.inFlight--;
      }
    }
  }
  if (lastError) throw lastError;
  const reopen = Math.min(...targets.map((t) => t.state.breaker.cooldownUntil).filter((t) => t > 0));
  const wait = Number.isFinite(reopen) ? Math.max(0, reopen - clock.now()) : undefined;
  throw new GatewayError({
    status: 503,
    message: `every target of '${routeName}' is cooling down after repeated failures; retry later`,
    openaiCode: 'targets_cooling_down',
    retryAfterMs: wait,
  });
}
