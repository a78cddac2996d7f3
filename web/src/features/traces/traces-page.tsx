import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the tracing capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Traces',
  capability: 'Tracing',
  summary: 'LLM and pipeline traces received over OTLP, with spans, token counts, latency and cost.',
  docsPage: 'docs/traces.md',
  rest: [
    'POST /v1/traces',
    'GET /api/v1/traces',
    'GET /api/v1/traces/{traceId}',
  ],
  cli: [
    'keel traces list',
    'keel traces show <trace-id>',
  ],
};

export function TracesPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
