import type { CommandRunner } from '../../core/ports/command-runner.js';
import type { ProcessLauncher } from '../../domains/training/training.store.js';

const MAX_OUTPUT = 64 * 1024;
/** How long an aborted command gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 10_000;

/**
 * A CommandRunner on the job launcher, so Keel starts programs one way: no shell (nothing in the
 * arguments is interpreted), its own process group (aborting also stops what it started), and
 * the tail of its output kept for the error message.
 */
export function childProcessRunner(launcher: ProcessLauncher): CommandRunner {
  return {
    async run(argv, env, signal) {
      const [program, ...args] = argv;
      if (!program) throw new Error('the command is empty');
      let output = '';
      const proc = launcher.launch({ command: program, args, env, onLine: (_stream, line) => (output = `${output}${line}\n`.slice(-MAX_OUTPUT)) });
      const abort = (): void => proc.kill(KILL_GRACE_MS);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      const result = await proc.exited.finally(() => signal.removeEventListener('abort', abort));
      if (result.spawnError !== undefined) throw new Error(`${program}: ${result.spawnError}`);
      return { exitCode: result.code ?? (result.signal ? 128 : 1), output };
    },
  };
}
