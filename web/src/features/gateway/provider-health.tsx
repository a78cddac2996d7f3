import type { GatewayConfig, GatewayTargetHealth } from '../../../../src/sdk/index.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
import { formatNumber } from '../../ui/format.js';

/** The breaker's states in words: `closed` means traffic flows, which reads backwards to most people. */
function health(t: GatewayTargetHealth | undefined, now: number): { tone: BadgeTone; label: string; title: string } {
  if (!t || t.requests === 0) return { tone: 'neutral', label: 'no traffic yet', title: 'No call has reached this target since the server started' };
  if (t.state === 'open') {
    const secs = t.cooldownUntil ? Math.max(0, Math.ceil((t.cooldownUntil - now) / 1000)) : 0;
    return { tone: 'down', label: `cooling down ${secs}s`, title: 'Too many failures in the window: skipped until the cooldown ends' };
  }
  if (t.state === 'half-open') return { tone: 'warn', label: 'probing', title: 'Cooldown over: one probe request decides whether it reopens' };
  return { tone: 'ok', label: 'healthy', title: 'Calls flow normally' };
}

interface Row {
  provider: string;
  type: string;
  baseUrl: string;
  target: string;
  health: GatewayTargetHealth | undefined;
}

/** Every `provider/model` a route names (or that took traffic), with its provider and breaker state. */
function rows(config: GatewayConfig, targets: readonly GatewayTargetHealth[]): Row[] {
  const byKey = new Map(targets.map((t) => [t.target, t]));
  const keys = new Set<string>();
  for (const r of config.routes) for (const t of r.targets) keys.add(`${t.provider}/${t.model}`);
  for (const t of targets) keys.add(t.target);
  const providers = new Map(config.providers.map((p) => [p.name, p]));
  const out: Row[] = [];
  for (const p of config.providers) {
    const own = [...keys].filter((k) => k.startsWith(`${p.name}/`)).sort();
    if (own.length === 0) out.push({ provider: p.name, type: p.type, baseUrl: p.baseUrl, target: '', health: undefined });
    for (const k of own) out.push({ provider: p.name, type: p.type, baseUrl: p.baseUrl, target: k.slice(p.name.length + 1), health: byKey.get(k) });
  }
  // Targets of providers removed by a config edit still show their health until restart.
  for (const k of keys) if (!providers.has(k.split('/')[0] ?? '')) out.push({ provider: k.split('/')[0] ?? k, type: '—', baseUrl: '', target: k.slice(k.indexOf('/') + 1), health: byKey.get(k) });
  return out;
}

export function ProviderHealth({ config, targets, now }: { config: GatewayConfig; targets: readonly GatewayTargetHealth[]; now: number }) {
  const list = rows(config, targets);
  if (list.length === 0) return <p className="muted">No providers configured. Add a <code>gateway</code> section to keel.config.json or PUT /api/v1/gateway/config.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact gateway-providers">
        <caption className="visually-hidden">Providers and their targets</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Model</th>
            <th scope="col">State</th>
            <th scope="col" className="num">In flight</th>
            <th scope="col" className="num">Latency (avg ms)</th>
            <th scope="col" className="num">Requests</th>
            <th scope="col" className="num">Failures</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => {
            const h = health(r.health, now);
            return (
              <tr key={`${r.provider}/${r.target}`}>
                <th scope="row">
                  <span className="mono">{r.provider}</span> <span className="muted small">{r.type}</span>
                  {r.baseUrl && <div className="muted small mono clamp">{r.baseUrl}</div>}
                </th>
                <td className="mono">{r.target || <span className="muted">no routed model</span>}</td>
                <td>{r.target && <Badge tone={h.tone} title={h.title}>{h.label}</Badge>}</td>
                <td className="num">{r.health?.inFlight ?? 0}</td>
                <td className="num">{formatNumber(r.health?.latencyMs ?? null)}</td>
                <td className="num">{r.health?.requests ?? 0}</td>
                <td className="num">{r.health?.failures ?? 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
