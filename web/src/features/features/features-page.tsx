import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import type { ViewFreshness } from '../../../../src/sdk/index.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { viewLineage } from './feature-lineage.js';
import { LookupForm } from './lookup-form.js';
import { MaterializeDialog } from './materialize-dialog.js';
import { MaterializationRunPanel, RecentMaterializations } from './materializations-panel.js';
import './features.css';

const VIEW_COLUMNS: Column[] = [{ label: 'View' }, { label: 'Lineage' }, { label: 'Features' }, { label: 'TTL' }, { label: 'Freshness' }, { label: 'Owner' }, { label: <span className="visually-hidden">Actions</span> }];

const FRESHNESS_TONE: Record<ViewFreshness['status'], BadgeTone> = { fresh: 'ok', stale: 'down', never: 'neutral', no_expectation: 'neutral' };

function age(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** `/features`: entities, feature views with their lineage and freshness, services, background materialization, and an online lookup form. */
export function FeaturesPage() {
  const keel = useKeel();
  // `null`: no dialog; `{ view: undefined }`: all views.
  const [dialog, setDialog] = useState<{ view: string | undefined } | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  // Bumped when the shown run ends, so freshness and the recent list reload at once.
  const [settled, setSettled] = useState(0);
  const loaded = useLoad(async () => {
    const [registry, freshness] = await Promise.all([keel.features.registry(), keel.features.freshness()]);
    return { registry, freshness };
  }, 'features');
  const registry = loaded.data?.registry;
  const freshness = new Map((loaded.data?.freshness ?? []).map((f) => [f.view, f]));
  const lineage = new Map((registry ? viewLineage(registry) : []).map((l) => [l.view, l]));
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Features</h1>
        <p className="page-subtitle">Entities and feature views: point-in-time correct training data, materialization into the online store, and low-latency lookups.</p>
      </header>
      {loaded.error !== undefined && <ErrorBanner error={loaded.error} />}
      {!registry ? (
        loaded.error === undefined && <Loading label="Loading feature definitions" lines={4} />
      ) : registry.views.length === 0 && registry.entities.length === 0 ? (
        <section className="panel">
          <div className="empty-state">
            <p>No feature definitions yet. Describe entities, sources and views in a YAML file, then:</p>
            <pre className="snippet">{'keel features apply features.yaml\nkeel features materialize\nkeel features training --entities rows.parquet --service my_model --out train.parquet'}</pre>
          </div>
        </section>
      ) : (
        <>
          <section className="panel" aria-labelledby="views-title">
            <div className="panel-title-row">
              <h2 id="views-title">
                Feature views <span className="count">{registry.views.length}</span>
              </h2>
              {registry.views.length > 0 && (
                <button type="button" className="button" onClick={() => setDialog({ view: undefined })}>
                  Materialize
                </button>
              )}
            </div>
            <DataTable
              caption="Feature views"
              columns={VIEW_COLUMNS}
              rows={registry.views}
              row={({ spec, version, createdAt }) => {
                const f = freshness.get(spec.name);
                const l = lineage.get(spec.name);
                return (
                  <tr key={spec.name} data-view={spec.name}>
                    <th scope="row">
                      {spec.name} <span className="muted small">v{version}</span>
                      {spec.description && <div className="muted small clamp">{spec.description}</div>}
                      <div className="muted small" title={formatTime(createdAt)}>
                        applied {formatShortTime(createdAt)}
                      </div>
                    </th>
                    <td className="feature-lineage">
                      <span>{l?.source}</span> → <span>entity {spec.entity}</span>
                      {l && l.joinKeys.length > 0 && <span className="muted small"> ({l.joinKeys.join(', ')})</span>}
                      {spec.transformation && <div className="muted small clamp" title={spec.transformation}>transformed: {spec.transformation}</div>}
                      {l && l.services.length > 0 && <div className="small">used by {l.services.join(', ')}</div>}
                    </td>
                    <td>
                      {spec.features.map((x) => (
                        <code key={x.name} className="feature-chip" title={x.description}>
                          {x.name}: {x.type}
                        </code>
                      ))}
                    </td>
                    <td className="nowrap">{String(spec.ttl)}</td>
                    <td className="nowrap">
                      {f ? <Badge tone={FRESHNESS_TONE[f.status]}>{f.status.replace('_', ' ')}</Badge> : '—'}
                      <div className="muted small">
                        age {age(f?.ageSeconds ?? null)}
                        {f?.expectationSeconds != null && ` / ${age(f.expectationSeconds)}`}
                      </div>
                    </td>
                    <td>{spec.owner ?? '—'}</td>
                    <td>
                      <button type="button" className="button button--ghost" aria-label={`Materialize ${spec.name}`} onClick={() => setDialog({ view: spec.name })}>
                        Materialize
                      </button>
                    </td>
                  </tr>
                );
              }}
            />
          </section>
          {runId !== null && (
            <MaterializationRunPanel
              id={runId}
              onFinished={() => {
                loaded.reload();
                setSettled((n) => n + 1);
              }}
            />
          )}
          <div className="features-columns">
            <section className="panel" aria-labelledby="entities-title">
              <h2 id="entities-title">
                Entities <span className="count">{registry.entities.length}</span>
              </h2>
              <ul className="plain-list">
                {registry.entities.map(({ spec }) => (
                  <li key={spec.name}>
                    <strong>{spec.name}</strong> <span className="muted">{spec.joinKeys.map((k) => `${k.name}: ${k.type}`).join(', ')}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="panel" aria-labelledby="services-title">
              <h2 id="services-title">
                Feature services <span className="count">{registry.services.length}</span>
              </h2>
              <ul className="plain-list">
                {registry.services.map(({ spec }) => (
                  <li key={spec.name}>
                    <strong>{spec.name}</strong> <span className="muted">{spec.features.join(', ')}</span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <section className="panel" aria-labelledby="lookup-title">
            <h2 id="lookup-title">Online lookup</h2>
            <LookupForm registry={registry} />
          </section>
          <RecentMaterializations refreshKey={`${runId ?? ''}:${settled}`} />
        </>
      )}
      {dialog && (
        <MaterializeDialog
          view={dialog.view}
          onClose={() => setDialog(null)}
          onStarted={(run) => {
            setDialog(null);
            setRunId(run.id);
          }}
        />
      )}
    </article>
  );
}
