import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../src/adapters/blob/index.js';
import { listAll } from '../../src/adapters/blob/blob-store.contract.js';
import { runBlobStoreContract } from '../../src/adapters/blob/blob-store.contract.js';
import { S3BlobStore, type S3BlobConfig } from '../../src/adapters/blob/s3-blob-store.js';
import { randomName } from './services.js';
import { startS3rver, type S3rverHandle } from './s3rver.js';

let server: S3rverHandle;

beforeAll(async () => {
  server = await startS3rver();
});

afterAll(async () => {
  await server?.stop();
});

function config(prefix: string): S3BlobConfig {
  return { type: 's3', bucket: server.bucket, prefix, endpoint: server.endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
}

describe('BlobStore on S3 (s3rver)', () => {
  // Each test writes under its own prefix in the shared bucket, so listings never overlap.
  runBlobStoreContract('s3', async () => {
    const store = await createBlobStore(config(`${randomName('run')}/artifacts/`));
    return { store, cleanup: () => store.close() };
  });

  it('pages through listings and keeps prefixes apart', async () => {
    const store = await S3BlobStore.open(config(randomName('paged')), { listPageSize: 2 });
    const other = await S3BlobStore.open(config(randomName('other')));
    try {
      const put = [];
      for (let i = 0; i < 5; i++) put.push(await store.put(`blob ${i}`));
      await other.put('elsewhere');
      expect(await listAll(store)).toEqual(put.sort((a, b) => a.sha256.localeCompare(b.sha256)));
      expect(await listAll(other)).toHaveLength(1);
    } finally {
      await store.close();
      await other.close();
    }
  });

  it('reports an unreachable endpoint as UPSTREAM_ERROR', async () => {
    const store = await S3BlobStore.open({ ...config('x'), endpoint: 'http://127.0.0.1:1' });
    try {
      await expect(store.put('x')).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    } finally {
      await store.close();
    }
  });
});
