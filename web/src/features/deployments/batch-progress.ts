import type { BatchJobState, BatchJobStatus } from '../../../../src/sdk/index.js';
import type { BadgeTone } from '../../ui/badge.js';

export const BATCH_STATE_TONES: Record<BatchJobState, BadgeTone> = { queued: 'neutral', running: 'running', completed: 'ok', failed: 'down' };

export function isActive(job: Pick<BatchJobStatus, 'state'>): boolean {
  return job.state === 'queued' || job.state === 'running';
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `45 s`, `3 min 20 s`, `2 h 5 min`: an estimate needs no more than two units. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}

export interface ProgressView {
  /** 0…1 of the rows done. */
  fraction: number;
  rows: string;
  rate: string;
  /** Absent once the job has stopped. */
  eta: string | null;
}

/** What the progress bar and its caption say about one job. */
export function progressView(job: Pick<BatchJobStatus, 'state' | 'totalRows' | 'progress'>): ProgressView {
  const { rows, rowsPerSecond, etaSeconds } = job.progress;
  const fraction = job.state === 'completed' ? 1 : job.totalRows > 0 ? Math.min(1, rows / job.totalRows) : 0;
  return {
    fraction,
    rows: `${whole(rows)} / ${whole(job.totalRows)} rows`,
    rate: `${whole(rowsPerSecond)} rows/s`,
    eta: isActive(job) ? `ETA ${formatEta(etaSeconds)}` : null,
  };
}
