import { REFRESH_INTERVAL_MS, useServerStatus } from '../../app/server-status.js';
import { ProblemBanner } from '../../ui/problem-banner.js';
import { StatusCards } from './status-cards.js';
import { RetentionPanel } from './retention-panel.js';
import { StorageEngines } from './storage-engines.js';

export function OverviewPage() {
  const { health, status, problem, checkedAt } = useServerStatus();
  const origin = window.location.origin;
  const needsKey = problem?.kind === 'auth' || status?.auth.enabled === true;

  return (
    <article className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Overview</h1>
        <p className="page-subtitle">
          This server's health and configuration, refreshed every {REFRESH_INTERVAL_MS / 1000} s.
          {checkedAt !== null && <> Last checked {new Date(checkedAt).toLocaleTimeString()}.</>}
        </p>
      </header>

      {problem && <ProblemBanner problem={problem} />}

      <StatusCards health={health} status={status} reachable={problem?.kind !== 'unreachable'} />

      {status ? (
        <StorageEngines status={status} />
      ) : (
        checkedAt === null && <p className="muted">Loading server status…</p>
      )}

      {status && <RetentionPanel />}

      <section className="panel" aria-labelledby="connect-title">
        <h2 id="connect-title">Connect</h2>
        <p className="muted">The same answers, without the UI:</p>
        <pre className="snippet">
          <code>
            {`curl ${origin}/healthz\ncurl ${origin}/api/v1/status${needsKey ? ' -H "Authorization: Bearer $KEEL_API_KEY"' : ''}`}
          </code>
        </pre>
      </section>
    </article>
  );
}
