import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LIMITS } from '../../domains/tracking/tracking.limits.js';
import type { Tag } from '../../domains/tracking/tracking.schema.js';
import type { CapturedEnvironment, EnvironmentOptions } from '../node-support.js';

/** Each probe gets this long: a run must start promptly even when git or nvidia-smi hangs. */
const PROBE_TIMEOUT_MS = 3_000;
const GIT_DIFF_MAX_BYTES = 32 * 1024 * 1024;

/** Runs a program and returns its trimmed stdout, or undefined when it is missing, fails or times out. */
function probe(file: string, args: string[], opts: { cwd?: string; timeoutMs?: number; maxBuffer?: number } = {}): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    execFile(
      file,
      args,
      { cwd: opts.cwd, timeout: opts.timeoutMs ?? PROBE_TIMEOUT_MS, maxBuffer: opts.maxBuffer ?? 1024 * 1024, windowsHide: true, encoding: 'utf8' },
      (err, stdout) => resolvePromise(err ? undefined : stdout.trimEnd()),
    );
  });
}

async function gitState(cwd: string): Promise<{ tags: Tag[]; diff?: string }> {
  const commit = await probe('git', ['rev-parse', 'HEAD'], { cwd });
  if (!commit) return { tags: [] };
  const [branch, remote, status] = await Promise.all([
    probe('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd }),
    probe('git', ['config', '--get', 'remote.origin.url'], { cwd }),
    // Untracked files are left out: the diff below could not reproduce them anyway.
    probe('git', ['status', '--porcelain', '--untracked-files=no'], { cwd }),
  ]);
  const dirty = status !== undefined && status.length > 0;
  const tags: Tag[] = [{ key: 'mlflow.source.git.commit', value: commit }];
  if (branch && branch !== 'HEAD') tags.push({ key: 'mlflow.source.git.branch', value: branch });
  if (remote) tags.push({ key: 'mlflow.source.git.repoURL', value: remote });
  if (status !== undefined) tags.push({ key: 'keel.env.git.dirty', value: String(dirty) });
  const diff = dirty ? await probe('git', ['diff', 'HEAD'], { cwd, maxBuffer: GIT_DIFF_MAX_BYTES, timeoutMs: 10_000 }) : undefined;
  return diff ? { tags, diff: `${diff}\n` } : { tags };
}

async function gpus(): Promise<string | undefined> {
  const out = await probe('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader']);
  const lines = out?.split('\n').map((l) => l.trim()).filter(Boolean) ?? [];
  return lines.length > 0 ? lines.join('; ') : undefined;
}

async function nearestPackageJson(from: string): Promise<{ dir: string; deps: Record<string, string> } | undefined> {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
      return { dir, deps: pkg.dependencies ?? {} };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Installed versions of the nearest package.json's dependencies (the declared range when not installed). */
async function packageVersions(cwd: string): Promise<Record<string, string>> {
  const pkg = await nearestPackageJson(cwd).catch(() => undefined);
  if (!pkg) return {};
  const entries = await Promise.all(
    Object.entries(pkg.deps).map(async ([name, range]) => {
      const installed = await readFile(join(pkg.dir, 'node_modules', name, 'package.json'), 'utf8')
        .then((t) => (JSON.parse(t) as { version?: string }).version)
        .catch(() => undefined);
      return [name, installed ?? range] as const;
    }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

function userName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (e.g. an arbitrary uid in a container).
    return undefined;
  }
}

/**
 * What a run needs to be reproduced, as tags (MLflow's system names where they
 * exist, `keel.env.*` otherwise) plus files for what does not fit in a tag.
 * @example const env = await captureEnvironment({ cwd: process.cwd() });
 */
export async function captureEnvironment(opts: EnvironmentOptions = {}): Promise<CapturedEnvironment> {
  const cwd = opts.cwd ?? process.cwd();
  const [git, gpu, packages, pip] = await Promise.all([
    gitState(cwd),
    gpus(),
    packageVersions(cwd),
    opts.pipFreeze ? Promise.all([probe('python3', ['--version']), probe('python3', ['-m', 'pip', 'freeze'], { timeoutMs: 30_000 })]) : undefined,
  ]);
  const cpus = os.cpus();
  const user = userName();
  const entry = process.argv[1];
  const tags: Tag[] = [
    { key: 'mlflow.source.type', value: 'LOCAL' },
    { key: 'keel.env.node', value: process.version },
    { key: 'keel.env.os', value: `${os.type()} ${os.release()}` },
    { key: 'keel.env.platform', value: `${process.platform}-${process.arch}` },
    { key: 'keel.env.cpu', value: `${cpus[0]?.model.trim() ?? 'unknown'} x${cpus.length}` },
    { key: 'keel.env.cpu_count', value: String(os.availableParallelism()) },
    { key: 'keel.env.memory_bytes', value: String(os.totalmem()) },
    { key: 'keel.env.hostname', value: os.hostname() },
    ...git.tags,
  ];
  const sourceName = opts.sourceName ?? entry;
  if (sourceName) tags.push({ key: 'mlflow.source.name', value: sourceName.slice(0, LIMITS.tagValue) });
  if (user) tags.push({ key: 'mlflow.user', value: user });
  if (gpu) tags.push({ key: 'keel.env.gpu', value: gpu.slice(0, LIMITS.tagValue) });

  const files: CapturedEnvironment['files'] = [];
  const packagesJson = JSON.stringify(packages);
  if (packagesJson.length <= LIMITS.tagValue) tags.push({ key: 'keel.env.packages', value: packagesJson });
  else files.push({ path: 'environment/packages.json', data: packagesJson });
  if (pip?.[0]) tags.push({ key: 'keel.env.python', value: pip[0].replace(/^Python\s+/, '') });
  if (pip?.[1] !== undefined) files.push({ path: 'environment/requirements.txt', data: `${pip[1]}\n` });
  if (git.diff) files.push({ path: 'environment/git-diff.patch', data: git.diff });
  return { tags, ...(user ? { userId: user } : {}), files };
}
