import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { JobPage } from './job-page.js';
import { TrainingHome } from './training-home.js';
import { parseTrainingRoute } from './training-paths.js';
import './training.css';

/** The Training section: jobs and workers with a GPU sizing form, and one job with its live logs. */
export function TrainingPage() {
  const path = useRoute();
  const route = parseTrainingRoute(path);
  if (route.page === 'home') return <TrainingHome />;
  if (route.page === 'job') return <JobPage key={route.id} id={route.id} />;
  return <NotFoundPage path={path} />;
}
