import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { ListPanel } from '../../ui/list-panel.js';
import { Page } from '../../ui/page.js';
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
    <Page
      title="Deployments"
      subtitle={`Registered model versions served behind a traffic strategy. Rates refresh every ${POLL_MS / 1000} s; every change is a new revision you can roll back.`}
    >
      {deployments.error !== undefined && <ErrorBanner error={deployments.error} />}
      {live.error !== undefined && <ErrorBanner error={live.error} />}

      <ListPanel
        titleId="deployments-title"
        title="Deployments"
        titleRow
        aside={live.latencyMissing && list.length > 0 && <p className="muted small">Latency needs read access to /metrics.</p>}
        items={deployments.data?.deployments}
        error={deployments.error}
        loadingLabel="Loading deployments"
        empty={
          <div className="empty-state">
            <p>Nothing is deployed yet. Deploy a registered model version:</p>
            <pre className="snippet">{FIRST_DEPLOY}</pre>
          </div>
        }
      >
        {(items) => <DeploymentsTable deployments={items} live={live.byName} />}
      </ListPanel>
    </Page>
  );
}
