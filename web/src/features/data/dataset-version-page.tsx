import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatBytes, formatNumber, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { ColumnProfiles } from './column-profiles.js';
import { DATA_PATH, datasetDiffPath, datasetPath } from './data-paths.js';
import { QualityReports } from './quality-reports.js';

function Lineage({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const lineage = useLoad(() => keel.data.lineage(name, version), `${name}/${version}/lineage`);
  const l = lineage.data;
  return (
    <section className="panel" aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      {lineage.error !== undefined && <ErrorBanner error={lineage.error} />}
      {!l ? (
        lineage.error === undefined && <Loading label="Loading lineage" lines={2} />
      ) : l.runs.length === 0 ? (
        <p className="muted">
          No run has recorded using this version. <code className="mono">keel data link {name}@{version} --run &lt;id&gt;</code>
        </p>
      ) : (
        <ul className="lineage-list">
          {l.runs.map((r) => (
            <li key={r.runId}>
              Run <Link to={`/experiments/runs/${encodeURIComponent(r.runId)}`} className="mono">{r.runId.slice(0, 12)}</Link> <span className="muted small">({r.context})</span>
              {l.modelVersions
                .filter((m) => m.runId === r.runId)
                .map((m) => (
                  <span key={`${m.name}/${m.version}`}>
                    {' '}
                    → model <Link to={`/models/${encodeURIComponent(m.name)}/versions/${m.version}`}>{m.name} v{m.version}</Link>
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `/data/<name>/versions/<n>`: files, schema and profile, quality reports and lineage of one version. */
export function DatasetVersionPage({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const loaded = useLoad(() => keel.data.version(name, version), `${name}/${version}`);
  const v = loaded.data;
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link to={DATA_PATH}>Data</Link> / <Link to={datasetPath(name)}>{name}</Link>
        </nav>
        <h1 id="page-title">
          {name} · v{version}
        </h1>
        {v && (
          <p className="page-subtitle">
            {formatNumber(v.rowCount)} rows · {v.schema.length} columns · {v.files.length} {v.format} file{v.files.length === 1 ? '' : 's'} · {formatBytes(v.size)} · by {v.createdBy}, {formatTime(v.createdAt)}
            {v.message && <> · “{v.message}”</>}
          </p>
        )}
      </header>
      {loaded.error !== undefined && <ErrorBanner error={loaded.error} />}
      {!v ? (
        loaded.error === undefined && <Loading label="Loading version" lines={8} />
      ) : (
        <>
          <section className="panel" aria-labelledby="files-title">
            <h2 id="files-title">
              Files <span className="count">{v.files.length}</span>
            </h2>
            <p className="muted small mono">digest {v.digest}</p>
            <ul className="file-list">
              {v.files.map((f) => (
                <li key={f.path}>
                  <a className="mono" href={`/api/v1/datasets/${encodeURIComponent(name)}/versions/${version}/file?path=${encodeURIComponent(f.path)}`} download={f.path.split('/').pop()}>
                    {f.path}
                  </a>{' '}
                  <span className="muted small">
                    {formatBytes(f.size)} · sha256 {f.sha256.slice(0, 12)}
                  </span>
                </li>
              ))}
            </ul>
            {version > 1 && <Link to={datasetDiffPath(name, version - 1, version)}>Diff with v{version - 1}</Link>}
          </section>
          <section className="panel" aria-labelledby="profile-title">
            <h2 id="profile-title">Profile</h2>
            <ColumnProfiles columns={v.profile.columns} />
          </section>
          <QualityReports name={name} version={version} />
          <Lineage name={name} version={version} />
        </>
      )}
    </article>
  );
}
