import { describe, expect, it } from 'vitest';
import { ChildProcessLauncher } from './child-process-launcher.js';
import { childProcessRunner } from './child-process-runner.js';

const runner = childProcessRunner(new ChildProcessLauncher((extra) => ({ ...extra })));
const node = (code: string): string[] => [process.execPath, '-e', code];

describe('childProcessRunner', () => {
  it('passes the environment, keeps both streams and reports the exit code', async () => {
    const result = await runner.run(['sh', '-c', 'echo "id=$KEEL_ALERT_ID"; echo warned >&2; exit 3'], { KEEL_ALERT_ID: 'a-1', PATH: '/usr/bin:/bin' }, new AbortController().signal);
    expect(result.exitCode).toBe(3);
    expect(result.output).toContain('id=a-1\n');
    expect(result.output).toContain('warned\n');
  });

  it('takes arguments literally (no shell)', async () => {
    const result = await runner.run([...node('console.log(process.argv[1])'), '$(echo hi); rm -rf /'], {}, new AbortController().signal);
    expect(result).toEqual({ exitCode: 0, output: '$(echo hi); rm -rf /\n' });
  });

  it('stops the command and its children when aborted', async () => {
    const abort = new AbortController();
    // The parent starts a grandchild that would outlive it if only the parent were signalled.
    const started = runner.run(node('require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "inherit" }); console.log("up"); setTimeout(() => {}, 60000)'), {}, abort.signal);
    await new Promise((r) => setTimeout(r, 500));
    const t = performance.now();
    abort.abort();
    const result = await started;
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(result.exitCode).toBe(128);
  });

  it('rejects a program that does not exist, naming it', async () => {
    await expect(runner.run(['keel-no-such-program'], {}, new AbortController().signal)).rejects.toThrow(/keel-no-such-program/);
    await expect(runner.run([], {}, new AbortController().signal)).rejects.toThrow(/empty/);
  });
});
