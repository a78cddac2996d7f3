import type { Registry } from 'prom-client';
import type { InfraGauges, InfraProbe } from '../domains/monitoring/index.js';

interface Sample {
  value: number;
  labels: Record<string, string | number | undefined>;
}

async function samples(registry: Registry, name: string): Promise<Sample[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return [];
  return (await metric.get()).values as Sample[];
}

/**
 * Reads a deployment's live numbers from this process's Prometheus registry (the one /metrics
 * serves): batcher queue depth of its model versions, resident memory, request and error counters;
 * GPU utilisation from `gpu` when the machine has one.
 */
export class PromInfraProbe implements InfraProbe {
  constructor(
    private readonly registry: Registry,
    private readonly gpu: () => Promise<number | null> = async () => null,
  ) {}

  async gauges(deployment: string, models: readonly { model: string; version: number }[]): Promise<InfraGauges> {
    const wanted = new Set(models.map((m) => `${m.model}@${m.version}`));
    const depth = (await samples(this.registry, 'keel_serving_queue_depth')).filter((s) => wanted.has(`${String(s.labels.model)}@${String(s.labels.version)}`));
    const memory = (await samples(this.registry, 'process_resident_memory_bytes'))[0]?.value ?? null;
    let requests = 0;
    let errors = 0;
    for (const s of await samples(this.registry, 'keel_serving_requests_total')) {
      if (s.labels.deployment !== deployment || s.labels.outcome === 'invalid') continue;
      requests += s.value;
      if (s.labels.outcome === 'error') errors += s.value;
    }
    return {
      queueDepth: depth.length ? depth.reduce((a, s) => a + s.value, 0) : models.length ? 0 : null,
      memoryBytes: memory ?? process.memoryUsage().rss,
      gpuUtilization: await this.gpu().catch(() => null),
      requests,
      errors,
    };
  }
}
