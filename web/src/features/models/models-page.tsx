import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { ModelPage } from './model-page.js';
import { parseModelRoute } from './model-paths.js';
import { ModelsHome } from './models-home.js';
import { VersionPage } from './version-page.js';
import './models.css';

/** The Models section: the registered models, one model's page, and one version's page. */
export function ModelsPage() {
  const path = useRoute();
  const route = parseModelRoute(path);
  switch (route.page) {
    case 'list':
      return <ModelsHome />;
    case 'model':
      return <ModelPage key={route.name} name={route.name} />;
    case 'version':
      return <VersionPage key={`${route.name}/${route.version}`} name={route.name} version={route.version} />;
    default:
      return <NotFoundPage path={path} />;
  }
}
