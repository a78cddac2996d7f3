import { useState, type FormEvent } from 'react';
import type { GatewayRequestRecord, RequestLogQueryInput } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { RequestViewer } from './request-viewer.js';

type Filters = Pick<RequestLogQueryInput, 'model' | 'route' | 'key' | 'tag' | 'user'> & { status?: 'ok' | 'error' | undefined };
const TEXT_FILTERS = ['model', 'route', 'key', 'tag', 'user'] as const;

function statusTone(status: number): BadgeTone {
  if (status < 400) return 'ok';
  return status === 429 || status === 499 ? 'warn' : 'down';
}

const CACHE_TONES: Record<string, BadgeTone> = { hit: 'ok', 'semantic-hit': 'ok', miss: 'neutral' };

function ms(v: number | null): string {
  return v === null ? '—' : v < 10 ? v.toFixed(1) : String(Math.round(v));
}

export function usd(v: number): string {
  return v === 0 ? '$0' : `$${v < 0.01 ? v.toPrecision(2) : v.toFixed(4)}`;
}

/** The gateway's request log, newest first, with filters; a row opens its details beside the table. */
export function RequestLog({ refreshKey }: { refreshKey: number }) {
  const keel = useKeel();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState<Filters>({});
  const [pages, setPages] = useState<string[]>([]);
  const [selected, setSelected] = useState<GatewayRequestRecord | undefined>();
  const query: RequestLogQueryInput = { ...filters, limit: 50 };
  const first = useLoad(() => keel.gateway.requests(query), `${JSON.stringify(query)}:${refreshKey}`);
  const [more, setMore] = useState<{ rows: GatewayRequestRecord[]; next: string | undefined }>({ rows: [], next: undefined });
  const rows = [...(first.data?.requests ?? []), ...(pages.length > 0 ? more.rows : [])];
  const next = pages.length > 0 ? more.next : first.data?.nextPageToken;

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const clean: Filters = {};
    for (const k of TEXT_FILTERS) if (draft[k]?.trim()) clean[k] = draft[k].trim();
    if (draft.status) clean.status = draft.status;
    setFilters(clean);
    setPages([]);
    setMore({ rows: [], next: undefined });
  }

  async function loadMore(): Promise<void> {
    if (!next) return;
    const page = await keel.gateway.requests({ ...query, pageToken: next });
    setPages((p) => [...p, next]);
    setMore((m) => ({ rows: [...m.rows, ...page.requests], next: page.nextPageToken }));
  }

  return (
    <div className="request-log">
      <form className="toolbar request-filters" onSubmit={apply} aria-label="Filter requests">
        {TEXT_FILTERS.map((k) => (
          <label key={k} className="field">
            {k}
            <input className="input" name={k} value={draft[k] ?? ''} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} placeholder={k === 'key' ? 'key id' : 'any'} />
          </label>
        ))}
        <label className="field">
          status
          <select className="select" value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: e.target.value === 'ok' || e.target.value === 'error' ? e.target.value : undefined })}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">errors</option>
          </select>
        </label>
        <button className="button" type="submit">
          Apply
        </button>
      </form>
      {first.error !== undefined && <ErrorBanner error={first.error} />}
      <div className={`log-split${selected ? ' log-split--open' : ''}`}>
        {!first.data ? (
          first.error === undefined && <Loading label="Loading requests" lines={6} />
        ) : rows.length === 0 ? (
          <p className="muted">{Object.keys(filters).length > 0 ? 'No request matches these filters.' : 'No calls yet. Point an OpenAI client at /v1 and they appear here.'}</p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact request-table">
              <caption className="visually-hidden">Gateway requests</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Model</th>
                  <th scope="col">Answered by</th>
                  <th scope="col">Status</th>
                  <th scope="col">Cache</th>
                  <th scope="col" className="num">Tokens in/out</th>
                  <th scope="col" className="num">Cost</th>
                  <th scope="col" className="num">Latency ms</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className={selected?.id === r.id ? 'is-selected' : undefined}>
                    <td className="nowrap">
                      <button type="button" className="link-button" onClick={() => setSelected(r)} aria-label={`Show request ${r.requestId}`}>
                        {formatShortTime(r.at)}
                      </button>
                    </td>
                    <td className="mono">
                      {r.model}
                      {r.stream && <span className="muted small"> stream</span>}
                    </td>
                    <td className="mono small">{r.provider ? `${r.provider}/${r.providerModel ?? ''}` : r.cache === 'hit' || r.cache === 'semantic-hit' ? 'cache' : '—'}</td>
                    <td>
                      <Badge tone={statusTone(r.status)} title={r.error ?? undefined}>
                        {String(r.status)}
                      </Badge>
                    </td>
                    <td>{r.cache === 'none' ? <span className="muted">—</span> : <Badge tone={CACHE_TONES[r.cache] ?? 'neutral'}>{r.cache}</Badge>}</td>
                    <td className="num">
                      {r.tokensIn}/{r.tokensOut}
                    </td>
                    <td className="num">{usd(r.costUsd)}</td>
                    <td className="num">{ms(r.latencyMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {next && (
              <button type="button" className="button button--ghost" onClick={() => void loadMore()}>
                Load more
              </button>
            )}
          </div>
        )}
        {selected && <RequestViewer record={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}
