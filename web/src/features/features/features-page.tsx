import { CapabilityPlaceholder, type CapabilityPlan } from '../../ui/capability-placeholder.js';

// Replaced by the real page when the feature store capability ships; until then it says what is coming.
const PLAN: CapabilityPlan = {
  section: 'Features',
  capability: 'Feature store',
  summary: 'Entities and feature views, point-in-time correct retrieval for training, materialization and low-latency online lookup.',
  docsPage: 'docs/features.md',
  rest: [
    'GET /api/v1/feature-views',
    'POST /api/v1/features/historical',
    'POST /api/v1/features/online',
  ],
  cli: [
    'keel features apply <file>',
    'keel features materialize <view>',
    'keel features get <view> --entity <id>',
  ],
};

export function FeaturesPage() {
  return <CapabilityPlaceholder plan={PLAN} />;
}
