import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { KeyValueTable } from '../../ui/key-value-table.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { RunLogsPanel } from '../training/run-logs-panel.js';
import { ArtifactsBrowser } from './artifacts-browser.js';
import { RunHeader } from './run-header.js';
import { RunMetrics } from './run-metrics.js';
import { groupTags } from './tag-groups.js';

/** `/experiments/runs/<runId>`: everything recorded about one run. */
export function RunPage({ runId }: { runId: string }) {
  const keel = useKeel();
  const loaded = useLoad(async () => {
    const run = await keel.runs.get(runId);
    // The experiment only names the breadcrumb: the page still shows if it cannot load.
    const experiment = await keel.experiments.get(run.info.experimentId).catch(() => undefined);
    return { run, experiment };
  }, runId);

  if (!loaded.data) {
    return (
      <article className="page page--wide" aria-labelledby="page-title">
        <header className="page-header">
          <h1 id="page-title">Run</h1>
          <p className="page-subtitle mono">{runId}</p>
        </header>
        {loaded.error !== undefined ? <ErrorBanner error={loaded.error} /> : <Loading label="Loading run" lines={8} />}
      </article>
    );
  }

  const { run, experiment } = loaded.data;
  const tags = groupTags(run.data.tags);
  const params = [...run.data.params].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <RunHeader run={run} experiment={experiment} />
      {loaded.error !== undefined && <ErrorBanner error={loaded.error} />}

      <RunMetrics run={run} />

      <div className="columns-2">
        <section className="panel" aria-labelledby="params-title">
          <h2 id="params-title">
            Parameters <span className="count">{params.length}</span>
          </h2>
          <KeyValueTable caption="Parameters" rows={params.map((p) => ({ key: p.key, value: p.value }))} empty="No parameters were logged." />
        </section>
        <section className="panel" aria-labelledby="env-title">
          <h2 id="env-title">Environment</h2>
          <KeyValueTable caption="Environment" rows={tags.environment} empty="No environment was captured for this run." />
        </section>
      </div>

      {tags.user.length > 0 && (
        <section className="panel" aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          <KeyValueTable caption="Tags" rows={tags.user} empty="" />
        </section>
      )}

      {run.inputs.datasetInputs.length > 0 && (
        <section className="panel" aria-labelledby="inputs-title">
          <h2 id="inputs-title">Datasets</h2>
          <KeyValueTable
            caption="Datasets"
            empty=""
            rows={run.inputs.datasetInputs.map((d, i) => ({
              key: `${d.dataset.name}-${i}`,
              label: d.dataset.name,
              value: `${d.dataset.digest} · ${d.tags.map((t) => `${t.key}=${t.value}`).join(', ') || d.dataset.sourceType}`,
            }))}
          />
        </section>
      )}

      <RunLogsPanel runId={run.info.runId} live={run.info.status === 'RUNNING' || run.info.status === 'SCHEDULED'} />
      <ArtifactsBrowser runId={run.info.runId} />
    </article>
  );
}
