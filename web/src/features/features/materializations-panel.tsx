import { useEffect, useRef } from 'react';
import { useKeel } from '../../app/keel-client.js';
import type { MaterializationRun } from '../../../../src/sdk/index.js';
import { Badge } from '../../ui/badge.js';
import { DataTable } from '../../ui/data-table.js';
import { formatRunDuration, formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { usePolledLoad } from '../../ui/use-polled-load.js';
import { isRunActive, progressFraction, progressText, RUN_STATE_TONES, writtenRows } from './materialization.js';

const POLL_MS = 500;

/** One run as it goes: a progress bar per view, then the per-view records or the error. */
export function MaterializationRunPanel({ id, onFinished }: { id: string; onFinished: () => void }) {
  const keel = useKeel();
  const loaded = usePolledLoad(() => keel.features.materialization(id), `materialization:${id}`, POLL_MS, isRunActive);
  const run = loaded.data?.id === id ? loaded.data : undefined;
  const settled = run !== undefined && !isRunActive(run);
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (settled && reported.current !== id) {
      reported.current = id;
      onFinished();
    }
  }, [settled, id]);
  return (
    <section className="panel" aria-labelledby="materialization-title" data-run={id}>
      <div className="panel-title-row">
        <h2 id="materialization-title">Materialization</h2>
        {run && <Badge tone={RUN_STATE_TONES[run.state]}>{run.state}</Badge>}
      </div>
      {!run ? (
        <p className="muted">Queued…</p>
      ) : (
        <>
          <ul className="plain-list materialization-views">
            {run.progress.map((p) => (
              <li key={p.view}>
                <span className="materialization-view">{p.view}</span>
                <div className="materialization-bar" role="progressbar" aria-label={`${p.view} progress`} aria-valuemin={0} aria-valuemax={p.total ?? 0} aria-valuenow={p.done} data-state={run.state}>
                  <span style={{ width: `${(progressFraction(p) * 100).toFixed(1)}%` }} />
                </div>
                <span className="muted small nowrap">{progressText(p)}</span>
              </li>
            ))}
          </ul>
          {run.state === 'completed' && run.result && (
            <DataTable
              className="table table--compact"
              label="Materialization result"
              columns={[{ label: 'View' }, { label: 'Event-time interval' }, { label: 'Rows', num: true }, { label: 'Written', num: true }]}
              rows={run.result.views}
              row={(v) => (
                <tr key={v.view}>
                  <th scope="row">{v.view}</th>
                  <td className="small">
                    {new Date(v.start).toISOString()} → {new Date(v.end).toISOString()}
                  </td>
                  <td className="num">{v.rows.toLocaleString('en-US')}</td>
                  <td className="num">{v.written.toLocaleString('en-US')}</td>
                </tr>
              )}
            />
          )}
          {run.error && (
            <p className={run.state === 'failed' ? 'field-error' : 'muted small'} role={run.state === 'failed' ? 'alert' : undefined}>
              {run.state === 'failed' ? run.error.message : `retrying after: ${run.error.message}`}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The newest runs, polled while any of them is still queued or running. */
export function RecentMaterializations({ refreshKey }: { refreshKey: string }) {
  const keel = useKeel();
  const loaded = usePolledLoad(() => keel.features.materializations({ limit: 10 }), `materializations:${refreshKey}`, POLL_MS * 4, (runs) => runs.some(isRunActive));
  return (
    <ListPanel<MaterializationRun>
      titleId="recent-materializations-title"
      title="Recent materializations"
      items={loaded.data}
      error={loaded.error}
      errorBanner
      loadingLabel="Loading materializations"
      loadingLines={2}
      empty={<p className="muted">No background materializations yet.</p>}
    >
      {(runs) => (
        <DataTable
          className="table table--compact"
          caption="Recent materializations"
          columns={[{ label: 'Started' }, { label: 'State' }, { label: 'Views' }, { label: 'Request' }, { label: 'Written', num: true }, { label: 'Took' }]}
          rows={runs}
          row={(r) => (
            <tr key={r.id} data-run={r.id}>
              <td className="nowrap" title={formatTime(r.createdAt)}>
                {formatShortTime(r.createdAt)}
              </td>
              <td>
                <Badge tone={RUN_STATE_TONES[r.state]} title={r.error?.message}>
                  {r.state}
                </Badge>
              </td>
              <td>{r.progress.map((p) => p.view).join(', ')}</td>
              <td className="small">{r.request.incremental ? 'incremental' : 'window'}</td>
              <td className="num">{r.state === 'completed' ? writtenRows(r).toLocaleString('en-US') : '—'}</td>
              <td className="nowrap">{r.startedAt === null ? '—' : formatRunDuration(r.startedAt, r.finishedAt)}</td>
            </tr>
          )}
        />
      )}
    </ListPanel>
  );
}
