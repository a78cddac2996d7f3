import { useReducer, useState } from 'react';
import { AppError, type GatePolicyRecord } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { AliasEditor } from './alias-editor.js';
import { AuditLog } from './audit-log.js';
import { GatePolicyEditor } from './gate-policy-editor.js';
import { policyMetric } from './key-metric.js';
import { ModelHeader } from './model-header.js';
import { VersionsTable } from './versions-table.js';

/** `/models/<name>`: versions and their stages, the gate policy, aliases, and the audit log. */
export function ModelPage({ name }: { name: string }) {
  const keel = useKeel();
  // Every change (promotion, rollback, alias, policy) can touch every section: one counter reloads them all.
  const [generation, changed] = useReducer((g: number) => g + 1, 0);
  const [notice, setNotice] = useState<string | null>(null);
  const key = `${name}:${generation}`;
  const model = useLoad(() => keel.models.get(name), key);
  const versions = useLoad(() => keel.models.versions(name, { maxResults: 1000 }), key);
  const policy = useLoad(
    () =>
      keel.models.getGatePolicy(name).catch((err: unknown): GatePolicyRecord | null => {
        if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
        throw err;
      }),
    key,
  );

  const onChanged = (message?: string): void => {
    setNotice(message ?? null);
    changed();
  };

  if (!model.data) {
    return (
      <article className="page page--wide" aria-labelledby="page-title">
        <header className="page-header">
          <h1 id="page-title">{name}</h1>
        </header>
        {model.error !== undefined ? <ErrorBanner error={model.error} /> : <Loading label="Loading model" lines={8} />}
      </article>
    );
  }

  const list = versions.data?.versions ?? [];
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <ModelHeader model={model.data} onChanged={onChanged} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {[versions.error, policy.error].filter((e) => e !== undefined).map((e, i) => (
        <ErrorBanner key={i} error={e} />
      ))}

      <section className="panel" aria-labelledby="versions-title">
        <div className="panel-title-row">
          <h2 id="versions-title">
            Versions {list.length > 0 && <span className="count">{list.length}</span>}
          </h2>
          <p className="muted small">Production is reached only through the validation gate; promoting a version archives the previous one.</p>
        </div>
        {versions.data ? <VersionsTable name={name} versions={list} keyMetric={policyMetric(policy.data)} onChanged={onChanged} /> : <Loading label="Loading versions" lines={4} />}
      </section>

      <div className="columns-2 model-columns">
        <GatePolicyEditor name={name} current={policy.data} loading={policy.loading && policy.data === undefined} generation={generation} onSaved={onChanged} />
        <AliasEditor name={name} aliases={model.data.aliases} versions={list} onChanged={onChanged} />
      </div>

      <AuditLog name={name} generation={generation} />
    </article>
  );
}
