import type { ModelVersion } from '../../../../src/sdk/index.js';
import { Link } from '../../app/link.js';
import { formatBytes, formatTime } from '../../ui/format.js';
import { runPath } from '../experiments/tracking-paths.js';
import { DownloadButton } from './download-button.js';
import { MODELS_PATH, modelPath } from './model-paths.js';
import { AliasBadges, StageBadge } from './stage-badges.js';

export function VersionHeader({ version: v }: { version: ModelVersion }) {
  return (
    <header className="page-header">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={MODELS_PATH}>Models</Link>
        <span aria-hidden="true">/</span>
        <Link to={modelPath(v.name)}>{v.name}</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">Version {v.version}</span>
      </nav>
      <div className="title-split">
        <div className="title-row">
          <h1 id="page-title">
            {v.name} · Version {v.version}
          </h1>
          <StageBadge stage={v.stage} />
          {v.aliases.length > 0 && <AliasBadges aliases={v.aliases} />}
        </div>
        <DownloadButton name={v.name} version={v.version} fileName={v.fileName} />
      </div>
      {v.description && <p className="page-subtitle">{v.description}</p>}
      <dl className="meta-list">
        <div>
          <dt>Flavor</dt>
          <dd>{v.flavor}</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd className="mono">
            {v.fileName} <span className="muted">({formatBytes(v.sizeBytes)})</span>
          </dd>
        </div>
        <div>
          <dt>sha256</dt>
          <dd className="mono" title={v.sha256}>
            {v.sha256.slice(0, 16)}…
          </dd>
        </div>
        <div>
          <dt>Source run</dt>
          <dd>{v.runId ? <Link to={runPath(v.runId)} className="mono">{v.runId.slice(0, 12)}…</Link> : <span className="mono">{v.source}</span>}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {formatTime(v.createdAt)} <span className="muted">by {v.createdBy}</span>
          </dd>
        </div>
      </dl>
    </header>
  );
}
