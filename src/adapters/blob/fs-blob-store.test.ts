import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBlobStoreContract } from './blob-store.contract.js';
import { FsBlobStore } from './fs-blob-store.js';
import { createBlobStore } from './index.js';

runBlobStoreContract('fs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'keel-blobs-'));
  const store = await FsBlobStore.open(root);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe('FsBlobStore', () => {
  it('lays blobs out as sha256/ab/cd/<hash> and leaves no temp files after a write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keel-blobs-'));
    try {
      const store = await createBlobStore({ type: 'fs', path: root });
      const { sha256 } = await store.put('layout');
      expect(await readdir(join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4)))).toEqual([sha256]);
      expect(await readdir(join(root, 'tmp'))).toEqual([]);
      await expect(store.put('x', { expectedSha256: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await readdir(join(root, 'tmp'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('removes temp files of dead writers on open but keeps those of live ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keel-blobs-'));
    try {
      await FsBlobStore.open(root);
      const { hostname } = await import('node:os');
      const deadPid = 2 ** 22 + 12345; // above Linux's pid_max, so never a live process
      await writeFile(join(root, 'tmp', `${hostname()}.${deadPid}.aaaaaa.tmp`), 'half');
      await writeFile(join(root, 'tmp', 'garbage-without-owner'), 'half');
      const live = `${hostname()}.${process.pid}.bbbbbb.tmp`;
      await writeFile(join(root, 'tmp', live), 'in progress');
      await FsBlobStore.open(root);
      expect(await readdir(join(root, 'tmp'))).toEqual([live]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('fails a put whose stream errors, leaving nothing behind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keel-blobs-'));
    try {
      const store = await FsBlobStore.open(root);
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('partial');
        throw new Error('source broke');
      }
      await expect(store.put(broken())).rejects.toThrow('source broke');
      expect(await readdir(join(root, 'tmp'))).toEqual([]);
      const listed = [];
      for await (const b of store.list()) listed.push(b);
      expect(listed).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
