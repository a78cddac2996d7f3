import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { CheckResult, DatasetVersion } from '../../sdk/index.js';
import { POINTER_SUFFIX } from '../../sdk/node/dataset-files.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';
import { startProgress, type Progress } from '../progress.js';

/** Below this a bar would only flicker. */
const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

interface Ref {
  name: string;
  version: string;
}

/** `name@version` (latest when no version); a `.keel-data` pointer file stands for the version it records. */
async function parseRef(ref: string): Promise<Ref> {
  if (ref.endsWith(POINTER_SUFFIX)) {
    const pointer = JSON.parse(await readFile(ref, 'utf8').catch(() => {
      throw AppError.invalid(`cannot read pointer file ${ref}`);
    })) as { dataset?: unknown; version?: unknown };
    if (typeof pointer.dataset !== 'string' || typeof pointer.version !== 'number') throw AppError.invalid(`${ref} is not a Keel data pointer (dataset and version missing)`);
    return { name: pointer.dataset, version: String(pointer.version) };
  }
  const at = ref.lastIndexOf('@');
  return at < 0 ? { name: ref, version: 'latest' } : { name: ref.slice(0, at), version: ref.slice(at + 1) };
}

const short = (digest: string): string => digest.slice(0, 12);
const fmt = (v: number | string | null): string => (v === null ? '-' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : v);

function printChecks(checks: CheckResult[]): void {
  printTable(
    checks.map((c) => ({ check: c.name, result: c.passed ? 'pass' : 'FAIL', measured: fmt(c.measured), threshold: fmt(c.threshold), detail: c.detail })),
    ['check', 'result', 'measured', 'threshold', 'detail'],
  );
}

function printProfile(v: DatasetVersion): void {
  process.stdout.write(`${v.dataset}@${v.version}  ${v.digest}  ${v.rowCount} rows  ${v.files.length} file(s), ${v.size} bytes  ${v.format}\n`);
  printTable(
    v.profile.columns.map((c) => ({ column: c.name, type: c.type, nulls: c.nulls, distinct: c.distinct, min: fmt(c.min), max: fmt(c.max), mean: fmt(c.mean), std: fmt(c.std), top: c.top?.slice(0, 3).map((t) => `${t.value}(${t.count})`).join(' ') })),
    ['column', 'type', 'nulls', 'distinct', 'min', 'max', 'mean', 'std', 'top'],
  );
}

export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('datasets: immutable versions, profiles, quality checks, diffs');

  data
    .command('add <name> <path>')
    .description('add a file or folder as a new version (unchanged files are not uploaded again)')
    .option('-m, --message <text>', 'what changed in this version')
    .option('--description <text>', "the dataset's description (when it is new)")
    .option('--format <format>', 'csv, parquet or jsonl (default: from the file extensions)')
    .option('--pointer', `write <path>${POINTER_SUFFIX}, a small file to commit to git instead of the data`)
    .action(async (name: string, path: string, opts: { message?: string; description?: string; format?: 'csv' | 'parquet' | 'jsonl'; pointer?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      let bar: Progress | undefined;
      let phase = '';
      const result = await client(cmd).data.addPath(name, path, {
        message: opts.message,
        description: opts.description,
        format: opts.format,
        onProgress: (p) => {
          if (p.total < PROGRESS_MIN_BYTES) return;
          if (p.phase === 'commit') {
            bar?.stop();
            bar = undefined;
            // The server profiles the version before answering: say so, or a large add looks stuck.
            if (!g.json && process.stderr.isTTY) process.stderr.write(`profiling ${name} on the server…\n`);
            return;
          }
          if (p.phase !== phase) {
            bar?.stop();
            phase = p.phase;
            bar = startProgress(p.phase === 'hash' ? 'hashing  ' : 'uploading', p.total, g);
          }
          bar?.update(p.done);
        },
      }).finally(() => bar?.stop());
      const v = result.version;
      if (opts.pointer) {
        const pointer = `${path.replace(/[\\/]+$/, '')}${POINTER_SUFFIX}`;
        await writeFile(pointer, `${JSON.stringify({ dataset: v.dataset, version: v.version, digest: v.digest, files: v.files }, null, 2)}\n`);
      }
      output(g, result, () => {
        const what = result.created ? 'added' : 'unchanged: same content as';
        process.stdout.write(`${what} ${v.dataset}@${v.version} (${short(v.digest)}): ${v.rowCount} rows, ${v.files.length} file(s); uploaded ${result.uploadedFiles}, reused ${v.files.length - result.uploadedFiles}\n`);
      });
    });

  data
    .command('list')
    .description('datasets with their latest version')
    .action(async (_opts: unknown, cmd: Command) => {
      const list = await client(cmd).data.list();
      output(globals(cmd), list, () => printTable(list.map((d) => ({ name: d.name, latest: d.latestVersion, versions: d.versionCount, created: formatTime(d.createdAt), description: d.description })), ['name', 'latest', 'versions', 'created', 'description']));
    });

  data
    .command('versions <name>')
    .description('versions of a dataset, newest first')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const versions = await client(cmd).data.versions(name);
      output(globals(cmd), versions, () =>
        printTable(
          versions.map((v) => ({ version: v.version, digest: short(v.digest), rows: v.rowCount, columns: v.schema.length, files: v.files.length, bytes: v.size, created: formatTime(v.createdAt), by: v.createdBy, message: v.message })),
          ['version', 'digest', 'rows', 'columns', 'files', 'bytes', 'created', 'by', 'message'],
        ),
      );
    });

  data
    .command('show <ref>')
    .description('schema and profile of a version (name@version, latest by default)')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const r = await parseRef(ref);
      const v = await client(cmd).data.version(r.name, r.version);
      output(globals(cmd), v, () => printProfile(v));
    });

  data
    .command('get <ref>')
    .description(`download a version (name@version or a ${POINTER_SUFFIX} file); a single file goes to --out, a folder's files under it`)
    .requiredOption('-o, --out <path>', 'where to write: a file for a one-file version, else a folder')
    .action(async (ref: string, opts: { out: string }, cmd: Command) => {
      const g = globals(cmd);
      const r = await parseRef(ref);
      const keel = client(cmd);
      const v = await keel.data.version(r.name, r.version);
      const outIsDir = v.files.length > 1 || (await stat(opts.out).catch(() => null))?.isDirectory() === true;
      const bar = v.size >= PROGRESS_MIN_BYTES ? startProgress(`${v.dataset}@${v.version}`, v.size, g) : undefined;
      let done = 0;
      try {
        for (const f of v.files) {
          const target = outIsDir ? join(opts.out, ...f.path.split('/')) : opts.out;
          await mkdir(dirname(target), { recursive: true });
          const res = await keel.data.downloadFile(v.dataset, v.version, f.path);
          const body = res.body ? Readable.fromWeb(res.body as NodeWebStream<Uint8Array>) : Readable.from([]);
          const counter = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              done += chunk.length;
              bar?.update(done);
              cb(null, chunk);
            },
          });
          // Written beside the target and renamed at the end, so an interrupted download never looks complete.
          const partial = `${target}.partial`;
          try {
            await pipeline(body, counter, createWriteStream(partial));
            await rename(partial, target);
          } catch (err) {
            await rm(partial, { force: true });
            throw err;
          }
        }
      } finally {
        bar?.stop();
      }
      output(g, { dataset: v.dataset, version: v.version, digest: v.digest, out: opts.out, files: v.files.length, bytes: done }, () => process.stderr.write(`wrote ${v.dataset}@${v.version} to ${opts.out} (${v.files.length} file(s), ${done} bytes)\n`));
    });

  data
    .command('diff <from> <to>')
    .description('schema, row count and per-column statistic changes between two versions (name@a name@b)')
    .action(async (from: string, to: string, _opts: unknown, cmd: Command) => {
      const a = await parseRef(from);
      const b = await parseRef(to);
      if (a.name !== b.name) throw AppError.invalid(`diff compares versions of one dataset; got ${a.name} and ${b.name}`);
      const d = await client(cmd).data.diff(a.name, a.version, b.version);
      output(globals(cmd), d, () => {
        process.stdout.write(`${d.dataset}@${d.from.version} → @${d.to.version}: rows ${d.from.rowCount} → ${d.to.rowCount} (${d.rowCountChange >= 0 ? '+' : ''}${d.rowCountChange})\n`);
        process.stdout.write(`files: ${d.files.added.length} added, ${d.files.removed.length} removed, ${d.files.changed.length} changed, ${d.files.unchanged} unchanged\n`);
        const changed = d.columns.filter((c) => c.change !== 'unchanged');
        printTable(
          changed.map((c) => ({ column: c.name, change: c.change, type: c.change === 'type_changed' ? `${c.typeFrom ?? ''} → ${c.typeTo ?? ''}` : (c.typeTo ?? c.typeFrom ?? ''), stats: Object.entries(c.stats).map(([k, [x, y]]) => `${k} ${fmt(x)}→${fmt(y)}`).join(', ') })),
          ['column', 'change', 'type', 'stats'],
        );
      });
    });

  data
    .command('check <ref>')
    .description('run a quality suite (JSON or YAML) on a version; exits 1 when a check fails')
    .requiredOption('-s, --suite <file>', 'the suite file')
    .action(async (ref: string, opts: { suite: string }, cmd: Command) => {
      const g = globals(cmd);
      const r = await parseRef(ref);
      const text = await readFile(opts.suite, 'utf8').catch((err: unknown) => {
        throw AppError.invalid(`cannot read suite file ${opts.suite}: ${(err as Error).message}`);
      });
      const report = await client(cmd).data.check(r.name, r.version, text);
      output(g, report, () => {
        printChecks(report.checks);
        const failed = report.checks.filter((c) => !c.passed).length;
        process.stdout.write(`${report.dataset}@${report.version} suite ${report.suite}: ${report.passed ? 'passed' : `FAILED (${failed} of ${report.checks.length} checks)`} in ${report.durationMs} ms\n`);
      });
      if (!report.passed) process.exitCode = 1;
    });

  data
    .command('link <ref>')
    .description('record that a run used a version (its lineage then shows the model versions of that run)')
    .requiredOption('--run <id>', 'the run id')
    .option('--context <text>', 'how the run used it (train, eval…)', 'train')
    .action(async (ref: string, opts: { run: string; context: string }, cmd: Command) => {
      const r = await parseRef(ref);
      const keel = client(cmd);
      await keel.data.linkRun(r.name, r.version, opts.run, opts.context);
      const lineage = await keel.data.lineage(r.name, r.version);
      output(globals(cmd), lineage, () => printTable(lineage.runs.map((l) => ({ run: l.runId, context: l.context, linked: formatTime(l.linkedAt) })), ['run', 'context', 'linked']));
    });
}
