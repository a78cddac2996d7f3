import type { MouseEvent } from 'react';
import type { BatchJobStatus } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Badge } from '../../ui/badge.js';
import { DataTable } from '../../ui/data-table.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { useAction } from '../../ui/use-action.js';
import { BATCH_STATE_TONES, isActive, progressView } from './batch-progress.js';
import { usePolledLoad } from '../../ui/use-polled-load.js';

const POLL_MS = 1_500;
const COLUMNS = [{ label: 'Job' }, { label: 'State' }, { label: 'Progress' }, { label: 'Results' }];

/** The deployment's newest batch jobs; reloads while one is queued or running. */
export function BatchJobsPanel({ deployment }: { deployment: string }) {
  const keel = useKeel();
  const jobs = usePolledLoad(() => keel.batch.list({ deployment, limit: 20 }), deployment, POLL_MS, (list) => list.some(isActive));

  return (
    <ListPanel
      titleId="batch-jobs-title"
      title="Batch jobs"
      items={jobs.data}
      error={jobs.error}
      errorBanner
      titleRow
      aside={
        <p className="muted small">
          Start one with <code>POST /api/v1/batch-jobs</code> or <code>keel.batch.submit</code>.
        </p>
      }
      loadingLabel="Loading batch jobs"
      loadingLines={2}
      empty={<p className="muted">No batch jobs have run through {deployment}.</p>}
    >
      {(items) => (
        <DataTable
          className="table table--compact batch-jobs-table"
          caption="Batch jobs"
          columns={COLUMNS}
          rows={items}
          row={(job) => (
            <tr key={job.id} data-job={job.id} data-state={job.state}>
              <td>
                <span className="mono" title={job.id}>
                  {job.id.slice(0, 8)}
                </span>{' '}
                <span className="muted small nowrap" title={formatTime(job.createdAt)}>
                  {formatShortTime(job.createdAt)}
                </span>
              </td>
              <td>
                <Badge tone={BATCH_STATE_TONES[job.state]} title={job.error ?? undefined}>
                  {job.state}
                </Badge>
              </td>
              <td>
                <JobProgress job={job} />
              </td>
              <td>{job.state === 'completed' ? <JobResults job={job} /> : job.error ? <span className="field-error small">{job.error}</span> : <span className="muted">—</span>}</td>
            </tr>
          )}
        />
      )}
    </ListPanel>
  );
}

function JobProgress({ job }: { job: BatchJobStatus }) {
  const view = progressView(job);
  const failed = job.summary?.failedRows ?? job.progress.failedRows;
  return (
    <div className="batch-progress">
      <div className="batch-progress-bar" role="progressbar" aria-label={`Job ${job.id.slice(0, 8)} progress`} aria-valuemin={0} aria-valuemax={job.totalRows} aria-valuenow={job.state === 'completed' ? job.totalRows : job.progress.rows}>
        <span style={{ width: `${(view.fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="small nowrap" data-testid="batch-rows">
        {view.rows}
      </span>
      <span className="muted small nowrap"> · {view.rate}</span>
      {view.eta && <span className="muted small nowrap"> · {view.eta}</span>}
      {failed > 0 && <span className="small nowrap"> · {failed.toLocaleString('en-US')} failed</span>}
    </div>
  );
}

/** Links fetched through the SDK, so the API key goes along on a server with auth on. */
function JobResults({ job }: { job: BatchJobStatus }) {
  const keel = useKeel();
  const action = useAction();
  const links: { which: 'output' | 'failed'; label: string; file: string }[] = [{ which: 'output', label: `Predictions (.${job.spec.output.format})`, file: `${job.id}-output.${job.spec.output.format}` }];
  if (job.failed) links.push({ which: 'failed', label: 'Failed rows (.jsonl)', file: `${job.id}-failed.jsonl` });

  function save(event: MouseEvent<HTMLAnchorElement>, which: 'output' | 'failed', file: string): void {
    event.preventDefault();
    void action.run(async () => {
      const url = URL.createObjectURL(await (await keel.batch.download(job.id, which)).blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  return (
    <span className="batch-results">
      {links.map((l) => (
        <a key={l.which} href={`/api/v1/batch-jobs/${encodeURIComponent(job.id)}/${l.which}`} download={l.file} onClick={(e) => save(e, l.which, l.file)} aria-disabled={action.busy || undefined}>
          {l.label}
        </a>
      ))}
      {action.error && (
        <span className="field-error small" role="alert">
          {action.error}
        </span>
      )}
    </span>
  );
}
