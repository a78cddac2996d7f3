import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { studyPath } from './tuning-paths.js';

const SNIPPET = `keel tune --study lr-search --space space.json --trials 100 --parallel 4 \\
  --sampler tpe --pruner asha --metric val_loss -- python train.py --lr {lr}`;

/** `/tuning`: every study with its sampler, pruner and trial counts. */
export function StudiesHome() {
  const keel = useKeel();
  const studies = useLoad(() => keel.studies.list(), 'studies');
  const list = studies.data?.studies ?? [];
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Tuning</h1>
        <p className="page-subtitle">Hyperparameter studies: TPE, random or grid search with median, ASHA or Hyperband pruning. Every trial is a tracked run.</p>
      </header>
      {studies.error !== undefined && <ErrorBanner error={studies.error} />}
      <section className="panel" aria-labelledby="studies-title">
        <h2 id="studies-title">
          Studies {list.length > 0 && <span className="count">{list.length}</span>}
        </h2>
        {!studies.data ? (
          studies.error === undefined && <Loading label="Loading studies" lines={4} />
        ) : list.length === 0 ? (
          <div>
            <p>No studies yet. Start one from the command line:</p>
            <pre className="code-block">{SNIPPET}</pre>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Studies</caption>
              <thead>
                <tr>
                  <th scope="col">Study</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sampler</th>
                  <th scope="col">Pruner</th>
                  <th scope="col">Objective</th>
                  <th scope="col" className="num">Complete</th>
                  <th scope="col" className="num">Pruned</th>
                  <th scope="col" className="num">Failed</th>
                  <th scope="col" className="num">Running</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.name}>
                    <th scope="row">
                      <Link to={studyPath(s.name)} className="run-link">
                        {s.name}
                      </Link>
                    </th>
                    <td>{s.status}</td>
                    <td>{s.sampler.type}</td>
                    <td>{s.pruner.type}</td>
                    <td>{s.directions.map((d, i) => `${d} ${s.metrics[i] ?? ''}`).join(', ')}</td>
                    <td className="num">{s.counts.complete}</td>
                    <td className="num">{s.counts.pruned}</td>
                    <td className="num">{s.counts.failed}</td>
                    <td className="num">{s.counts.running}</td>
                    <td className="nowrap" title={formatTime(s.createdAt)}>
                      {formatShortTime(s.createdAt)}
                    </td>
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
