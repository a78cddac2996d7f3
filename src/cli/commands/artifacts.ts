import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { Command } from 'commander';
import { client, globals } from '../context.js';
import { output, printTable } from '../output.js';
import { startProgress } from '../progress.js';

/** Below this a bar would only flicker. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

export function registerArtifactsCommand(program: Command): void {
  const artifacts = program.command('artifacts').description("experiment tracking: list and download a run's artifacts");

  artifacts
    .command('list <runId> [path]')
    .description('the files and folders directly under path (the root by default)')
    .action(async (runId: string, path: string | undefined, _opts: unknown, cmd: Command) => {
      const listing = await client(cmd).runs.listArtifacts(runId, path);
      output(globals(cmd), listing, () =>
        printTable(
          listing.files.map((f) => ({ path: f.isDir ? `${f.path}/` : f.path, size: f.size, sha256: f.sha256?.slice(0, 12) })),
          ['path', 'size', 'sha256'],
        ),
      );
    });

  artifacts
    .command('get <runId> <path>')
    .description('download one artifact file (progress bar on a terminal for large files)')
    .option('-o, --out <file>', 'where to write it; "-" for stdout (default: its file name in the current folder)')
    .action(async (runId: string, path: string, opts: { out?: string }, cmd: Command) => {
      const g = globals(cmd);
      const res = await client(cmd).runs.downloadArtifact(runId, path);
      const total = Number(res.headers.get('content-length') ?? 0);
      const body = res.body ? Readable.fromWeb(res.body as NodeWebStream<Uint8Array>) : Readable.from([]);
      if (opts.out === '-') {
        await pipeline(body, process.stdout);
        return;
      }
      const out = opts.out ?? basename(path);
      const progress = total >= PROGRESS_MIN_BYTES ? startProgress(`${basename(path)}`, total, g) : undefined;
      let done = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          done += chunk.length;
          progress?.update(done);
          cb(null, chunk);
        },
      });
      // Written beside the target and renamed at the end, so an interrupted download never looks complete.
      const partial = `${out}.partial`;
      try {
        await pipeline(body, counter, createWriteStream(partial));
        await rename(partial, out);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      } finally {
        progress?.stop();
      }
      output(g, { runId, path, out, bytes: done }, () => process.stderr.write(`wrote ${out} (${done} bytes)\n`));
    });
}
