import type { KeelConfig } from '../../config/config.schema.js';
import type { BlobStore } from '../../core/ports/blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

export { FsBlobStore } from './fs-blob-store.js';
export type { S3BlobStore, S3BlobConfig, S3BlobStoreOptions } from './s3-blob-store.js';

/** The artifact store the config names; the S3 SDK loads only when S3 is configured. */
export async function createBlobStore(cfg: KeelConfig['artifacts']): Promise<BlobStore> {
  if (cfg.type === 'fs') return FsBlobStore.open(cfg.path);
  const { S3BlobStore } = await import('./s3-blob-store.js');
  return S3BlobStore.open(cfg);
}
