import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatNumber } from '../../ui/format.js';
import { KeyValueTable } from '../../ui/key-value-table.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { GateReports } from './gate-reports.js';
import { LineagePanel } from './lineage-panel.js';
import { SignatureTables } from './signature-tables.js';
import { VersionHeader } from './version-header.js';
import './version-page.css';

/** `/models/<name>/versions/<n>`: what was registered, what the gate measured, and where it came from. */
export function VersionPage({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const loaded = useLoad(() => keel.models.version(name, version), `${name}/${version}`);

  if (!loaded.data) {
    return (
      <article className="page page--wide" aria-labelledby="page-title">
        <header className="page-header">
          <h1 id="page-title">
            {name} · Version {version}
          </h1>
        </header>
        {loaded.error !== undefined ? <ErrorBanner error={loaded.error} /> : <Loading label="Loading model version" lines={8} />}
      </article>
    );
  }

  const v = loaded.data;
  const metrics = [...v.metrics].sort((a, b) => a.key.localeCompare(b.key));
  const params = [...v.params].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <VersionHeader version={v} />

      <section className="panel" aria-labelledby="signature-title">
        <h2 id="signature-title">Signature</h2>
        <SignatureTables signature={v.signature} />
      </section>

      <div className="columns-2">
        <section className="panel" aria-labelledby="metrics-title">
          <h2 id="metrics-title">
            Metrics <span className="count">{metrics.length}</span>
          </h2>
          <KeyValueTable caption="Metrics" rows={metrics.map((m) => ({ key: m.key, value: formatNumber(m.value) }))} empty="No metrics: this version was not registered from a run." />
        </section>
        <section className="panel" aria-labelledby="params-title">
          <h2 id="params-title">
            Parameters <span className="count">{params.length}</span>
          </h2>
          <KeyValueTable caption="Parameters" rows={params.map((p) => ({ key: p.key, value: p.value }))} empty="No parameters: this version was not registered from a run." />
        </section>
      </div>
      <p className="muted small copied-note">Metrics and parameters are copied from the run at registration; later edits of the run do not change them.</p>

      <GateReports name={name} version={version} />
      <LineagePanel name={name} version={version} />
    </article>
  );
}
