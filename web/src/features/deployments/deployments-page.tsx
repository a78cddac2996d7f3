import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { DeploymentPage } from './deployment-page.js';
import { parseDeploymentRoute } from './deployment-paths.js';
import { DeploymentsHome } from './deployments-home.js';
import './deployments.css';

/** The Deployments section: the list, and one deployment's page. */
export function DeploymentsPage() {
  const path = useRoute();
  const route = parseDeploymentRoute(path);
  switch (route.page) {
    case 'list':
      return <DeploymentsHome />;
    case 'deployment':
      return <DeploymentPage key={route.name} name={route.name} />;
    default:
      return <NotFoundPage path={path} />;
  }
}
