import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { AppError } from '../../core/errors.js';
import type { ArtifactEntry } from '../../domains/tracking/tracking.schema.js';
import type { RunsApi } from '../resources/runs.js';

/** Files uploaded at once from a folder: enough to hide latency, few enough not to exhaust sockets. */
const UPLOAD_CONCURRENCY = 4;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const toArtifactPath = (...parts: string[]): string =>
  parts
    .join('/')
    .split(sep)
    .join('/')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/|\/$/g, '');

/**
 * Uploads a file to `artifactPath` (default: its name), or every file of a folder
 * under `artifactPath` (default: the folder's name), streaming each from disk.
 */
export async function uploadLocalPath(runs: RunsApi, runId: string, localPath: string, artifactPath?: string): Promise<ArtifactEntry[]> {
  const info = await stat(localPath).catch((err: unknown) => {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${localPath}: ${(err as Error).message}`, { cause: err });
  });
  const target = artifactPath ?? basename(localPath);
  if (info.isFile()) return [await runs.uploadArtifact(runId, toArtifactPath(target), createReadStream(localPath))];
  if (!info.isDirectory()) throw new AppError('INVALID_ARGUMENT', `${localPath} is neither a file nor a folder`);

  const files = await filesUnder(localPath);
  const uploaded: ArtifactEntry[] = new Array<ArtifactEntry>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i] as string;
      uploaded[i] = await runs.uploadArtifact(runId, toArtifactPath(target, relative(localPath, file)), createReadStream(file));
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, worker));
  return uploaded;
}
