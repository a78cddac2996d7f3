import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from './metrics.js';
import { PromInfraProbe } from './infra-probe.js';
import { PromServingMetrics } from './serving-metrics.js';

describe('infrastructure numbers from the Prometheus registry', () => {
  it('sums the queue depth of the deployment’s versions and counts its requests and hard errors, invalid input aside', async () => {
    const registry = createMetricsRegistry();
    const serving = new PromServingMetrics(registry);
    const arm = { deployment: 'churn', model: 'churn', version: 2, arm: 'primary' };
    for (let i = 0; i < 7; i++) serving.request(arm, 'ok', 3, false);
    serving.request(arm, 'error', 3, false);
    serving.request(arm, 'invalid', 1, false);
    serving.request({ ...arm, deployment: 'other' }, 'error', 3, false);
    serving.queueDepth('churn', 2, 5);
    serving.queueDepth('churn', 3, 4);
    serving.queueDepth('unrelated', 1, 9);
    const probe = new PromInfraProbe(registry, async () => 0.25);
    const g = await probe.gauges('churn', [
      { model: 'churn', version: 2 },
      { model: 'churn', version: 3 },
    ]);
    expect(g).toMatchObject({ queueDepth: 9, requests: 8, errors: 1, gpuUtilization: 0.25 });
    expect(g.memoryBytes).toBeGreaterThan(0);
    expect((await probe.gauges('idle', [])).queueDepth).toBeNull();
  });
});
