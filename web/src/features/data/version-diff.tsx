import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { useSearch } from '../../app/router.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatNumber } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
import { DATA_PATH, datasetPath, datasetVersionPath } from './data-paths.js';

const TONE: Record<string, BadgeTone> = { added: 'ok', removed: 'down', type_changed: 'warn', changed: 'running', unchanged: 'neutral' };
const stat = (v: number | string | null): string => (v === null ? '—' : typeof v === 'number' ? formatNumber(Number(v.toPrecision(6))) : v);

/** `/data/<name>/diff?from=a&to=b`: files, rows, schema and per-column statistics that changed. */
export function VersionDiffPage({ name }: { name: string }) {
  const keel = useKeel();
  const params = new URLSearchParams(useSearch());
  const from = params.get('from') ?? '1';
  const to = params.get('to') ?? 'latest';
  const loaded = useLoad(() => keel.data.diff(name, from, to), `${name}/${from}/${to}`);
  const d = loaded.data;
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link to={DATA_PATH}>Data</Link> / <Link to={datasetPath(name)}>{name}</Link>
        </nav>
        <h1 id="page-title">
          {name}: v{d?.from.version ?? from} → v{d?.to.version ?? to}
        </h1>
      </header>
      {loaded.error !== undefined && <ErrorBanner error={loaded.error} />}
      {!d ? (
        loaded.error === undefined && <Loading label="Loading diff" lines={6} />
      ) : (
        <>
          <section className="cards" aria-label="Summary">
            <div className="card">
              <div className="card-note">Rows</div>
              <div className="card-value">
                {d.rowCountChange >= 0 ? '+' : ''}
                {formatNumber(d.rowCountChange)}
              </div>
              <div className="card-note">
                {formatNumber(d.from.rowCount)} → {formatNumber(d.to.rowCount)}
              </div>
            </div>
            <div className="card">
              <div className="card-note">Files</div>
              <div className="card-value">
                +{d.files.added.length} −{d.files.removed.length} ~{d.files.changed.length}
              </div>
              <div className="card-note">{d.files.unchanged} unchanged (stored once)</div>
            </div>
            <div className="card">
              <div className="card-note">Columns changed</div>
              <div className="card-value">{d.columns.filter((c) => c.change !== 'unchanged').length}</div>
              <div className="card-note">of {d.columns.length}</div>
            </div>
          </section>
          <section className="panel" aria-labelledby="columns-title">
            <h2 id="columns-title">Columns</h2>
            <div className="table-scroll">
              <table className="table diff-table">
                <caption className="visually-hidden">Column changes</caption>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Change</th>
                    <th scope="col">Type</th>
                    <th scope="col">Statistics (from → to)</th>
                  </tr>
                </thead>
                <tbody>
                  {d.columns.map((c) => (
                    <tr key={c.name}>
                      <th scope="row" className="mono">
                        {c.name}
                      </th>
                      <td>
                        <Badge tone={TONE[c.change] ?? 'neutral'}>{c.change.replace('_', ' ')}</Badge>
                      </td>
                      <td className="mono">{c.change === 'type_changed' ? `${c.typeFrom} → ${c.typeTo}` : (c.typeTo ?? c.typeFrom ?? '')}</td>
                      <td className="small">
                        {Object.entries(c.stats).map(([k, [x, y]]) => (
                          <span key={k} className="stat-change">
                            {k}: {stat(x)} → {stat(y)}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted small">
              <Link to={datasetVersionPath(name, d.from.version)}>Open v{d.from.version}</Link> · <Link to={datasetVersionPath(name, d.to.version)}>Open v{d.to.version}</Link>
            </p>
          </section>
        </>
      )}
    </article>
  );
}
