import { useReducer, useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { ArmStatsPanel } from './arm-stats-panel.js';
import { BatchJobsPanel } from './batch-jobs-panel.js';
import { CanaryProgress } from './canary-progress.js';
import { DeploymentAuditTable, RevisionsTable } from './deployment-history.js';
import { DeploymentHeader } from './deployment-header.js';
import { StreamsPanel } from './streams-panel.js';
import { TrafficSplitEditor } from './traffic-split-editor.js';
import { TryItForm } from './try-it-form.js';
import { useLiveStats } from './use-live-stats.js';

/** `/deployments/<name>`: live rates, the split and its editor, strategy-specific statistics, batch jobs and stream bindings, history, and a request form. */
export function DeploymentPage({ name }: { name: string }) {
  const keel = useKeel();
  // A save or rollback changes every section: one counter reloads them all.
  const [generation, changed] = useReducer((g: number) => g + 1, 0);
  const [notice, setNotice] = useState<string | null>(null);
  const key = `${name}:${generation}`;
  const deployment = useLoad(() => keel.deployments.get(name), key);
  const revisions = useLoad(() => keel.deployments.revisions(name), key);
  const audit = useLoad(() => keel.deployments.audit(name), key);
  const live = useLiveStats([name], generation).byName.get(name);

  const onChanged = (message: string): void => {
    setNotice(message);
    changed();
  };

  const d = deployment.data;
  if (!d) {
    return (
      <article className="page page--wide" aria-labelledby="page-title">
        <header className="page-header">
          <h1 id="page-title">{name}</h1>
        </header>
        {deployment.error !== undefined ? <ErrorBanner error={deployment.error} /> : <Loading label="Loading deployment" lines={8} />}
      </article>
    );
  }

  const events = audit.data?.events ?? [];
  const hadCanary = d.config.strategy === 'canary' || events.some((e) => e.action.startsWith('canary.'));
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <DeploymentHeader deployment={d} live={live} onChanged={onChanged} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {[revisions.error, audit.error].filter((e) => e !== undefined).map((e, i) => (
        <ErrorBanner key={i} error={e} />
      ))}

      <div className="columns-2 deployment-columns">
        <TrafficSplitEditor key={d.revision} deployment={d} onSaved={onChanged} />
        {hadCanary ? <CanaryProgress config={d.config} canary={live?.arms.get('canary')} events={events} /> : <TryItForm deployment={d} />}
      </div>

      <ArmStatsPanel stats={live?.stats} live={live?.arms} />
      {hadCanary && <TryItForm deployment={d} />}

      <div className="deployment-jobs">
        <BatchJobsPanel deployment={name} />
        <StreamsPanel deployment={name} />
      </div>

      <div className="deployment-history">
        <section className="panel" aria-labelledby="revisions-title">
          <div className="panel-title-row">
            <h2 id="revisions-title">Revisions</h2>
          </div>
          {revisions.data ? <RevisionsTable revisions={revisions.data.revisions} current={d.revision} /> : <Loading label="Loading revisions" lines={3} />}
        </section>
        <section className="panel" aria-labelledby="audit-title">
          <div className="panel-title-row">
            <h2 id="audit-title">Audit log</h2>
            <p className="muted small">
              Also via <code>keel deployments show {name}</code>.
            </p>
          </div>
          {audit.data ? <DeploymentAuditTable events={events} /> : <Loading label="Loading audit log" lines={3} />}
        </section>
      </div>
    </article>
  );
}
