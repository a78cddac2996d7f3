import { StatusDot, type Tone } from '../ui/status-dot.js';
import { ApiKeyField } from './api-key-field.js';
import { Link } from './link.js';
import { useServerStatus } from './server-status.js';

function connection(state: ReturnType<typeof useServerStatus>): { tone: Tone; label: string } {
  if (state.checkedAt === null) return { tone: 'pending', label: 'Connecting…' };
  switch (state.problem?.kind) {
    case undefined:
      return { tone: 'ok', label: 'Healthy' };
    case 'unreachable':
      return { tone: 'down', label: 'Unreachable' };
    case 'auth':
      return { tone: 'warn', label: 'API key needed' };
    case 'error':
      return { tone: 'warn', label: 'Degraded' };
  }
}

export function AppHeader({ apiKey, onApiKeyChange }: { apiKey: string; onApiKeyChange: (next: string) => void }) {
  const state = useServerStatus();
  const { tone, label } = connection(state);
  const version = state.health?.version ?? state.status?.version;

  return (
    <header className="app-header">
      <Link to="/" className="brand" aria-label="Keel overview">
        <span className="brand-mark" aria-hidden="true">K</span>
        <span className="brand-name">Keel</span>
      </Link>
      {version && <span className="version-chip mono">v{version}</span>}
      <div className="header-spacer" />
      <div className="connection" role="status" aria-live="polite">
        <StatusDot tone={tone} />
        <span>{label}</span>
      </div>
      <ApiKeyField apiKey={apiKey} onChange={onApiKeyChange} needed={state.problem?.kind === 'auth'} />
    </header>
  );
}
