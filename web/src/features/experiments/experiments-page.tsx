import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the tracking capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Experiments',
  capability: 'Tracking',
  summary: 'Experiments and runs with their parameters, metrics and artifacts, environment capture, and an MLflow-compatible API.',
  docsPage: 'docs/tracking.md',
  rest: [
    'GET /api/v1/experiments',
    'POST /api/v1/experiments',
    'GET /api/v1/experiments/{id}/runs',
    'POST /api/v1/runs/{id}/metrics',
  ],
  cli: [
    'keel experiments list',
    'keel runs list --experiment <name>',
    'keel runs show <run-id>',
  ],
};

export function ExperimentsPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
