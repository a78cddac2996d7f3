import { Link } from '../../app/link.js';
import { formatRunDuration, formatTime } from '../../ui/format.js';
import { EXPERIMENTS_PATH, experimentPath, runPath } from '../experiments/tracking-paths.js';
import type { Experiment, Run } from '../experiments/tracking-types.js';
import { RunStatusBadge } from './run-status-badge.js';
import { tagValue } from './tag-groups.js';

export function RunHeader({ run, experiment }: { run: Run; experiment: Experiment | undefined }) {
  const { runId, runName, status, startTime, endTime, userId, experimentId } = run.info;
  const parentId = tagValue(run.data.tags, 'mlflow.parentRunId');
  const note = tagValue(run.data.tags, 'mlflow.note.content');
  return (
    <header className="page-header">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={EXPERIMENTS_PATH}>Experiments</Link>
        <span aria-hidden="true">/</span>
        <Link to={experimentPath(experimentId)}>{experiment?.name ?? `Experiment ${experimentId}`}</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{runName || runId}</span>
      </nav>
      <div className="title-row">
        <h1 id="page-title">{runName || runId}</h1>
        <RunStatusBadge status={status} />
      </div>
      {note && <p className="page-subtitle">{note}</p>}
      <dl className="meta-list">
        <div>
          <dt>Run ID</dt>
          <dd className="mono">{runId}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(startTime)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{endTime ? formatTime(endTime) : status === 'RUNNING' ? 'still running' : '—'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatRunDuration(startTime, endTime)}</dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>{userId || '—'}</dd>
        </div>
        {parentId && (
          <div>
            <dt>Parent run</dt>
            <dd>
              <Link to={runPath(parentId)} className="mono">
                {parentId.slice(0, 12)}…
              </Link>
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
