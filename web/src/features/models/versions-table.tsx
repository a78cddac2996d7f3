import { useState } from 'react';
import type { ModelVersion } from '../../../../src/sdk/index.js';
import { Link } from '../../app/link.js';
import { formatBytes, formatNumber, formatShortTime, formatTime } from '../../ui/format.js';
import { runPath } from '../experiments/tracking-paths.js';
import { versionPath } from './model-paths.js';
import { PromoteDialog } from './promote-dialog.js';
import { AliasBadges, StageBadge } from './stage-badges.js';

const METRICS_SHOWN = 3;

/** Up to three copied run metrics, the gate's metric first. */
function shownMetrics(v: ModelVersion, preferred: string | undefined): ModelVersion['metrics'] {
  const sorted = [...v.metrics].sort((a, b) => (a.key === preferred ? -1 : b.key === preferred ? 1 : a.key.localeCompare(b.key)));
  return sorted.slice(0, METRICS_SHOWN);
}

interface VersionsTableProps {
  name: string;
  versions: readonly ModelVersion[];
  keyMetric: string | undefined;
  onChanged: (message?: string) => void;
}

export function VersionsTable({ name, versions, keyMetric, onChanged }: VersionsTableProps) {
  const [promoting, setPromoting] = useState<ModelVersion | null>(null);
  if (versions.length === 0) {
    return (
      <p className="muted">
        No versions yet. Register one with <code>keel models register {name} model.onnx</code>.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table versions-table">
        <caption className="visually-hidden">Versions of {name}</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Stage</th>
            <th scope="col">Aliases</th>
            <th scope="col">Source run</th>
            <th scope="col">Metrics</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <th scope="row">
                <Link to={versionPath(name, v.version)} className="run-link">
                  Version {v.version}
                </Link>
                <div className="muted small mono">{v.fileName}</div>
              </th>
              <td>
                <StageBadge stage={v.stage} />
              </td>
              <td>
                <AliasBadges aliases={v.aliases} />
              </td>
              <td>
                {v.runId ? (
                  <Link to={runPath(v.runId)} className="mono" title={v.runId}>
                    {v.runId.slice(0, 8)}
                  </Link>
                ) : (
                  <span className="muted" title={v.source}>
                    upload
                  </span>
                )}
              </td>
              <td>
                {v.metrics.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <span className="metric-pairs">
                    {shownMetrics(v, keyMetric).map((m) => (
                      <span key={m.key} className={m.key === keyMetric ? 'is-key' : undefined}>
                        <span className="muted">{m.key}</span> <span className="mono">{formatNumber(m.value)}</span>
                      </span>
                    ))}
                  </span>
                )}
              </td>
              <td className="num nowrap">{formatBytes(v.sizeBytes)}</td>
              <td className="nowrap" title={formatTime(v.createdAt)}>
                {formatShortTime(v.createdAt)}
                <div className="muted small">by {v.createdBy}</div>
              </td>
              <td className="actions-cell">
                <button type="button" className="button button--ghost button--small" onClick={() => setPromoting(v)} aria-label={`Promote version ${v.version}`}>
                  Promote…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {promoting && (
        <PromoteDialog
          name={name}
          version={promoting}
          onClose={() => setPromoting(null)}
          onPromoted={(message) => {
            setPromoting(null);
            onChanged(message);
          }}
        />
      )}
    </div>
  );
}
