import type { BudgetPeriod } from '../../access/index.js';

const DAY_MS = 86_400_000;

export interface PeriodWindow {
  /** Stable name of the period, part of its counter's key: `2026-11-27`, `w2026-11-23`, `2026-11`, `total`. */
  id: string;
  /** Epoch ms the period started (0 for `total`). */
  start: number;
  /** Epoch ms it ends; undefined for `total`. */
  end: number | undefined;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Calendar periods in UTC; weeks start on Monday (ISO 8601), so every replica agrees without configuration. */
export function periodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  switch (period) {
    case 'day':
      return { id: isoDate(midnight), start: midnight, end: midnight + DAY_MS };
    case 'week': {
      const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
      const start = midnight - daysSinceMonday * DAY_MS;
      return { id: `w${isoDate(start)}`, start, end: start + 7 * DAY_MS };
    }
    case 'month': {
      const d = new Date(now);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      return { id: isoDate(start).slice(0, 7), start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
    case 'total':
      return { id: 'total', start: 0, end: undefined };
  }
}

/** Counter TTL: the rest of the period plus a day, so a late settlement still finds its counter. */
export function periodTtlMs(window: PeriodWindow, now: number): number | undefined {
  return window.end === undefined ? undefined : window.end - now + DAY_MS;
}
