import type { DeploymentAuditEvent, DeploymentConfig } from '../../../../src/sdk/index.js';
import { formatShortTime } from '../../ui/format.js';
import { StatusDot } from '../../ui/status-dot.js';
import type { ArmLive } from './live-stats.js';
import { formatMs, formatPercent } from './live-format.js';

const CANARY_ACTIONS = new Set(['canary.stepped', 'canary.promoted', 'canary.rolled-back']);

function Limit({ label, value, limit, within }: { label: string; value: string; limit: string; within: boolean | null }) {
  return (
    <div className="canary-limit" data-within={within === null ? 'unknown' : String(within)}>
      <dt>{label}</dt>
      <dd>
        <StatusDot tone={within === null ? 'pending' : within ? 'ok' : 'down'} /> <strong className="mono">{value}</strong> <span className="muted">limit {limit}</span>
      </dd>
    </div>
  );
}

/**
 * Where the canary is on its ladder, the canary arm's error rate and p99 against the limits
 * that decide promotion, and the automatic decisions taken so far (from the audit log).
 */
export function CanaryProgress({ config, canary, events }: { config: DeploymentConfig; canary: ArmLive | undefined; events: readonly DeploymentAuditEvent[] }) {
  const settings = config.canary;
  const decisions = events.filter((e) => CANARY_ACTIONS.has(e.action));
  const last = decisions[0];
  return (
    <section className="panel" aria-labelledby="canary-title">
      <div className="panel-title-row">
        <h2 id="canary-title">Canary progress</h2>
        {last && (
          <p className="muted small">
            last decision: <strong>{last.action.replace('canary.', '')}</strong> {formatShortTime(last.at)}
          </p>
        )}
      </div>
      {config.strategy !== 'canary' || !settings ? (
        <p className="muted" data-testid="canary-finished">
          {last ? `The canary finished: ${last.action === 'canary.promoted' ? 'promoted' : 'rolled back'}. The deployment is ${config.strategy} now.` : 'Not a canary deployment.'}
        </p>
      ) : (
        <>
          <ol className="canary-steps" aria-label="Canary steps">
            {settings.steps.map((w, i) => {
              const step = config.canaryStep ?? 0;
              const state = i < step ? 'done' : i === step ? 'current' : 'next';
              return (
                <li key={i} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
                  {w}%
                </li>
              );
            })}
          </ol>
          <dl className="canary-limits">
            <div>
              <dt>Window</dt>
              <dd>
                {settings.windowMs / 1000} s, ≥ {settings.minRequests} requests
              </dd>
            </div>
            <Limit label="Canary error rate" value={formatPercent(canary?.errorRate, 2)} limit={formatPercent(settings.maxErrorRate, 2)} within={canary?.errorRate == null ? null : canary.errorRate <= settings.maxErrorRate} />
            <Limit label="Canary p99" value={formatMs(canary?.p99Ms)} limit={formatMs(settings.maxP99Ms)} within={canary?.p99Ms == null ? null : canary.p99Ms <= settings.maxP99Ms} />
          </dl>
        </>
      )}
      {decisions.length > 0 && (
        <ul className="canary-events" aria-label="Canary decisions">
          {decisions.map((e) => (
            <li key={e.seq} data-action={e.action}>
              <span className="mono">{formatShortTime(e.at)}</span> {e.action} → revision {e.revision}
              {e.reason && <span className="muted"> — {e.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
