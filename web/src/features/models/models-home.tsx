import { useKeel } from '../../app/keel-client.js';
import { navigate } from '../../app/router.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { ListPanel } from '../../ui/list-panel.js';
import { useLoad } from '../../ui/use-load.js';
import { CreateModelForm } from './create-model-form.js';
import { FirstModelSnippet } from './first-model-snippet.js';
import { modelPath } from './model-paths.js';
import { ModelsTable } from './models-table.js';

/** `/models`: every registered model with what runs in Production. */
export function ModelsHome() {
  const keel = useKeel();
  const models = useLoad(() => keel.models.list({ maxResults: 500, orderBy: ['last_updated_timestamp DESC'] }), 'models');
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

      <ListPanel titleId="models-title" title="Registered models" titleRow items={models.data?.models} error={models.error} loadingLabel="Loading models" loadingLines={5} empty={<FirstModelSnippet />}>
        {(list) => <ModelsTable models={list} />}
      </ListPanel>
    </article>
  );
}
