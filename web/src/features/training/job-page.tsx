import { useEffect, useState } from 'react';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { runPath } from '../experiments/tracking-paths.js';
import { JobStateBadge } from './job-state-badge.js';
import { RunLogsPanel } from './run-logs-panel.js';
import { TRAINING_PATH } from './training-paths.js';
import { usePollTick } from '../../ui/use-poll.js';

const ACTIVE = new Set(['queued', 'running', 'retrying']);

/** `/training/jobs/:id`: the job, its attempts, and its run's log lines as they arrive. */
export function JobPage({ id }: { id: string }) {
  const keel = useKeel();
  const [active, setActive] = useState(true);
  const tick = usePollTick(1_000, active);
  const job = useLoad(() => keel.training.getJob(id), `job-${id}-${tick}`);
  const [cancelError, setCancelError] = useState<string | null>(null);

  useEffect(() => {
    if (job.data) setActive(ACTIVE.has(job.data.state));
  }, [job.data]);

  async function cancel(): Promise<void> {
    setCancelError(null);
    try {
      await keel.training.cancelJob(id);
      job.reload();
    } catch (err) {
      setCancelError(err instanceof AppError ? err.message : String(err));
    }
  }

  const j = job.data;
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={TRAINING_PATH}>Training</Link>
      </nav>
      {job.error !== undefined && <ErrorBanner error={job.error} />}
      {!j ? (
        job.error === undefined && <Loading label="Loading the job" lines={4} />
      ) : (
        <>
          <header className="page-header title-row">
            <h1 id="page-title">{j.name}</h1>
            <JobStateBadge state={j.state} />
            {ACTIVE.has(j.state) && !j.cancelRequested && (
              <button type="button" className="button button--ghost" onClick={() => void cancel()}>
                Cancel job
              </button>
            )}
          </header>
          {cancelError && (
            <p className="field-error" role="alert">
              {cancelError}
            </p>
          )}
          <section className="panel" aria-labelledby="job-details-title">
            <h2 id="job-details-title">Details</h2>
            <dl className="meta-list">
              <dt>Run</dt>
              <dd>
                <Link to={runPath(j.runId)} className="run-link">
                  {j.runId}
                </Link>
              </dd>
              <dt>Command</dt>
              <dd className="mono">{j.command.join(' ')}</dd>
              <dt>Attempt</dt>
              <dd>
                {j.attempt} of {j.maxAttempts}
              </dd>
              <dt>Resources</dt>
              <dd>
                {j.gpus} GPU, {j.cpus} CPU{j.memoryMb ? `, ${j.memoryMb} MB` : ''}
              </dd>
              <dt>Worker</dt>
              <dd>{j.worker ?? '—'}</dd>
              <dt>Exit code</dt>
              <dd>{j.exitCode ?? '—'}</dd>
              {j.error && (
                <>
                  <dt>Error</dt>
                  <dd>{j.error}</dd>
                </>
              )}
              <dt>Created</dt>
              <dd>{formatTime(j.createdAt)}</dd>
              {Object.keys(j.params).length > 0 && (
                <>
                  <dt>Params</dt>
                  <dd className="mono">
                    {Object.entries(j.params)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(' ')}
                  </dd>
                </>
              )}
            </dl>
          </section>
          <RunLogsPanel runId={j.runId} live={active} always />
        </>
      )}
    </article>
  );
}
