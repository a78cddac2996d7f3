import type { Alert, Severity } from '../../../../src/sdk/index.js';
import type { BadgeTone } from '../../ui/badge.js';

export const SEVERITY_TONE: Readonly<Record<Severity, BadgeTone>> = { critical: 'down', warning: 'warn', info: 'neutral' };
export const STATE_TONE: Readonly<Record<Alert['state'], BadgeTone>> = { firing: 'down', pending: 'warn', resolved: 'ok' };

/** The labels that tell alerts of one rule apart (the rule's name and severity show in their own columns). */
export function alertLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Short and exact enough for a table: 0.0512, 12.3, 1 200 000. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}

/** `90` → `1m 30s`, `0` → `at once`. */
export function formatSeconds(s: number): string {
  if (s === 0) return 'at once';
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  return parts.join(' ');
}
