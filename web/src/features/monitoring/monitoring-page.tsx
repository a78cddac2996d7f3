import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the monitoring capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Monitoring',
  capability: 'Monitoring',
  summary: 'Data and prediction drift tests, model performance and infrastructure metrics, alert rules and notification channels.',
  docsPage: 'docs/monitoring.md',
  rest: [
    'GET /api/v1/monitors',
    'POST /api/v1/drift',
    'GET /api/v1/alerts',
    'GET /metrics',
  ],
  cli: [
    'keel drift --reference <file> --current <file>',
    'keel alerts list',
  ],
};

export function MonitoringPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
