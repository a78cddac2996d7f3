import { AppError } from '../../core/errors.js';
import type { LoadedModel, ModelRuntime, ModelSignature, TensorValue } from '../../core/ports/model-runtime.js';
import type { RegistryApi } from '../registry/index.js';
import { AdaptiveBatcher } from './adaptive-batcher.js';
import type { ServingMetrics } from './serving-metrics.js';
import { isBatchable } from './signature-validation.js';

/** The slice of the registry serving needs. */
export type ModelSource = Pick<RegistryApi, 'getVersion' | 'getVersionByAlias' | 'openArtifact'>;

export interface VersionRef {
  model: string;
  version: number;
}

export interface PooledModel {
  readonly model: string;
  readonly version: number;
  readonly signature: ModelSignature;
  readonly batchable: boolean;
  run(inputs: Record<string, TensorValue>): Promise<Record<string, TensorValue>>;
  /** One batcher per (version, batch settings): deployments sharing a version and settings share batches. */
  batcher(maxBatchSize: number, maxLatencyMs: number): AdaptiveBatcher;
}

const keyOf = (ref: VersionRef): string => `${ref.model}@${ref.version}`;

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Zeros of the signature's shapes (dynamic dimensions as 1), to run once before traffic arrives. */
function warmupInputs(signature: ModelSignature): Record<string, TensorValue> | undefined {
  const inputs: Record<string, TensorValue> = {};
  for (const spec of signature.inputs) {
    const shape = spec.shape.map((d) => (d === -1 ? 1 : d));
    const n = shape.reduce((a, d) => a * d, 1);
    if (n > 1_000_000) return undefined;
    const data = spec.type === 'string' ? new Array<string>(n).fill('') : spec.type === 'bool' ? new Array<boolean>(n).fill(false) : new Array<number>(n).fill(0);
    inputs[spec.name] = { type: spec.type, shape, data };
  }
  return inputs;
}

class Entry implements PooledModel {
  readonly batchable: boolean;
  private readonly batchers = new Map<string, AdaptiveBatcher>();

  constructor(
    readonly model: string,
    readonly version: number,
    readonly loaded: LoadedModel,
    private readonly metrics: ServingMetrics,
  ) {
    this.batchable = isBatchable(loaded.signature);
  }

  get signature(): ModelSignature {
    return this.loaded.signature;
  }

  run(inputs: Record<string, TensorValue>): Promise<Record<string, TensorValue>> {
    return this.loaded.run(inputs);
  }

  batcher(maxBatchSize: number, maxLatencyMs: number): AdaptiveBatcher {
    const key = `${maxBatchSize}/${maxLatencyMs}`;
    let b = this.batchers.get(key);
    if (!b) {
      b = new AdaptiveBatcher((inputs) => this.loaded.run(inputs), {
        maxBatchSize,
        maxLatencyMs,
        // Two runs in flight: one computes while the next batch gathers; more only adds contention on small machines.
        maxConcurrentRuns: 2,
        onBatch: (rows, requests) => this.metrics.batch(this.model, this.version, rows, requests),
        onQueueDepth: (depth) => this.metrics.queueDepth(this.model, this.version, depth),
      });
      this.batchers.set(key, b);
    }
    return b;
  }
}

/**
 * Sessions by model version: each is loaded once (concurrent first requests share the
 * load), warmed up with one zero row, and released when no deployment holds it any more.
 * Deployments declare what they hold with `retain(owner, refs)`.
 */
export class ModelPool {
  private readonly entries = new Map<string, Promise<Entry>>();
  private readonly owners = new Map<string, Set<string>>();

  constructor(
    private readonly source: ModelSource,
    private readonly runtime: ModelRuntime,
    private readonly metrics: ServingMetrics,
  ) {}

  /** Loads (or finds) a version; NOT_FOUND when the registry has no such version. */
  acquire(ref: VersionRef): Promise<PooledModel> {
    const key = keyOf(ref);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.load(ref);
      this.entries.set(key, entry);
      // A failed load is forgotten so the next request can try again.
      entry.catch(() => this.entries.delete(key));
    }
    return entry;
  }

  /** Whether a version is loaded and warm (OIP model readiness). */
  async isReady(ref: VersionRef): Promise<boolean> {
    const entry = this.entries.get(keyOf(ref));
    if (!entry) return false;
    return entry.then(
      () => true,
      () => false,
    );
  }

  /** Sets what `owner` (a deployment) uses, loading new versions and releasing ones nobody uses now. */
  async retain(owner: string, refs: readonly VersionRef[]): Promise<void> {
    await Promise.all(refs.map((r) => this.acquire(r)));
    this.owners.set(owner, new Set(refs.map(keyOf)));
    await this.releaseUnused();
  }

  async release(owner: string): Promise<void> {
    this.owners.delete(owner);
    await this.releaseUnused();
  }

  async close(): Promise<void> {
    this.owners.clear();
    await this.releaseUnused();
  }

  loadedVersions(): string[] {
    return [...this.entries.keys()];
  }

  private async releaseUnused(): Promise<void> {
    const used = new Set<string>();
    for (const keys of this.owners.values()) for (const k of keys) used.add(k);
    for (const [key, entry] of [...this.entries]) {
      if (used.has(key)) continue;
      this.entries.delete(key);
      await entry.then(
        (e) => e.loaded.release(),
        () => undefined,
      );
    }
  }

  private async load(ref: VersionRef): Promise<Entry> {
    const version = await this.source.getVersion(ref.model, ref.version);
    if (version.flavor !== this.runtime.flavor) throw new AppError('FAILED_PRECONDITION', `${keyOf(ref)} is a ${version.flavor} model; this server runs ${this.runtime.flavor}`);
    const artifact = await this.source.openArtifact(ref.model, ref.version);
    const loaded = await this.runtime.load(await readAll(artifact.stream));
    const warm = warmupInputs(loaded.signature);
    try {
      if (warm) await loaded.run(warm);
    } catch (err) {
      await loaded.release();
      throw new AppError('FAILED_PRECONDITION', `${keyOf(ref)} failed its warm-up run: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return new Entry(ref.model, ref.version, loaded, this.metrics);
  }
}
