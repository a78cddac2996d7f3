import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { datasetPath, datasetVersionPath } from './data-paths.js';

/** `/data`: every dataset with its latest version. */
export function DatasetsHome() {
  const keel = useKeel();
  const datasets = useLoad(() => keel.data.list(), 'datasets');
  const list = datasets.data ?? [];
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Data</h1>
        <p className="page-subtitle">Datasets with immutable, content-addressed versions: schema, profile, quality reports, diffs, and the runs and models that used them.</p>
      </header>
      {datasets.error !== undefined && <ErrorBanner error={datasets.error} />}
      <section className="panel" aria-labelledby="datasets-title">
        <h2 id="datasets-title">Datasets {list.length > 0 && <span className="count">{list.length}</span>}</h2>
        {!datasets.data ? (
          datasets.error === undefined && <Loading label="Loading datasets" lines={4} />
        ) : list.length === 0 ? (
          <div className="empty-state">
            <p>No datasets yet. Add a file or a folder (CSV, Parquet or JSON lines) from the command line:</p>
            <pre className="snippet">{'keel data add weather ./seattle-weather.csv --message "first drop"\nkeel data check weather@1 --suite suite.yaml'}</pre>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Datasets</caption>
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col" className="num">Latest</th>
                  <th scope="col" className="num">Versions</th>
                  <th scope="col">Created</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.name}>
                    <th scope="row">
                      <Link to={datasetPath(d.name)} className="run-link">
                        {d.name}
                      </Link>
                      {d.description && <div className="muted small clamp">{d.description}</div>}
                    </th>
                    <td className="num">{d.latestVersion === null ? '—' : <Link to={datasetVersionPath(d.name, d.latestVersion)}>v{d.latestVersion}</Link>}</td>
                    <td className="num">{d.versionCount}</td>
                    <td className="nowrap" title={formatTime(d.createdAt)}>
                      {formatShortTime(d.createdAt)}
                    </td>
                    <td>{d.createdBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
