import { useEffect, useState } from 'react';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { KeyBudgets } from './key-budgets.js';
import { ProviderHealth } from './provider-health.js';
import { RequestLog } from './request-log.js';
import { RoutesTable } from './routes-table.js';
import { UsagePanel } from './usage-panel.js';
import './gateway.css';

/** Provider health changes by the second (cooldowns): polled; the rest refreshes on the button. */
const HEALTH_POLL_MS = 5_000;

function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Budgets need an admin key: say that instead of showing an error. */
function adminOnly(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'PERMISSION_DENIED' || error.code === 'UNAUTHENTICATED');
}

/** `/gateway`: providers and their health, routes, keys with budgets, spend over time and the request log. */
export function GatewayPage() {
  const keel = useKeel();
  const now = useTick(HEALTH_POLL_MS);
  const [refreshKey, setRefreshKey] = useState(0);
  const config = useLoad(() => keel.gateway.config(), `config:${refreshKey}`);
  const targets = useLoad(() => keel.gateway.targets(), `targets:${now}`);
  const budgets = useLoad(() => keel.gateway.budgets(), `budgets:${refreshKey}`);

  return (
    <article className="page page--wide gateway-page" aria-labelledby="page-title">
      <header className="page-header title-split">
        <div>
          <h1 id="page-title">Gateway</h1>
          <p className="page-subtitle">
            One OpenAI-compatible endpoint at <span className="mono">/v1</span> in front of your LLM providers: routing, fallback, caching, keys and cost.
          </p>
        </div>
        <button type="button" className="button" onClick={() => setRefreshKey((k) => k + 1)}>
          Refresh
        </button>
      </header>

      {config.error !== undefined && <ErrorBanner error={config.error} />}

      <div className="gateway-grid">
        <section className="panel" aria-labelledby="providers-title">
          <h2 id="providers-title">Providers</h2>
          {config.data ? <ProviderHealth config={config.data.config} targets={targets.data ?? []} now={now} /> : config.error === undefined && <Loading label="Loading providers" lines={3} />}
          {targets.error !== undefined && <ErrorBanner error={targets.error} />}
        </section>

        <section className="panel" aria-labelledby="routes-title">
          <h2 id="routes-title">
            Routes {config.data && <span className="muted small">config {config.data.source === 'api' ? `edited, v${config.data.version}` : 'from file'}</span>}
          </h2>
          {config.data ? <RoutesTable config={config.data.config} /> : config.error === undefined && <Loading label="Loading routes" lines={3} />}
        </section>
      </div>

      <section className="panel" aria-labelledby="usage-title">
        <h2 id="usage-title">Spend and tokens</h2>
        <UsagePanel refreshKey={refreshKey} />
      </section>

      <section className="panel" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys and budgets</h2>
        {budgets.data ? (
          <KeyBudgets keys={budgets.data} />
        ) : budgets.error !== undefined ? (
          adminOnly(budgets.error) ? <p className="muted">Budgets are shown to admin keys only.</p> : <ErrorBanner error={budgets.error} />
        ) : (
          <Loading label="Loading keys" lines={2} />
        )}
      </section>

      <section className="panel" aria-labelledby="requests-title">
        <h2 id="requests-title">Request log</h2>
        <RequestLog refreshKey={refreshKey} />
      </section>
    </article>
  );
}
