import type { MonitorSummary, MonitorWindowInput } from './monitor-types.js';

export function formatStat(v: number | null | undefined, digits = 3): string {
  return typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '—';
}

export function windowText(w: MonitorWindowInput): string {
  if ('every' in w) return w.every;
  if ('seconds' in w) return w.seconds % 3600 === 0 ? `every ${w.seconds / 3600} h` : w.seconds % 60 === 0 ? `every ${w.seconds / 60} min` : `every ${w.seconds} s`;
  return `every ${w.predictions} predictions`;
}

export function sourceText(m: Pick<MonitorSummary, 'config'>): string {
  return 'deployment' in m.config.source ? `deployment ${m.config.source.deployment}` : `dataset ${m.config.source.dataset.sha256.slice(0, 12)}…`;
}

/** What the list's status column says: never run, failed, no data, drift, or ok. */
export function monitorStatus(m: MonitorSummary): { tone: 'ok' | 'warn' | 'down' | 'neutral'; text: string } {
  const r = m.lastRun;
  if (!r) return { tone: 'neutral', text: 'never run' };
  if (r.status === 'failed') return { tone: 'down', text: 'failed' };
  if (r.status === 'skipped') return { tone: 'neutral', text: 'no data' };
  if (r.datasetDrift) return { tone: 'warn', text: 'drift' };
  return { tone: 'ok', text: 'no drift' };
}
