import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { Page } from '../../ui/page.js';
import { useLoad } from '../../ui/use-load.js';
import { GpuEstimateForm } from './gpu-estimate-form.js';
import { JobStateBadge } from './job-state-badge.js';
import { jobPath } from './training-paths.js';
import { usePollTick } from '../../ui/use-poll.js';

const SNIPPET = `keel train job --name bert --gpus 1 --retries 2 -p lr=3e-5 -- python train.py --lr {lr}
keel train tabular --data penguins.csv --target species --model gbdt --register penguins`;

const JOB_COLUMNS = [
  { label: 'Job' },
  { label: 'State' },
  { label: 'Attempt', num: true },
  { label: 'GPUs', num: true },
  { label: 'Worker' },
  { label: 'Exit', num: true },
  { label: 'Created' },
  { label: 'Command' },
];

const WORKER_COLUMNS = [{ label: 'Worker' }, { label: 'CPUs', num: true }, { label: 'Memory', num: true }, { label: 'GPUs' }, { label: 'Running', num: true }, { label: 'Seen' }];

/** `/training`: training jobs (refreshed while any is active), the workers and their resources, GPU sizing. */
export function TrainingHome() {
  const keel = useKeel();
  const tick = usePollTick(2_000, true);
  const jobs = useLoad(() => keel.training.listJobs({ limit: 100 }), `jobs-${tick}`);
  const workers = useLoad(() => keel.training.workers(), `workers-${Math.floor(tick / 5)}`);
  return (
    <Page title="Training" subtitle="Training jobs run any command on a worker as a tracked run; built-in tabular trainers export ONNX; GPU sizing tells what a model needs.">
      {jobs.error !== undefined && <ErrorBanner error={jobs.error} />}
      <ListPanel
        titleId="jobs-title"
        title="Jobs"
        items={jobs.data?.jobs}
        error={jobs.error}
        loadingLabel="Loading training jobs"
        empty={
          <div>
            <p>No training jobs yet. Queue one from the command line:</p>
            <pre className="snippet">{SNIPPET}</pre>
          </div>
        }
      >
        {(list) => (
          <DataTable
            label="Training jobs"
            columns={JOB_COLUMNS}
            rows={list}
            row={(j) => (
              <tr key={j.id}>
                <th scope="row">
                  <Link to={jobPath(j.id)} className="run-link">
                    {j.name}
                  </Link>
                </th>
                <td>
                  <JobStateBadge state={j.state} />
                </td>
                <td className="num">
                  {j.attempt}/{j.maxAttempts}
                </td>
                <td className="num">{j.gpus}</td>
                <td>{j.worker ?? '—'}</td>
                <td className="num">{j.exitCode ?? '—'}</td>
                <td className="nowrap" title={formatTime(j.createdAt)}>
                  {formatShortTime(j.createdAt)}
                </td>
                <td className="mono small training-command" title={j.command.join(' ')}>
                  {j.command.join(' ')}
                </td>
              </tr>
            )}
          />
        )}
      </ListPanel>
      <section className="panel" aria-labelledby="workers-title">
        <h2 id="workers-title">Workers</h2>
        {workers.data && workers.data.workers.length === 0 && <p className="muted">No worker has checked in lately. Start one with <code>keel worker</code>.</p>}
        {workers.data && workers.data.workers.length > 0 && (
          <DataTable
            label="Training workers"
            columns={WORKER_COLUMNS}
            rows={workers.data.workers}
            row={(w) => (
              <tr key={w.id}>
                <th scope="row">{w.id}</th>
                <td className="num">{w.resources.cpus}</td>
                <td className="num">{(w.resources.memoryMb / 1024).toFixed(0)} GiB</td>
                <td>{w.resources.gpus.length === 0 ? 'none' : w.resources.gpus.map((g) => `${g.index}: ${g.name}`).join(', ')}</td>
                <td className="num">{w.running.length}</td>
                <td className="nowrap">{formatShortTime(w.lastSeen)}</td>
              </tr>
            )}
          />
        )}
      </section>
      <GpuEstimateForm />
    </Page>
  );
}
