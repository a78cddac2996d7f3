import type { MaterializationRun, MaterializationRunState, MaterializeRequest } from '../../../../src/sdk/index.js';
import type { BadgeTone } from '../../ui/badge.js';

export const RUN_STATE_TONES: Record<MaterializationRunState, BadgeTone> = { queued: 'neutral', running: 'running', completed: 'ok', failed: 'down' };

export function isRunActive(run: Pick<MaterializationRun, 'state'>): boolean {
  return run.state === 'queued' || run.state === 'running';
}

export interface MaterializeDraft {
  mode: 'incremental' | 'window';
  /** `datetime-local` values (local time); an empty start means the beginning of time, an empty end now. */
  start: string;
  end: string;
}

export const INCREMENTAL_DRAFT: MaterializeDraft = { mode: 'incremental', start: '', end: '' };

/** The request body for one view (or all when `view` is undefined); local input times become ISO instants. */
export function materializeRequest(draft: MaterializeDraft, view?: string): MaterializeRequest {
  const views = view === undefined ? {} : { views: [view] };
  if (draft.mode === 'incremental') return { ...views, incremental: true };
  const iso = (local: string): string | undefined => (local === '' ? undefined : new Date(local).toISOString());
  const start = iso(draft.start);
  const end = iso(draft.end);
  return { ...views, ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}

/** `done / total` rows as a 0…1 fraction; an uncounted view is at 0, an empty one is complete. */
export function progressFraction(p: { done: number; total: number | null }): number {
  if (p.total === null) return 0;
  if (p.total === 0) return 1;
  return Math.min(1, p.done / p.total);
}

/** `120 / 3,000 rows`, or `waiting` before the view's entities are counted. */
export function progressText(p: { done: number; total: number | null }): string {
  if (p.total === null) return 'waiting';
  return `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} rows`;
}

/** The total rows written by a completed run. */
export function writtenRows(run: MaterializationRun): number {
  return (run.result?.views ?? []).reduce((sum, v) => sum + v.written, 0);
}
