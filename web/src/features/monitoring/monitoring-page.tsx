import { NotFoundPage } from '../../app/not-found-page.js';
import { useRoute } from '../../app/router.js';
import { MonitorPage } from './monitor-page.js';
import { parseMonitoringRoute } from './monitor-paths.js';
import { MonitorsHome } from './monitors-home.js';
import './monitoring.css';

/** The Monitoring section: the monitors with their status, and one monitor's page. */
export function MonitoringPage() {
  const path = useRoute();
  const route = parseMonitoringRoute(path);
  switch (route.page) {
    case 'list':
      return <MonitorsHome />;
    case 'monitor':
      return <MonitorPage key={route.name} name={route.name} />;
    default:
      return <NotFoundPage path={path} />;
  }
}
