import { useKeel } from '../../app/keel-client.js';
import { navigate } from '../../app/router.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { CreateModelForm } from './create-model-form.js';
import { FirstModelSnippet } from './first-model-snippet.js';
import { modelPath } from './model-paths.js';
import { ModelsTable } from './models-table.js';

/** `/models`: every registered model with what runs in Production. */
export function ModelsHome() {
  const keel = useKeel();
  const models = useLoad(() => keel.models.list({ maxResults: 500, orderBy: ['last_updated_timestamp DESC'] }), 'models');
  const list = models.data?.models ?? [];

  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header title-split">
        <div>
          <h1 id="page-title">Models</h1>
          <p className="page-subtitle">Registered models, their versions and stages. Production changes only through a passing validation gate, and every change is audited.</p>
        </div>
        <CreateModelForm onCreated={(name) => navigate(modelPath(name))} />
      </header>

      {models.error !== undefined && <ErrorBanner error={models.error} />}

      <section className="panel" aria-labelledby="models-title">
        <div className="panel-title-row">
          <h2 id="models-title">
            Registered models {list.length > 0 && <span className="count">{list.length}</span>}
          </h2>
        </div>
        {!models.data ? (
          models.error === undefined && <Loading label="Loading models" lines={5} />
        ) : list.length === 0 ? (
          <FirstModelSnippet />
        ) : (
          <ModelsTable models={list} />
        )}
      </section>
    </article>
  );
}
