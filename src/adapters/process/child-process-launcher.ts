/**
 * Runs a job's command as a child process in its own process group (so killing a job also
 * kills what it started: torchrun's ranks, a shell's children), and hands each output line
 * to the caller as it is written.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LaunchedProcess, LaunchSpec, ProcessLauncher } from '../../domains/training/training.store.js';

export class ChildProcessLauncher implements ProcessLauncher {
  /** `baseEnv` builds the child's environment from the job's additions (only src/config reads the parent's environment). */
  constructor(private readonly baseEnv: (extra: Record<string, string>) => NodeJS.ProcessEnv) {}

  launch(spec: LaunchSpec): LaunchedProcess {
    if (spec.cwd !== undefined && !existsSync(spec.cwd)) {
      return { exited: Promise.resolve({ code: null, signal: null, spawnError: `working folder not found: ${spec.cwd}` }), kill: () => undefined };
    }
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: this.baseEnv(spec.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const drained = (['stdout', 'stderr'] as const).map(
      (stream) =>
        new Promise<void>((resolve) => {
          const source = child[stream];
          if (!source) return resolve();
          const lines = createInterface({ input: source, crlfDelay: Infinity });
          lines.on('line', (line) => spec.onLine(stream, line));
          lines.on('close', () => resolve());
        }),
    );
    let killTimer: NodeJS.Timeout | undefined;
    const exited = new Promise<Awaited<LaunchedProcess['exited']>>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => resolve({ code: null, signal: null, spawnError: err.message, notFound: err.code === 'ENOENT' }));
      child.once('close', (code, signal) => {
        void Promise.all(drained).then(() => resolve({ code, signal }));
      });
    }).finally(() => clearTimeout(killTimer));
    const signalGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    return {
      exited,
      kill: (graceMs) => {
        signalGroup('SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        killTimer.unref();
      },
    };
  }
}
