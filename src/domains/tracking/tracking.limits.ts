/**
 * Limits and key rules of tracking as plain values, without zod, so the SDK
 * (which also runs in browsers) can check input before sending it without
 * pulling the validation library into every bundle.
 */
/** MLflow's limits, kept so MLflow clients see the same behaviour. */
export const LIMITS = {
  experimentName: 500,
  runName: 250,
  key: 250,
  paramValue: 6000,
  tagValue: 8000,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
  batchBytes: 1024 * 1024,
  /** Keel's columnar metric batch (`POST /api/v1/runs/:id/metrics`): points over all series of one request. */
  seriesPoints: 100_000,
  /** Series (distinct keys) in one columnar batch. */
  seriesKeys: 1000,
  /** Body bytes of one columnar batch: 100k points of 17-digit values fit with room to spare. */
  seriesBytes: 16 * 1024 * 1024,
  searchMaxResults: 50_000,
} as const;

export const KEY_PATTERN = /^[\w\-. /]+$/;
export const KEY_PATTERN_MESSAGE = 'may contain only letters, digits, underscores, dashes, periods, spaces and slashes';

/** Why `key` is not a valid metric, param or tag key, or null when it is. */
export function keyProblem(key: string): string | null {
  if (key.length === 0) return 'must not be empty';
  if (key.length > LIMITS.key) return `must be at most ${LIMITS.key} characters`;
  if (!KEY_PATTERN.test(key)) return KEY_PATTERN_MESSAGE;
  if (key.startsWith('/') || key.split('/').includes('..')) return 'must be a relative path without ..';
  return null;
}
