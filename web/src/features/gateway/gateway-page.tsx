import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the llm gateway capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Gateway',
  capability: 'LLM gateway',
  summary: 'One OpenAI-compatible endpoint in front of many model providers, with routing, fallback, caching and cost accounting.',
  docsPage: 'docs/gateway.md',
  rest: [
    'POST /v1/chat/completions',
    'POST /v1/embeddings',
    'GET /api/v1/gateway/routes',
  ],
  cli: [
    'keel gateway routes',
    'keel gateway usage --since 24h',
  ],
};

export function GatewayPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
