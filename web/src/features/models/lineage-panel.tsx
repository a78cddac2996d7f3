import type { Lineage } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatNumber, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { experimentPath, runPath } from '../experiments/tracking-paths.js';

const SHOWN = 4;

function RunStep({ run }: { run: Lineage['run'] }) {
  if (!run) return <p className="muted">Uploaded without a run.</p>;
  const info = run.info;
  return (
    <>
      <Link to={runPath(run.runId)} className="run-link">
        {info?.runName || `${run.runId.slice(0, 12)}…`}
      </Link>
      {info ? (
        <span className="muted small">
          {info.status.toLowerCase()} · {formatTime(info.startTime)} · {info.userId || 'unknown user'} · <Link to={experimentPath(info.experimentId)}>experiment {info.experimentId}</Link>
        </span>
      ) : (
        <span className="muted small">The run has since been deleted; its params and metrics were copied at registration.</span>
      )}
    </>
  );
}

function DataStep({ run }: { run: Lineage['run'] }) {
  if (!run || (run.params.length === 0 && run.metrics.length === 0)) return <p className="muted">None recorded.</p>;
  return (
    <ul className="lineage-items">
      {run.metrics.slice(0, SHOWN).map((m) => (
        <li key={`m-${m.key}`}>
          <span className="muted">{m.key}</span> <span className="mono">{formatNumber(m.value)}</span>
        </li>
      ))}
      {run.params.slice(0, SHOWN).map((p) => (
        <li key={`p-${p.key}`}>
          <span className="muted">{p.key}</span> <span className="mono">{p.value}</span>
        </li>
      ))}
      {run.params.length + run.metrics.length > 2 * SHOWN && <li className="muted small">{run.metrics.length} metrics, {run.params.length} params in all</li>}
    </ul>
  );
}

function DatasetsStep({ datasets }: { datasets: Lineage['datasets'] }) {
  if (datasets.length === 0) return <p className="muted">No dataset inputs were logged by the run.</p>;
  return (
    <ul className="lineage-items">
      {datasets.map((d) => (
        <li key={`${d.name}-${d.digest}`}>
          <strong>{d.name}</strong>
          {d.context && <span className="chip">{d.context}</span>}
          <div className="muted small mono" title={d.source}>
            {d.digest.slice(0, 12)} · {d.sourceType}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Where a version came from and where it went: run → its params and metrics → datasets → deployments. */
export function LineagePanel({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const loaded = useLoad(() => keel.models.lineage(name, version), `${name}/${version}`);
  const lineage = loaded.data;
  return (
    <section className="panel" aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      {loaded.error !== undefined && <ErrorBanner error={loaded.error} />}
      {!lineage ? (
        loaded.error === undefined && <Loading label="Loading lineage" lines={3} />
      ) : (
        <ol className="lineage" aria-label="Lineage">
          <li className="lineage-step">
            <span className="lineage-kind">Run</span>
            <RunStep run={lineage.run} />
          </li>
          <li className="lineage-step">
            <span className="lineage-kind">Params &amp; metrics</span>
            <DataStep run={lineage.run} />
          </li>
          <li className="lineage-step">
            <span className="lineage-kind">Datasets</span>
            <DatasetsStep datasets={lineage.datasets} />
          </li>
          <li className="lineage-step">
            <span className="lineage-kind">Deployments</span>
            {lineage.deployments.length === 0 ? <p className="muted">Not deployed yet.</p> : <p>{lineage.deployments.length} deployment(s)</p>}
          </li>
        </ol>
      )}
    </section>
  );
}
