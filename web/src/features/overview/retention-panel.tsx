import type { RetentionStatus, RetentionTable, TableSweep } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { errorText } from '../../ui/error-text.js';
import { formatNumber, formatTime } from '../../ui/format.js';
import { useLoad } from '../../ui/use-load.js';

const LOGS: Record<RetentionTable, [string, string]> = {
  predictionLog: ['Prediction log', 'served predictions and their feedback'],
  gatewayRequests: ['Gateway requests', 'the LLM gateway request log'],
  alertHistory: ['Alert history', 'resolved alerts, sent notifications, inbox'],
};

function lastResult(sweep: TableSweep | undefined): string {
  if (!sweep) return '—';
  return sweep.error ? `failed: ${sweep.error}` : `${formatNumber(sweep.deleted)} deleted`;
}

function RetentionTableView({ status }: { status: RetentionStatus }) {
  const { policy, lastSweep } = status;
  return (
    <>
      <p className="muted">
        {policy.enabled ? `Old rows are deleted every ${Math.round(policy.sweepIntervalMs / 60_000)} min.` : 'Every log is kept forever (set retention.* in the config to trim them).'}
        {lastSweep ? ` Last sweep on this server: ${formatTime(lastSweep.startedAt)}.` : policy.enabled ? ' No sweep on this server yet.' : ''}
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="retention-table">
          <thead>
            <tr>
              <th scope="col">Log</th>
              <th scope="col" className="optional">Holds</th>
              <th scope="col">Kept</th>
              <th scope="col">Last sweep</th>
            </tr>
          </thead>
          <tbody>
            {policy.tables.map((t) => (
              <tr key={t.table}>
                <th scope="row">{LOGS[t.table][0]}</th>
                <td className="muted optional">{LOGS[t.table][1]}</td>
                <td>{t.keepDays === null ? 'forever' : `${t.keepDays} days`}</td>
                <td className="muted">{lastResult(lastSweep?.tables.find((s) => s.table === t.table))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The data retention policy and this server's last sweep (`GET /api/v1/system/retention`). */
export function RetentionPanel() {
  const keel = useKeel();
  const { data, error } = useLoad(() => keel.system.retention(), 'retention');
  return (
    <section className="panel" aria-labelledby="retention-title">
      <h2 id="retention-title">Data retention</h2>
      {data ? <RetentionTableView status={data} /> : error ? <p className="muted">Retention settings unavailable: {errorText(error)}</p> : <p className="muted">Loading…</p>}
    </section>
  );
}
