import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface S3rverHandle {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

const FIXTURE = fileURLToPath(new URL('./fixtures/s3rver.mjs', import.meta.url));

/** A real S3-compatible server (s3rver) on loopback, in a child process with the flags it needs. */
export async function startS3rver(bucket = 'keel-test'): Promise<S3rverHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', FIXTURE, dir, bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`s3rver did not start within 15 s: ${stderr}`)), 15_000).unref();
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
