// URLs of the deployment pages, in one place so links and the sub-router agree.
export const DEPLOYMENTS_PATH = '/deployments';

export function deploymentPath(name: string): string {
  return `${DEPLOYMENTS_PATH}/${encodeURIComponent(name)}`;
}

export type DeploymentRoute = { page: 'list' } | { page: 'deployment'; name: string } | { page: 'unknown' };

/** `/deployments` and `/deployments/<name>`; anything else is unknown. */
export function parseDeploymentRoute(path: string): DeploymentRoute {
  if (path === DEPLOYMENTS_PATH) return { page: 'list' };
  if (!path.startsWith(`${DEPLOYMENTS_PATH}/`)) return { page: 'unknown' };
  const parts = path.slice(DEPLOYMENTS_PATH.length + 1).split('/');
  if (parts.length !== 1) return { page: 'unknown' };
  try {
    const name = decodeURIComponent(parts[0] ?? '');
    return name ? { page: 'deployment', name } : { page: 'unknown' };
  } catch {
    return { page: 'unknown' };
  }
}
