import { REFRESH_INTERVAL_MS, type Problem } from '../app/server-status.js';

const TITLES: Record<Problem['kind'], string> = {
  unreachable: 'Server unreachable',
  auth: 'API key needed',
  error: 'The server returned an error',
};

export function ProblemBanner({ problem }: { problem: Problem }) {
  return (
    <div className={`banner banner--${problem.kind}`} role="alert">
      <strong>{TITLES[problem.kind]}</strong>
      <span>{problem.message}</span>
      {problem.kind === 'unreachable' && <span className="muted small">Retrying every {REFRESH_INTERVAL_MS / 1000} s; values below may be stale.</span>}
    </div>
  );
}
