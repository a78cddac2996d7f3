import { Link } from '../../app/link.js';
import { formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { CreateExperimentForm } from './create-experiment-form.js';
import { experimentPath } from './tracking-paths.js';
import type { Experiment } from './tracking-types.js';

interface ExperimentListProps {
  experiments: readonly Experiment[];
  loading: boolean;
  selectedId: string | null;
  onCreated: (experimentId: string) => void;
}

/** User tags only: system tags (`mlflow.*`, `keel.*`) are noise in a list. */
function userTags(experiment: Experiment): Experiment['tags'] {
  return experiment.tags.filter((t) => !t.key.startsWith('mlflow.') && !t.key.startsWith('keel.')).slice(0, 3);
}

export function ExperimentList({ experiments, loading, selectedId, onCreated }: ExperimentListProps) {
  return (
    <section className="panel experiment-list" aria-labelledby="experiment-list-title">
      <div className="panel-title-row">
        <h2 id="experiment-list-title">
          All experiments {experiments.length > 0 && <span className="count">{experiments.length}</span>}
        </h2>
      </div>
      <CreateExperimentForm onCreated={onCreated} />
      {loading ? (
        <Loading label="Loading experiments" lines={5} />
      ) : (
        <ul className="experiment-items">
          {experiments.map((e) => (
            <li key={e.experimentId}>
              <Link
                to={experimentPath(e.experimentId)}
                className="experiment-item"
                aria-current={e.experimentId === selectedId ? 'true' : undefined}
              >
                <span className="experiment-name">{e.name}</span>
                <span className="muted small">Updated {formatTime(e.lastUpdateTime)}</span>
                {userTags(e).length > 0 && (
                  <span className="chips">
                    {userTags(e).map((t) => (
                      <span key={t.key} className="chip">
                        {t.key}: {t.value}
                      </span>
                    ))}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
