import { AppError } from '../../core/errors.js';

/** Both KV adapters reject the same bad arguments with the same errors. */
export function checkTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw AppError.invalid(`ttlMs must be a positive integer, got ${ttlMs}`, [{ path: 'ttlMs', message: 'must be a positive integer' }]);
  return ttlMs;
}

export function checkIncrement(by: number): number {
  if (!Number.isSafeInteger(by)) throw AppError.invalid(`increment must be an integer, got ${by}`, [{ path: 'by', message: 'must be an integer' }]);
  return by;
}

export function notAnInteger(key: string, cause?: unknown): AppError {
  return new AppError('FAILED_PRECONDITION', `the value of '${key}' is not an integer, so it cannot be incremented`, { details: { key }, cause });
}
