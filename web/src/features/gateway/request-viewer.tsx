import type { GatewayRequestRecord } from '../../../../src/sdk/index.js';
import { formatTime } from '../../ui/format.js';
import { KeyValueTable, type KeyValueRow } from '../../ui/key-value-table.js';

function row(key: string, value: string | number | null | undefined): KeyValueRow {
  return { key, value: value === null || value === undefined || value === '' ? '—' : String(value) };
}

/**
 * One logged call: what was asked (model, key, user, tags), what answered
 * (route, provider, attempts, cache) and what it cost. The log keeps no
 * prompt or completion text, so neither is shown here.
 */
export function RequestViewer({ record: r, onClose }: { record: GatewayRequestRecord; onClose: () => void }) {
  const request: KeyValueRow[] = [
    row('time', formatTime(r.at)),
    row('kind', `${r.kind}${r.stream ? ' (stream)' : ''}`),
    row('model', r.model),
    row('key', r.keyId),
    row('user', r.user),
    row('tags', r.tags.join(', ')),
  ];
  const response: KeyValueRow[] = [
    row('status', r.status),
    row('route', r.route),
    row('answered by', r.provider ? `${r.provider}/${r.providerModel ?? ''}` : r.cache !== 'none' && r.cache !== 'miss' ? 'cache' : null),
    row('cache', r.cache),
    row('attempts', r.attempts),
    row('tokens in', r.tokensIn),
    row('tokens out', r.tokensOut),
    row('usage from', r.usageSource),
    row('cost (USD)', r.costUsd.toFixed(6)),
    row('latency (ms)', r.latencyMs.toFixed(1)),
    row('time to first token (ms)', r.ttftMs === null ? null : r.ttftMs.toFixed(1)),
    row('error', r.error),
  ];
  return (
    <aside className="panel request-viewer" aria-labelledby="request-viewer-title">
      <div className="panel-title-row">
        <div>
          <h3 id="request-viewer-title">Request</h3>
          <div className="muted small mono request-viewer-id">{r.requestId}</div>
        </div>
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <h4>Request</h4>
      <KeyValueTable rows={request} empty="" caption="Request" />
      <h4>Response</h4>
      <KeyValueTable rows={response} empty="" caption="Response" />
      <details>
        <summary className="small">Raw record</summary>
        <pre className="snippet small">{JSON.stringify(r, null, 2)}</pre>
      </details>
    </aside>
  );
}
