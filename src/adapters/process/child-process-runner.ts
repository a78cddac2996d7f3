import { spawn } from 'node:child_process';
import type { CommandRunner } from '../../core/ports/command-runner.js';

const MAX_OUTPUT = 64 * 1024;

/** Runs a program with arguments (no shell, so nothing in them is interpreted), keeping the tail of its output. */
export function childProcessRunner(baseEnv: Readonly<Record<string, string | undefined>>): CommandRunner {
  return {
    run(argv, env, signal) {
      const [program, ...args] = argv;
      if (!program) return Promise.reject(new Error('the command is empty'));
      return new Promise((resolve, reject) => {
        const child = spawn(program, args, { env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'], signal });
        let output = '';
        const keep = (chunk: Buffer): void => {
          output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        child.once('error', reject);
        child.once('close', (code, sig) => resolve({ exitCode: code ?? (sig ? 128 : 1), output }));
      });
    },
  };
}
