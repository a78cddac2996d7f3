import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the model registry capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Models',
  capability: 'Model registry',
  summary: 'Registered models and their versions, aliases and stages, validation gates before promotion, and an audit log.',
  docsPage: 'docs/registry.md',
  rest: [
    'GET /api/v1/models',
    'POST /api/v1/models/{name}/versions',
    'PUT /api/v1/models/{name}/aliases/{alias}',
  ],
  cli: [
    'keel models list',
    'keel models versions <name>',
    'keel models alias <name> <alias> <version>',
  ],
};

export function ModelsPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
