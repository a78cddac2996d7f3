import { describe, expect, it } from 'vitest';
import { formatEta, progressView } from './batch-progress.js';

describe('batch job progress', () => {
  it('formats an ETA in at most two units', () => {
    expect([formatEta(null), formatEta(0.4), formatEta(59), formatEta(60), formatEta(200), formatEta(7_500), formatEta(Infinity)]).toEqual(['—', '0 s', '59 s', '1 min', '3 min 20 s', '2 h 5 min', '—']);
  });

  it('shows rows done of the total, the rate, and an ETA only while the job runs', () => {
    expect(progressView({ state: 'running', totalRows: 4000, progress: { rows: 1000, failedRows: 0, shardsDone: 0, rowsPerSecond: 250.4, etaSeconds: 12 } })).toEqual({ fraction: 0.25, rows: '1,000 / 4,000 rows', rate: '250 rows/s', eta: 'ETA 12 s' });
    expect(progressView({ state: 'completed', totalRows: 0, progress: { rows: 0, failedRows: 0, shardsDone: 0, rowsPerSecond: 0, etaSeconds: 0 } })).toMatchObject({ fraction: 1, eta: null });
    expect(progressView({ state: 'queued', totalRows: 10, progress: { rows: 0, failedRows: 0, shardsDone: 0, rowsPerSecond: 0, etaSeconds: null } })).toMatchObject({ fraction: 0, eta: 'ETA —' });
  });
});
