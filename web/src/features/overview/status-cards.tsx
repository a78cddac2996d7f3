import type { Health, SystemStatus } from '../../app/server-status.js';
import { StatusDot } from '../../ui/status-dot.js';
import { formatDuration } from './format-duration.js';

interface StatusCardsProps {
  health: Health | null;
  status: SystemStatus | null;
  reachable: boolean;
}

export function StatusCards({ health, status, reachable }: StatusCardsProps) {
  const healthy = reachable && health?.status === 'ok';
  return (
    <dl className="cards">
      <div className="card">
        <dt>Health</dt>
        <dd className="card-value">
          <StatusDot tone={healthy ? 'ok' : health ? 'down' : 'pending'} />
          {healthy ? 'Healthy' : health ? 'Unreachable' : '—'}
        </dd>
      </div>
      <div className="card">
        <dt>Version</dt>
        <dd className="card-value mono" data-testid="overview-version">
          {health?.version ?? status?.version ?? '—'}
        </dd>
      </div>
      <div className="card">
        <dt>Uptime</dt>
        <dd className="card-value">{status ? formatDuration(status.uptimeMs) : '—'}</dd>
        {status && (
          <dd className="card-note">since {new Date(status.startedAt).toLocaleString()}</dd>
        )}
      </div>
      <div className="card">
        <dt>Authentication</dt>
        <dd className="card-value">{status ? (status.auth.enabled ? 'API keys required' : 'Off') : '—'}</dd>
        {status && !status.auth.enabled && <dd className="card-note">anyone who can reach the server can use it</dd>}
      </div>
    </dl>
  );
}
