import { useEffect } from 'react';
import { setQuery, useSearch } from '../../app/router.js';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { ExperimentList } from './experiment-list.js';
import { FirstRunSnippet } from './first-run-snippet.js';
import { RunsPanel } from './runs-panel.js';

/** `/experiments?exp=<id>`: the experiment list beside the selected experiment's runs. */
export function ExperimentsHome() {
  const keel = useKeel();
  const selectedId = new URLSearchParams(useSearch()).get('exp');
  const experiments = useLoad(
    () => keel.experiments.search({ maxResults: 500, orderBy: ['last_update_time DESC'] }),
    'experiments',
  );
  const list = experiments.data?.experiments ?? [];
  const selected = list.find((e) => e.experimentId === selectedId);
  const first = list[0];

  // Land on the most recently updated experiment rather than an empty right-hand side.
  useEffect(() => {
    if (!selectedId && first) setQuery({ exp: first.experimentId });
  }, [selectedId, first]);

  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Experiments</h1>
        <p className="page-subtitle">Training runs with their parameters, metrics, artifacts and environment; MLflow clients log here unchanged.</p>
      </header>

      {experiments.error !== undefined && <ErrorBanner error={experiments.error} />}

      {experiments.data && list.length === 0 ? (
        <section className="panel">
          <h2>Log your first run</h2>
          <FirstRunSnippet />
        </section>
      ) : (
        <div className="split">
          <ExperimentList
            experiments={list}
            loading={experiments.loading && !experiments.data}
            selectedId={selectedId}
            onCreated={(id) => {
              experiments.reload();
              setQuery({ exp: id, q: undefined, cols: undefined, sort: undefined });
            }}
          />
          {selected ? (
            <RunsPanel key={selected.experimentId} experiment={selected} />
          ) : (
            <section className="panel">{experiments.data ? <p className="muted">Experiment {selectedId} was not found. Pick one from the list.</p> : <Loading label="Loading experiments" lines={6} />}</section>
          )}
        </div>
      )}
    </article>
  );
}
