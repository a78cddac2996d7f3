import type { GatewayConfig } from '../../../../src/sdk/index.js';

type Route = GatewayConfig['routes'][number];

function cacheText(route: Route): string {
  const c = route.cache;
  if (!c || c.mode === 'off') return 'off';
  const ttl = c.ttlSeconds >= 3600 && c.ttlSeconds % 3600 === 0 ? `${c.ttlSeconds / 3600} h` : `${c.ttlSeconds} s`;
  return c.mode === 'semantic' ? `semantic ≥ ${c.similarityThreshold}, ${ttl}` : `exact, ${ttl}`;
}

/** The config's routes: the names clients call, how they spread calls and what they cache. */
export function RoutesTable({ config }: { config: GatewayConfig }) {
  if (config.routes.length === 0) return <p className="muted">No routes: clients can still call <code>provider/model</code> names directly.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact gateway-routes">
        <caption className="visually-hidden">Gateway routes</caption>
        <thead>
          <tr>
            <th scope="col">Model name</th>
            <th scope="col">Strategy</th>
            <th scope="col">Targets, in order</th>
            <th scope="col">Cache</th>
          </tr>
        </thead>
        <tbody>
          {config.routes.map((r) => (
            <tr key={r.model}>
              <th scope="row" className="mono">
                {r.model}
              </th>
              <td>{r.strategy}</td>
              <td>
                <ol className="route-targets">
                  {r.targets.map((t, i) => (
                    <li key={i} className="mono">
                      {t.provider}/{t.model}
                      {r.strategy === 'weighted' && <span className="muted small"> weight {t.weight}</span>}
                      {t.tier && <span className="muted small"> {t.tier}</span>}
                    </li>
                  ))}
                </ol>
              </td>
              <td>{cacheText(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {config.cache?.embeddingRoute && (
        <p className="muted small">
          Semantic cache embeds prompts with <span className="mono">{config.cache.embeddingRoute}</span>.
        </p>
      )}
    </div>
  );
}
