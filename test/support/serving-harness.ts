import { Readable } from 'node:stream';
import { SqliteKvStore } from '../../src/adapters/kv/sqlite-kv-store.js';
import { OnnxRuntime } from '../../src/adapters/runtime/index.js';
import { openDatabase, type SqlDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { ServingSqlStore } from '../../src/adapters/sql/serving/serving.sql-store.js';
import { createHash } from 'node:crypto';
import { AppError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/clock.js';
import type { ModelVersion } from '../../src/domains/registry/index.js';
import { ServingService, type ModelSource, type ServingMetrics } from '../../src/domains/serving/index.js';
import type { Random } from '../../src/domains/serving/strategies/traffic-strategy.js';

/** An in-memory stand-in for the registry's read side: versions are real ONNX bytes. */
export class MemoryModels implements ModelSource {
  private readonly versions = new Map<string, Uint8Array>();
  private readonly aliases = new Map<string, number>();

  add(name: string, version: number, bytes: Uint8Array, alias?: string): void {
    this.versions.set(`${name}@${version}`, bytes);
    if (alias) this.aliases.set(`${name}@${alias}`, version);
  }

  getVersion(name: string, version: number): Promise<ModelVersion> {
    const bytes = this.versions.get(`${name}@${version}`);
    if (!bytes) return Promise.reject(AppError.notFound('model version', `${name}/${version}`));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return Promise.resolve({
      name, version, stage: 'None', description: '', source: 'upload:model.onnx', artifactPath: null, runId: null, sha256, sizeBytes: bytes.byteLength, fileName: 'model.onnx',
      flavor: 'onnx', signature: null, metrics: [], params: [], datasets: [], tags: [], aliases: [], createdBy: 'test', createdAt: 0, updatedAt: 0,
    });
  }

  getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const v = this.aliases.get(`${name}@${alias}`);
    return v === undefined ? Promise.reject(AppError.notFound('alias', `${name}@${alias}`)) : this.getVersion(name, v);
  }

  async openArtifact(name: string, version: number): Promise<{ stream: Readable; size: number; sha256: string; fileName: string }> {
    const v = await this.getVersion(name, version);
    return { stream: Readable.from([this.versions.get(`${name}@${version}`) as Uint8Array]), size: v.sizeBytes, sha256: v.sha256, fileName: v.fileName };
  }
}

export interface ServingHarness {
  serving: ServingService;
  models: MemoryModels;
  store: ServingSqlStore;
  sql: SqlDatabase;
  close(): Promise<void>;
}

export async function servingHarness(opts: { clock?: Clock; random?: Random; metrics?: ServingMetrics } = {}): Promise<ServingHarness> {
  const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(sql);
  const kv = await SqliteKvStore.open(':memory:');
  const models = new MemoryModels();
  const store = new ServingSqlStore(sql);
  const serving = new ServingService({ store, models, runtime: new OnnxRuntime(), kv, ...opts });
  return {
    serving,
    models,
    store,
    sql,
    close: async () => {
      await serving.close();
      await kv.close();
      await sql.close();
    },
  };
}

export const ADMIN = { id: 'test', scope: 'admin' } as const;
