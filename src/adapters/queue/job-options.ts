import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { EnqueueOptions } from '../../core/ports/job-queue.js';

export interface ResolvedEnqueueOptions {
  maxAttempts: number;
  backoffMs: number;
  visibilityTimeoutMs: number;
  delayMs: number;
}

/** The port's defaults and argument checks, shared by every queue adapter so they agree. */
export function resolveEnqueueOptions(queue: string, opts: EnqueueOptions = {}): ResolvedEnqueueOptions {
  checkQueueName(queue);
  const resolved = {
    maxAttempts: opts.maxAttempts ?? 3,
    backoffMs: opts.backoffMs ?? 1000,
    visibilityTimeoutMs: opts.visibilityTimeoutMs ?? 60_000,
    delayMs: opts.delayMs ?? 0,
  };
  const bad = [
    !Number.isSafeInteger(resolved.maxAttempts) || resolved.maxAttempts < 1 ? { path: 'maxAttempts', message: 'must be an integer ≥ 1' } : null,
    !Number.isSafeInteger(resolved.backoffMs) || resolved.backoffMs < 0 ? { path: 'backoffMs', message: 'must be an integer ≥ 0' } : null,
    !Number.isSafeInteger(resolved.visibilityTimeoutMs) || resolved.visibilityTimeoutMs < 1 ? { path: 'visibilityTimeoutMs', message: 'must be an integer ≥ 1' } : null,
    !Number.isSafeInteger(resolved.delayMs) || resolved.delayMs < 0 ? { path: 'delayMs', message: 'must be an integer ≥ 0' } : null,
  ].filter((v) => v !== null);
  if (bad.length > 0) throw AppError.invalid('invalid enqueue options', bad);
  return resolved;
}

export function checkQueueName(queue: string): void {
  if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(queue)) throw AppError.invalid(`'${queue.slice(0, 100)}' is not a valid queue name`, [{ path: 'queue', message: 'letters, digits, _ . - (up to 100), starting with a letter or digit' }]);
}

/** The port's retry schedule: attempt n (1-based) waits backoffMs * 2^(n-1). */
export function retryDelayMs(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}

let counter = 0;

/**
 * Job ids that sort by creation time (12 hex digits of milliseconds, a
 * per-process counter, then randomness), so "oldest first" is an index scan on id.
 */
export function newJobId(now: number): string {
  counter = (counter + 1) & 0xffff;
  return now.toString(16).padStart(12, '0') + counter.toString(16).padStart(4, '0') + randomBytes(8).toString('hex');
}
