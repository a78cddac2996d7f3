import type { RegisteredModel } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { formatNumber, formatShortTime, formatTime } from '../../ui/format.js';
import { useLoad } from '../../ui/use-load.js';
import { keyMetric, policyMetric } from './key-metric.js';
import { modelPath, versionPath } from './model-paths.js';
import { AliasBadges } from './stage-badges.js';

export function ModelsTable({ models }: { models: readonly RegisteredModel[] }) {
  return (
    <div className="table-scroll">
      <table className="table models-table">
        <caption className="visually-hidden">Registered models</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Production</th>
            <th scope="col">Key metric</th>
            <th scope="col" className="num">
              Latest
            </th>
            <th scope="col">Aliases</th>
            <th scope="col">Last update</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.name}>
              <th scope="row">
                <Link to={modelPath(m.name)} className="run-link">
                  {m.name}
                </Link>
                {m.description && <div className="muted small clamp">{m.description}</div>}
              </th>
              <td>
                {m.productionVersion === null ? (
                  <span className="muted">none</span>
                ) : (
                  <Link to={versionPath(m.name, m.productionVersion)} className="production-link">
                    Version {m.productionVersion}
                  </Link>
                )}
              </td>
              <td>{m.productionVersion === null ? <span className="muted">—</span> : <ProductionMetric name={m.name} version={m.productionVersion} />}</td>
              <td className="num">{m.latestVersion ?? '—'}</td>
              <td>
                <AliasBadges aliases={m.aliases.map((a) => `${a.alias} → v${a.version}`)} />
              </td>
              <td className="nowrap" title={formatTime(m.updatedAt)}>
                {formatShortTime(m.updatedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The Production version's key metric: the gate's performance metric when set, else its first copied run metric. */
function ProductionMetric({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const loaded = useLoad(async () => {
    const [v, policy] = await Promise.all([keel.models.version(name, version), keel.models.getGatePolicy(name).catch(() => null)]);
    return keyMetric(v, policyMetric(policy));
  }, `${name}/${version}`);
  if (loaded.loading && !loaded.data) return <span className="skeleton-line metric-skeleton" aria-label="Loading metric" />;
  const metric = loaded.data;
  if (!metric) return <span className="muted">{loaded.error === undefined ? 'no metrics' : '—'}</span>;
  return (
    <span className="key-metric">
      <span className="muted">{metric.key}</span> <strong className="mono">{formatNumber(metric.value)}</strong>
    </span>
  );
}
