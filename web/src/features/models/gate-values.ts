import { formatBytes, formatNumber } from '../../ui/format.js';

/** A measured or threshold value of a gate check as text: numbers to 4 digits, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(formatNumber(v)) || v : v));
}

/** camelCase keys as words: `maxP99Ms` → `max p99 ms`. */
export function humanKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value read with its key's unit: `…Bytes` as KB/MB, `…Ms` in milliseconds, anything else by formatValue. */
export function formatMeasure(key: string, value: unknown): string {
  if (typeof value === 'number' && /bytes$/i.test(key)) return `${formatBytes(Math.abs(value))}${value < 0 ? ' less' : ''}`;
  if (typeof value === 'number' && /Ms$/.test(key)) return `${formatNumber(value)} ms`;
  return formatValue(value);
}
