// URLs of the deployment pages, in one place so links and the sub-router agree.
import { namedPath, parseNamedPath } from '../../app/named-paths.js';

export const DEPLOYMENTS_PATH = '/deployments';

export function deploymentPath(name: string): string {
  return namedPath(DEPLOYMENTS_PATH, name);
}

export type DeploymentRoute = { page: 'list' } | { page: 'deployment'; name: string } | { page: 'unknown' };

/** `/deployments` and `/deployments/<name>`; anything else is unknown. */
export function parseDeploymentRoute(path: string): DeploymentRoute {
  if (path === DEPLOYMENTS_PATH) return { page: 'list' };
  const named = parseNamedPath(path, DEPLOYMENTS_PATH);
  return named && named.rest.length === 0 ? { page: 'deployment', name: named.name } : { page: 'unknown' };
}
