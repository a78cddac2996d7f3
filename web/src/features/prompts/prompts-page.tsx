import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the prompts capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Prompts',
  capability: 'Prompts',
  summary: 'Versioned prompt templates, evaluation suites and guardrails.',
  docsPage: 'docs/prompts.md',
  rest: [
    'GET /api/v1/prompts',
    'POST /api/v1/prompts/{name}/versions',
    'POST /api/v1/evals',
  ],
  cli: [
    'keel prompts list',
    'keel prompts push <name> <file>',
    'keel evals run <suite>',
  ],
};

export function PromptsPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
