import type { RegisteredModel } from '../../../../src/sdk/index.js';
import { Link } from '../../app/link.js';
import { formatTime } from '../../ui/format.js';
import { MODELS_PATH, versionPath } from './model-paths.js';
import { RollbackButton } from './rollback-button.js';

export function ModelHeader({ model, onChanged }: { model: RegisteredModel; onChanged: (message?: string) => void }) {
  return (
    <header className="page-header">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={MODELS_PATH}>Models</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{model.name}</span>
      </nav>
      <div className="title-split">
        <div>
          <h1 id="page-title">{model.name}</h1>
          {model.description && <p className="page-subtitle">{model.description}</p>}
        </div>
        <RollbackButton name={model.name} productionVersion={model.productionVersion} onRolledBack={onChanged} />
      </div>
      <dl className="meta-list">
        <div>
          <dt>Production</dt>
          <dd>{model.productionVersion === null ? 'none' : <Link to={versionPath(model.name, model.productionVersion)}>Version {model.productionVersion}</Link>}</dd>
        </div>
        <div>
          <dt>Latest version</dt>
          <dd>{model.latestVersion ?? '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {formatTime(model.createdAt)} <span className="muted">by {model.createdBy}</span>
          </dd>
        </div>
        <div>
          <dt>Last update</dt>
          <dd>{formatTime(model.updatedAt)}</dd>
        </div>
        {model.tags.length > 0 && (
          <div>
            <dt>Tags</dt>
            <dd className="chips">
              {model.tags.map((t) => (
                <span key={t.key} className="chip">
                  {t.key}: {t.value}
                </span>
              ))}
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
