import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { navigate } from '../../app/router.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatBytes, formatNumber, formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { DATA_PATH, datasetDiffPath, datasetVersionPath } from './data-paths.js';

/** `/data/<name>`: the versions of one dataset, and a diff between any two. */
export function DatasetPage({ name }: { name: string }) {
  const keel = useKeel();
  const loaded = useLoad(async () => ({ dataset: await keel.data.get(name), versions: await keel.data.versions(name) }), name);
  const versions = loaded.data?.versions ?? [];
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState<number | undefined>(undefined);
  const a = from ?? versions[1]?.version ?? versions[0]?.version;
  const b = to ?? versions[0]?.version;
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link to={DATA_PATH}>Data</Link>
        </nav>
        <h1 id="page-title">{name}</h1>
        {loaded.data?.dataset.description && <p className="page-subtitle">{loaded.data.dataset.description}</p>}
      </header>
      {loaded.error !== undefined && <ErrorBanner error={loaded.error} />}
      {!loaded.data ? (
        loaded.error === undefined && <Loading label="Loading versions" lines={5} />
      ) : (
        <>
          <section className="panel" aria-labelledby="versions-title">
            <h2 id="versions-title">
              Versions <span className="count">{versions.length}</span>
            </h2>
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">Versions of {name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Digest</th>
                    <th scope="col" className="num">Rows</th>
                    <th scope="col" className="num">Columns</th>
                    <th scope="col" className="num">Files</th>
                    <th scope="col" className="num">Size</th>
                    <th scope="col">Created</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.id}>
                      <th scope="row">
                        <Link to={datasetVersionPath(name, v.version)} className="run-link">
                          v{v.version}
                        </Link>
                      </th>
                      <td className="mono" title={v.digest}>
                        {v.digest.slice(0, 12)}
                      </td>
                      <td className="num">{formatNumber(v.rowCount)}</td>
                      <td className="num">{v.schema.length}</td>
                      <td className="num">{v.files.length}</td>
                      <td className="num">{formatBytes(v.size)}</td>
                      <td className="nowrap" title={formatTime(v.createdAt)}>
                        {formatShortTime(v.createdAt)} · {v.createdBy}
                      </td>
                      <td className="clamp">{v.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {versions.length > 1 && a !== undefined && b !== undefined && (
            <section className="panel" aria-labelledby="compare-title">
              <h2 id="compare-title">Compare versions</h2>
              <form
                className="toolbar"
                onSubmit={(e) => {
                  e.preventDefault();
                  navigate(datasetDiffPath(name, a, b));
                }}
              >
                <label className="select-label">
                  From
                  <select className="select" aria-label="From version" value={a} onChange={(e) => setFrom(Number(e.target.value))}>
                    {versions.map((v) => (
                      <option key={v.id} value={v.version}>
                        v{v.version}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="select-label">
                  To
                  <select className="select" aria-label="To version" value={b} onChange={(e) => setTo(Number(e.target.value))}>
                    {versions.map((v) => (
                      <option key={v.id} value={v.version}>
                        v{v.version}
                      </option>
                    ))}
                  </select>
                </label>
                <button className="button" type="submit">
                  Show diff
                </button>
              </form>
            </section>
          )}
        </>
      )}
    </article>
  );
}
