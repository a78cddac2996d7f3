import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { StudiesHome } from './studies-home.js';
import { StudyPage } from './study-page.js';
import { parseTuningRoute } from './tuning-paths.js';

/** The Tuning section: the studies, and one study's analysis. */
export function TuningPage() {
  const path = useRoute();
  const route = parseTuningRoute(path);
  if (route.page === 'list') return <StudiesHome />;
  if (route.page === 'study') return <StudyPage key={route.name} name={route.name} />;
  return <NotFoundPage path={path} />;
}
