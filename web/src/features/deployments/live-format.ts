import type { Arm, Strategy } from '../../../../src/sdk/index.js';
import type { BadgeTone } from '../../ui/badge.js';

export function formatRps(rps: number | null): string {
  if (rps === null) return '—';
  if (rps === 0) return '0';
  return rps < 10 ? rps.toFixed(2) : rps.toFixed(0);
}

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms`;
}

export const STRATEGY_LABELS: Record<Strategy, string> = {
  direct: 'direct',
  'blue-green': 'blue-green',
  canary: 'canary',
  shadow: 'shadow',
  ab: 'A/B',
  bandit: 'bandit',
};

export const STRATEGY_TONES: Record<Strategy, BadgeTone> = {
  direct: 'neutral',
  'blue-green': 'running',
  canary: 'warn',
  shadow: 'running',
  ab: 'running',
  bandit: 'running',
};

export function armRef(arm: Pick<Arm, 'model' | 'version'>): string {
  return `${arm.model}@${arm.version}`;
}

/** How an arm shares traffic, in words: shadow and bandit arms are not weighted by hand. */
export function armShare(strategy: Strategy, arm: Arm): string {
  if (strategy === 'shadow') return arm.name === 'shadow' ? 'copy' : '100%';
  if (strategy === 'bandit') return 'learned';
  return formatPercent(arm.weight, arm.weight * 100 % 1 === 0 ? 0 : 1);
}

/** Error rate above 1% reads as trouble, any errors as a warning. */
export function errorTone(rate: number | null): 'ok' | 'warn' | 'down' {
  if (rate === null || rate === 0) return 'ok';
  return rate > 0.01 ? 'down' : 'warn';
}
