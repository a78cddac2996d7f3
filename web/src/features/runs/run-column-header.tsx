import { Link } from '../../app/link.js';
import { seriesColor } from '../../ui/chart-colors.js';
import { runPath } from '../experiments/tracking-paths.js';
import type { RunInfo } from '../experiments/tracking-types.js';

export function runLabel(run: RunInfo): string {
  return run.runName || run.runId.slice(0, 8);
}

/** A run's column heading in compare tables, with the colour its chart series uses. */
export function RunColumnHeader({ run, index }: { run: RunInfo; index: number }) {
  return (
    <th scope="col" className="run-col">
      <span className="swatch" style={{ background: seriesColor(index) }} aria-hidden="true" />
      <Link to={runPath(run.runId)}>{runLabel(run)}</Link>
    </th>
  );
}
