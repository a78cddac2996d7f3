import { Gauge, type Registry } from 'prom-client';
import type { FeaturesService, ViewFreshness } from '../domains/features/index.js';

/**
 * Freshness of each feature view, read when Prometheus scrapes (no timer): the age of the
 * newest event in the online store, and the view's expectation, so an alert can compare them.
 */
export function registerFeatureFreshnessMetrics(registry: Registry, features: FeaturesService): void {
  // Both gauges collect in one scrape: share one read of the store between them.
  let pending: Promise<ViewFreshness[]> | undefined;
  const read = (): Promise<ViewFreshness[]> => {
    pending ??= features
      .freshness()
      .catch(() => [])
      .finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  const gauge = (name: string, help: string, value: (f: ViewFreshness) => number | null): void => {
    new Gauge({
      name,
      help,
      labelNames: ['view'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const f of await read()) {
          const v = value(f);
          if (v !== null) this.set({ view: f.view }, v);
        }
      },
    });
  };
  gauge('keel_feature_view_age_seconds', 'Seconds since the newest event written to the online store for a feature view (absent before the first materialization or push)', (f) => f.ageSeconds);
  gauge('keel_feature_view_freshness_expectation_seconds', 'The freshness a feature view promises (its `freshness` setting)', (f) => f.expectationSeconds);
}
