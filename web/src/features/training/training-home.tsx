import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { GpuEstimateForm } from './gpu-estimate-form.js';
import { JobStateBadge } from './job-state-badge.js';
import { jobPath } from './training-paths.js';
import { usePollTick } from './use-poll.js';

const SNIPPET = `keel train job --name bert --gpus 1 --retries 2 -p lr=3e-5 -- python train.py --lr {lr}
keel train tabular --data penguins.csv --target species --model gbdt --register penguins`;

/** `/training`: training jobs (refreshed while any is active), the workers and their resources, GPU sizing. */
export function TrainingHome() {
  const keel = useKeel();
  const tick = usePollTick(2_000, true);
  const jobs = useLoad(() => keel.training.listJobs({ limit: 100 }), `jobs-${tick}`);
  const workers = useLoad(() => keel.training.workers(), `workers-${Math.floor(tick / 5)}`);
  const list = jobs.data?.jobs ?? [];
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Training</h1>
        <p className="page-subtitle">Training jobs run any command on a worker as a tracked run; built-in tabular trainers export ONNX; GPU sizing tells what a model needs.</p>
      </header>
      {jobs.error !== undefined && <ErrorBanner error={jobs.error} />}
      <section className="panel" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs {list.length > 0 && <span className="count">{list.length}</span>}</h2>
        {!jobs.data ? (
          jobs.error === undefined && <Loading label="Loading training jobs" lines={4} />
        ) : list.length === 0 ? (
          <div>
            <p>No training jobs yet. Queue one from the command line:</p>
            <pre className="snippet">{SNIPPET}</pre>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-label="Training jobs">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">State</th>
                  <th scope="col" className="num">Attempt</th>
                  <th scope="col" className="num">GPUs</th>
                  <th scope="col">Worker</th>
                  <th scope="col" className="num">Exit</th>
                  <th scope="col">Created</th>
                  <th scope="col">Command</th>
                </tr>
              </thead>
              <tbody>
                {list.map((j) => (
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
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="workers-title">
        <h2 id="workers-title">Workers</h2>
        {workers.data && workers.data.workers.length === 0 && <p className="muted">No worker has checked in lately. Start one with <code>keel worker</code>.</p>}
        {workers.data && workers.data.workers.length > 0 && (
          <div className="table-scroll">
            <table className="table" aria-label="Training workers">
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col" className="num">CPUs</th>
                  <th scope="col" className="num">Memory</th>
                  <th scope="col">GPUs</th>
                  <th scope="col" className="num">Running</th>
                  <th scope="col">Seen</th>
                </tr>
              </thead>
              <tbody>
                {workers.data.workers.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">{w.id}</th>
                    <td className="num">{w.resources.cpus}</td>
                    <td className="num">{(w.resources.memoryMb / 1024).toFixed(0)} GiB</td>
                    <td>{w.resources.gpus.length === 0 ? 'none' : w.resources.gpus.map((g) => `${g.index}: ${g.name}`).join(', ')}</td>
                    <td className="num">{w.running.length}</td>
                    <td className="nowrap">{formatShortTime(w.lastSeen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <GpuEstimateForm />
    </article>
  );
}
