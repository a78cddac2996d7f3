/**
 * `keel data add` from the SDK: hash local files (streamed), ask the server which it lacks,
 * upload only those (streamed, with progress), then commit the version. A file that any
 * version already holds is neither sent nor stored again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../core/errors.js';
import type { AddDatasetOptions, AddDatasetResult, DatasetUploader } from '../dataset-types.js';

export const POINTER_SUFFIX = '.keel-data';
const UPLOAD_CONCURRENCY = 4;

interface LocalFile {
  full: string;
  path: string;
  size: number;
  sha256?: string;
}

/** Hidden files and pointer files are not data. */
const isData = (name: string): boolean => !name.startsWith('.') && !name.endsWith(POINTER_SUFFIX);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!isData(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

async function localFiles(localPath: string): Promise<LocalFile[]> {
  const info = await stat(localPath).catch((err: unknown) => {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${localPath}: ${(err as Error).message}`, { cause: err });
  });
  if (info.isFile()) return [{ full: localPath, path: basename(localPath), size: info.size }];
  if (!info.isDirectory()) throw new AppError('INVALID_ARGUMENT', `${localPath} is neither a file nor a folder`);
  const files = await filesUnder(localPath);
  if (files.length === 0) throw new AppError('INVALID_ARGUMENT', `${localPath} holds no data files`);
  return Promise.all(files.map(async (full) => ({ full, path: relative(localPath, full).split(sep).join('/'), size: (await stat(full)).size })));
}

async function* counted(path: string, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  for await (const chunk of createReadStream(path)) {
    onBytes((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

export async function addLocalDataset(data: DatasetUploader, name: string, localPath: string, opts: AddDatasetOptions = {}): Promise<AddDatasetResult> {
  const files = await localFiles(localPath);
  const total = files.reduce((s, f) => s + f.size, 0);
  let hashed = 0;
  for (const f of files) {
    const hash = createHash('sha256');
    await pipeline(
      counted(f.full, (n) => {
        hashed += n;
        opts.onProgress?.({ phase: 'hash', done: hashed, total });
      }),
      hash,
    );
    f.sha256 = hash.digest('hex');
  }
  const missing = new Set(await data.missingFiles([...new Set(files.map((f) => f.sha256 as string))]));
  // One upload per distinct content, even when two paths hold the same bytes.
  const toSend = [...new Map(files.filter((f) => missing.has(f.sha256 as string)).map((f) => [f.sha256, f])).values()];
  const uploadTotal = toSend.reduce((s, f) => s + f.size, 0);
  let uploaded = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < toSend.length; i = next++) {
      const f = toSend[i] as LocalFile;
      const info = await data.uploadFile(
        counted(f.full, (n) => {
          uploaded += n;
          opts.onProgress?.({ phase: 'upload', done: uploaded, total: uploadTotal });
        }),
      );
      if (info.sha256 !== f.sha256) throw new AppError('FAILED_PRECONDITION', `${f.full} changed while it was being added`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, toSend.length) }, worker));
  opts.onProgress?.({ phase: 'commit', done: 0, total });
  const result = await data.createVersion(name, {
    files: files.map((f) => ({ path: f.path, sha256: f.sha256 as string })),
    ...(opts.message !== undefined ? { message: opts.message } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.format !== undefined ? { format: opts.format } : {}),
    source: opts.source ?? localPath,
  });
  return { ...result, uploadedFiles: toSend.length, uploadedBytes: uploadTotal };
}
