/**
 * A writer killed with SIGKILL mid-upload must leave no visible blob, no
 * metadata row pointing at one, and only a temp file that the next open removes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAll } from '../../src/adapters/blob/blob-store.contract.js';
import { FsBlobStore } from '../../src/adapters/blob/fs-blob-store.js';
import { openDatabase } from '../../src/adapters/sql/database.js';

const WRITER = fileURLToPath(new URL('./fixtures/slow-blob-writer.ts', import.meta.url));

interface Writer {
  waitFor(line: string): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/** Runs the writer as one node process (tsx as a loader, not a wrapper), so the signal reaches the writer itself. */
function startWriter(root: string, dbPath: string, chunks: number): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root, dbPath, String(chunks)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    exited,
    kill: () => child.kill('SIGKILL'),
    waitFor: (prefix) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const line = out.split('\n').find((l) => l.startsWith(prefix));
          if (line !== undefined) resolve(line);
          return line !== undefined;
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        void exited.then(() => check() || reject(new Error(`writer exited before printing '${prefix}': ${err}`)));
      }),
  };
}

async function countRefs(dbPath: string): Promise<number> {
  const database = await openDatabase({ type: 'sqlite', path: dbPath });
  try {
    const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'artifact_refs'`.execute(database.db);
    if (exists.rows[0]?.n === 0) return 0;
    const { rows } = await sql<{ n: number }>`select count(*) as n from artifact_refs`.execute(database.db);
    return rows[0]?.n ?? 0;
  } finally {
    await database.close();
  }
}

describe('fs blob store under SIGKILL', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-crash-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a writer killed mid-blob leaves no blob, no row, and no temp file after reopening', async () => {
    const root = join(dir, 'blobs');
    const dbPath = join(dir, 'keel.db');
    const writer = startWriter(root, dbPath, 10_000);
    await writer.waitFor('started');
    await new Promise((resolve) => setTimeout(resolve, 100));
    writer.kill();
    expect((await writer.exited).signal).toBe('SIGKILL');

    // The half-written temp file is there, but nothing is visible as a blob.
    expect((await readdir(join(root, 'tmp'))).length).toBe(1);
    const store = await FsBlobStore.open(root);
    expect(await listAll(store)).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(await countRefs(dbPath)).toBe(0);
  });

  it('the same writer left alone stores the blob and then its row (the control case)', async () => {
    const root = join(dir, 'blobs');
    const dbPath = join(dir, 'keel.db');
    const writer = startWriter(root, dbPath, 5);
    const done = await writer.waitFor('done ');
    expect((await writer.exited).code).toBe(0);
    const sha256 = done.slice('done '.length);
    const store = await FsBlobStore.open(root);
    expect(await store.stat(sha256)).toEqual({ sha256, size: 5 * 64 * 1024 });
    expect(await countRefs(dbPath)).toBe(1);
  });
});
