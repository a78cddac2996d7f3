import type { RunStatus } from '../experiments/tracking-types.js';

const TONES: Record<RunStatus, string> = {
  RUNNING: 'running',
  SCHEDULED: 'pending',
  FINISHED: 'ok',
  FAILED: 'down',
  KILLED: 'warn',
};

/** Status as a word in a tinted pill; colour only repeats what the text says. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <span className={`status-badge status-badge--${TONES[status]}`}>{status.toLowerCase()}</span>;
}
