import type { TrainingJobState } from '../../../../src/sdk/index.js';

const TONES: Record<TrainingJobState, string> = { queued: 'warn', running: 'running', retrying: 'warn', succeeded: 'ok', failed: 'down', cancelled: 'down' };

export function JobStateBadge({ state }: { state: TrainingJobState }) {
  return <span className={`status-badge status-badge--${TONES[state]}`}>{state}</span>;
}
