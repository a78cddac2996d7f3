import type { RetryPolicy } from '../../../../core/gateway-config.js';

/**
 * Delay before retry number `attempt` (0-based): exponential with full jitter,
 * so many clients retrying after the same outage spread out instead of
 * arriving together. A provider's `retry-after` is a floor, not a suggestion.
 * Returns undefined when the provider asks for a longer wait than the policy
 * allows: better to fall back to another target at once.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined, random: () => number = Math.random): number | undefined {
  if (retryAfter !== undefined) {
    if (retryAfter > policy.maxRetryAfterMs) return undefined;
    return retryAfter;
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * cap);
}

/** Resolves after `ms`, or rejects at once when `signal` aborts (the client left). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
