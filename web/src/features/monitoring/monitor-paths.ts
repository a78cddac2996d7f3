// URLs of the monitoring pages, in one place so links and the sub-router agree.
import { namedPath, parseNamedPath } from '../../app/named-paths.js';

export const MONITORING_PATH = '/monitoring';
const MONITORS_PATH = `${MONITORING_PATH}/monitors`;

export function monitorPath(name: string): string {
  return namedPath(MONITORS_PATH, name);
}

export type MonitoringRoute = { page: 'list' } | { page: 'monitor'; name: string } | { page: 'unknown' };

/** `/monitoring` and `/monitoring/monitors/<name>`; anything else is unknown. */
export function parseMonitoringRoute(path: string): MonitoringRoute {
  if (path === MONITORING_PATH) return { page: 'list' };
  const named = parseNamedPath(path, MONITORS_PATH);
  return named && named.rest.length === 0 ? { page: 'monitor', name: named.name } : { page: 'unknown' };
}
