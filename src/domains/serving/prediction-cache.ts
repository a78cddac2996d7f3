import { createHash } from 'node:crypto';
import type { KvStore } from '../../core/ports/kv-store.js';
import type { TensorValue } from '../../core/ports/model-runtime.js';
import { dataToJson, tensorsFromJson, tensorsToJson, type TensorJson } from './tensor-batch.js';

/**
 * Exact-match answer cache in the KvStore. The key hashes the model version with the
 * input normalised (names sorted; type, shape and values as JSON), so the same request
 * to the same version hits whatever order its inputs came in, and a new version never
 * sees an old version's answers.
 */
export class PredictionCache {
  constructor(private readonly kv: KvStore) {}

  key(model: string, version: number, inputs: Record<string, TensorValue>): string {
    const h = createHash('sha256').update(`${model}@${version}\n`);
    for (const name of Object.keys(inputs).sort()) {
      const t = inputs[name] as TensorValue;
      h.update(`${name}\u0000${t.type}\u0000${t.shape.join(',')}\u0000${JSON.stringify(dataToJson(t.data))}\n`);
    }
    return `serving:cache:${h.digest('base64url')}`;
  }

  async get(key: string): Promise<Record<string, TensorValue> | undefined> {
    const raw = await this.kv.get(key);
    return raw === null ? undefined : tensorsFromJson(JSON.parse(raw) as Record<string, TensorJson>);
  }

  set(key: string, outputs: Record<string, TensorValue>, ttlSec: number): Promise<void> {
    return this.kv.set(key, JSON.stringify(tensorsToJson(outputs)), { ttlMs: ttlSec * 1000 });
  }
}
