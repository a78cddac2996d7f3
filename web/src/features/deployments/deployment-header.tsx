import type { Deployment } from '../../../../src/sdk/index.js';
import { Link } from '../../app/link.js';
import { Badge } from '../../ui/badge.js';
import { formatTime } from '../../ui/format.js';
import { DEPLOYMENTS_PATH } from './deployment-paths.js';
import type { LiveStats } from './live-stats.js';
import { errorTone, formatMs, formatPercent, formatRps, STRATEGY_LABELS, STRATEGY_TONES } from './live-format.js';
import { RollbackDeploymentButton } from './rollback-deployment-button.js';

function LiveCards({ live }: { live: LiveStats | undefined }) {
  const basis = live?.basis === 'live' ? 'last 5 s' : 'since start';
  return (
    <div className="cards live-cards" aria-label="Live traffic">
      <div className="card">
        <span className="muted small">Requests/s</span>
        <span className="card-value mono" data-testid="live-rps">
          {formatRps(live?.rps ?? null)}
        </span>
        <span className="card-note">{live?.rps === null ? 'after the second poll' : 'last 5 s'}</span>
      </div>
      <div className="card">
        <span className="muted small">p99 latency</span>
        <span className="card-value mono" data-testid="live-p99">
          {formatMs(live?.p99Ms)}
        </span>
        <span className="card-note">{basis}, server side</span>
      </div>
      <div className="card" data-tone={errorTone(live?.errorRate ?? null)}>
        <span className="muted small">Error rate</span>
        <span className="card-value mono" data-testid="live-errors">
          {formatPercent(live?.errorRate, 2)}
        </span>
        <span className="card-note">{basis}</span>
      </div>
    </div>
  );
}

export function DeploymentHeader({ deployment, live, onChanged }: { deployment: Deployment; live: LiveStats | undefined; onChanged: (message: string) => void }) {
  const d = deployment;
  return (
    <header className="page-header">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={DEPLOYMENTS_PATH}>Deployments</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{d.name}</span>
      </nav>
      <div className="title-split">
        <div>
          <h1 id="page-title">
            {d.name} <Badge tone={STRATEGY_TONES[d.config.strategy]}>{STRATEGY_LABELS[d.config.strategy]}</Badge>
          </h1>
        </div>
        <RollbackDeploymentButton deployment={d} onRolledBack={onChanged} />
      </div>
      <dl className="meta-list">
        <div>
          <dt>Revision</dt>
          <dd>{d.revision}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            {formatTime(d.updatedAt)} <span className="muted">by {d.createdBy}</span>
          </dd>
        </div>
        <div>
          <dt>Batching</dt>
          <dd>{d.config.settings.batching.enabled ? `on, ≤ ${d.config.settings.batching.maxBatchSize} rows / ${d.config.settings.batching.maxLatencyMs} ms` : 'off'}</dd>
        </div>
        <div>
          <dt>Cache</dt>
          <dd>{d.config.settings.cacheTtlSec === 0 ? 'off' : `${d.config.settings.cacheTtlSec} s`}</dd>
        </div>
        <div>
          <dt>Fallback</dt>
          <dd>{d.config.settings.fallback.kind}</dd>
        </div>
      </dl>
      <LiveCards live={live} />
    </header>
  );
}
