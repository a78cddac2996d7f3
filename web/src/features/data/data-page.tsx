import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the datasets capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Data',
  capability: 'Datasets',
  summary: 'Datasets with content-hashed versions, quality checks, profiles and labeling queues.',
  docsPage: 'docs/data.md',
  rest: [
    'GET /api/v1/datasets',
    'POST /api/v1/datasets/{name}/versions',
    'GET /api/v1/datasets/{name}/versions/{version}/profile',
  ],
  cli: [
    'keel datasets list',
    'keel datasets push <name> <file>',
    'keel datasets profile <name>',
  ],
};

export function DataPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
