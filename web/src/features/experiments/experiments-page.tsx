import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { ComparePage } from '../runs/compare-page.js';
import { RunPage } from '../runs/run-page.js';
import { ExperimentsHome } from './experiments-home.js';
import { COMPARE_PATH, EXPERIMENTS_PATH, RUN_PATH_PREFIX } from './tracking-paths.js';

/** The Experiments section: the experiment list with its runs, a run's page, and the compare view. */
export function ExperimentsPage() {
  const path = useRoute();
  if (path === EXPERIMENTS_PATH) return <ExperimentsHome />;
  if (path === COMPARE_PATH) return <ComparePage />;
  if (path.startsWith(RUN_PATH_PREFIX)) {
    const runId = decodeURIComponent(path.slice(RUN_PATH_PREFIX.length));
    if (runId && !runId.includes('/')) return <RunPage key={runId} runId={runId} />;
  }
  return <NotFoundPage path={path} />;
}
