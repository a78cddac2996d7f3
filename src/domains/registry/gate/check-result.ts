/**
 * Shapes shared by the check files. Reports are stored as JSON and must read the
 * same after a round trip, so every measured number passes through `finite`
 * (JSON has no NaN or Infinity: they would silently turn into null).
 */
import type { GateCheckName, GateCheckResult } from './gate.api.js';

/** What a check gets when the model could not be evaluated: the reason becomes a failing verdict. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export function finite(n: number | null | undefined, digits = 6): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function skipped(name: GateCheckName): GateCheckResult {
  return { name, verdict: 'skipped', measured: {}, threshold: {}, evidence: {}, message: `${name} is not configured in the policy` };
}

export function cannotRun(name: GateCheckName, reason: string, threshold: Record<string, unknown>): GateCheckResult {
  return { name, verdict: 'fail', measured: {}, threshold, evidence: { error: reason }, message: `${name} check could not run: ${reason}` };
}
