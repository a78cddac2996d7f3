import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError } from './types.js';

export interface SpawnOptions {
  /** Shown in messages and tables. */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Must capture the base URL in group 1. */
  readyPattern?: RegExp;
  readyTimeoutMs?: number;
}

export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  /** True while the process has not exited: checked after each load so a crash is not reported as a slow server. */
  alive(): boolean;
  stop(): Promise<void>;
}

export const BENCH_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = path.dirname(BENCH_ROOT);

/** Every server prints this line, as `keel server` does, so one pattern finds all of them. */
export const LISTENING_PATTERN = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

const live = new Set<ChildProcess>();
// A benchmark that dies half-way must not leave servers holding ports and CPU.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Runs a bench/servers/*.ts file under tsx in its own process. */
export function tsServer(name: string, file: string, args: readonly string[] = []): SpawnOptions {
  return { name, command: process.execPath, args: ['--import', 'tsx', path.join(BENCH_ROOT, 'servers', file), ...args] };
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Starts a server and resolves once it prints its URL. Output goes to a file, not a pipe:
 * draining a pipe would cost the load generator CPU in this process, and an undrained one
 * blocks a chatty server (request logs) mid-benchmark.
 */
export async function spawnServer(opts: SpawnOptions): Promise<RunningServer> {
  const pattern = opts.readyPattern ?? LISTENING_PATTERN;
  const timeoutMs = opts.readyTimeoutMs ?? 15_000;
  const logDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-log-'));
  const logFile = path.join(logDir, `${opts.name.replace(/[^a-z0-9.-]+/gi, '_')}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(opts.command, [...opts.args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    });
  });
  const readLog = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  const url = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
    });
    const poll = setInterval(() => {
      const log = readLog();
      const match = pattern.exec(log);
      if (match?.[1]) {
        clearInterval(poll);
        resolve(match[1]);
        return;
      }
      let why: string | undefined;
      if (spawnError) why = `could not start: ${spawnError.message}`;
      else if (exited) why = `exited (code ${child.exitCode ?? child.signalCode}) before listening`;
      else if (Date.now() - started > timeoutMs) why = `did not print "listening on http://127.0.0.1:<port>" within ${timeoutMs} ms`;
      if (why) {
        clearInterval(poll);
        child.kill('SIGKILL');
        const shown = tail(log);
        reject(new BenchError(`${opts.name} server ${why}\n  command: ${opts.command} ${opts.args.join(' ')}\n  log: ${logFile}${shown ? `\n${shown.replace(/^/gm, '  | ')}` : ''}`));
      }
    }, 50);
  });

  return {
    name: opts.name,
    url,
    pid: child.pid ?? -1,
    alive: () => !exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        // A server whose graceful close hangs must not hang the benchmark.
        const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exitPromise;
        clearTimeout(killer);
      }
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/** Stops all, even when one stop fails. */
export async function stopAll(servers: readonly RunningServer[]): Promise<void> {
  await Promise.allSettled(servers.map((s) => s.stop()));
}
