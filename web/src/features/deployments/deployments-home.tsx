import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { DeploymentsTable } from './deployments-table.js';
import { POLL_MS, useLiveStats } from './use-live-stats.js';

const FIRST_DEPLOY = `keel deploy iris --model iris@champion
keel deploy iris --model iris@3 --strategy canary --candidate iris@4 --weight 5`;

/** `/deployments`: every deployment with its strategy, traffic split and live rates. */
export function DeploymentsHome() {
  const keel = useKeel();
  const deployments = useLoad(() => keel.deployments.list(), 'deployments');
  const list = deployments.data?.deployments ?? [];
  const live = useLiveStats(list.map((d) => d.name));

  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Deployments</h1>
        <p className="page-subtitle">
          Registered model versions served behind a traffic strategy. Rates refresh every {POLL_MS / 1000} s; every change is a new revision you can roll back.
        </p>
      </header>

      {deployments.error !== undefined && <ErrorBanner error={deployments.error} />}
      {live.error !== undefined && <ErrorBanner error={live.error} />}

      <section className="panel" aria-labelledby="deployments-title">
        <div className="panel-title-row">
          <h2 id="deployments-title">
            Deployments {list.length > 0 && <span className="count">{list.length}</span>}
          </h2>
          {live.latencyMissing && list.length > 0 && <p className="muted small">Latency needs read access to /metrics.</p>}
        </div>
        {!deployments.data ? (
          deployments.error === undefined && <Loading label="Loading deployments" lines={4} />
        ) : list.length === 0 ? (
          <div className="empty-state">
            <p>Nothing is deployed yet. Deploy a registered model version:</p>
            <pre className="snippet">{FIRST_DEPLOY}</pre>
          </div>
        ) : (
          <DeploymentsTable deployments={list} live={live.byName} />
        )}
      </section>
    </article>
  );
}
