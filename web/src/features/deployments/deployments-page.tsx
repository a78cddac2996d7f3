import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the serving capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Deployments',
  capability: 'Serving',
  summary: 'Model deployments on ONNX runtimes, traffic strategies such as canary and shadow, request batching and caching, batch and stream jobs.',
  docsPage: 'docs/serving.md',
  rest: [
    'GET /api/v1/deployments',
    'POST /api/v1/deployments',
    'POST /v2/models/{name}/infer',
  ],
  cli: [
    'keel deployments list',
    'keel deploy <model>@<alias>',
    'keel predict <deployment> --input <file>',
  ],
};

export function DeploymentsPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
