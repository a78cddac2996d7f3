/**
 * Schedule arithmetic of monitors. Time windows are aligned to epoch multiples of their size
 * (hourly runs at :00 UTC), so every server instance computes the same boundaries; count windows
 * are polled and run once enough new predictions are logged.
 */
import type { MonitorWindow } from './monitor.schema.js';

/** How often a count window checks for new predictions. */
export const COUNT_POLL_MS = 60_000;

export function windowMs(w: MonitorWindow): number | null {
  if ('every' in w) return w.every === 'hourly' ? 3_600_000 : 86_400_000;
  if ('seconds' in w) return w.seconds * 1000;
  return null;
}

/** The first boundary strictly after `now`, or the next poll for count windows. */
export function nextRunAt(w: MonitorWindow, now: number): number {
  const size = windowMs(w);
  if (size === null) return now + COUNT_POLL_MS;
  return (Math.floor(now / size) + 1) * size;
}

/** After the run due at `due`: the next boundary after both it and `now` (missed windows are skipped, not replayed). */
export function followingRunAt(w: MonitorWindow, due: number, now: number): number {
  return nextRunAt(w, Math.max(due, now));
}
