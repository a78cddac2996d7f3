import { formatDuration } from '../features/overview/format-duration.js';

/** Metric values as people read them: 4 significant digits, exponent for tiny/huge, and the non-finite ones by name. */
export function formatNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const n = typeof value === 'string' ? Number(value) : value;
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '−∞';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1e6 || abs < 1e-4) return n.toExponential(3);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}

/** "non-finite arrives as a string" → number, so NaN/±Inf compare and chart like numbers. */
export function toNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms <= 0) return '—';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** For dense tables: `Nov 27, 15:02` within the current year, `Nov 27, 2025` before it. */
export function formatShortTime(ms: number | null | undefined, now = new Date()): string {
  if (ms === null || ms === undefined || ms <= 0) return '—';
  const date = new Date(ms);
  if (date.getFullYear() !== now.getFullYear()) return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
  return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** A run's duration: to its end, or to now while it is still running. */
export function formatRunDuration(startTime: number, endTime: number | null, now = Date.now()): string {
  if (!startTime) return '—';
  const end = endTime ?? now;
  const ms = end - startTime;
  if (ms < 1000) return `${Math.max(0, ms)}ms`;
  return formatDuration(ms);
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
