// URLs of the monitoring pages, in one place so links and the sub-router agree.
export const MONITORING_PATH = '/monitoring';

export function monitorPath(name: string): string {
  return `${MONITORING_PATH}/monitors/${encodeURIComponent(name)}`;
}

export type MonitoringRoute = { page: 'list' } | { page: 'monitor'; name: string } | { page: 'unknown' };

/** `/monitoring` and `/monitoring/monitors/<name>`; anything else is unknown. */
export function parseMonitoringRoute(path: string): MonitoringRoute {
  if (path === MONITORING_PATH) return { page: 'list' };
  const prefix = `${MONITORING_PATH}/monitors/`;
  if (!path.startsWith(prefix)) return { page: 'unknown' };
  const rest = path.slice(prefix.length);
  if (!rest || rest.includes('/')) return { page: 'unknown' };
  try {
    return { page: 'monitor', name: decodeURIComponent(rest) };
  } catch {
    return { page: 'unknown' };
  }
}
