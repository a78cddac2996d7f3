import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig, startKeel, type RunningKeel } from '../../src/main.js';

export interface TestKeel extends RunningKeel {
  dataDir: string;
  stop(): Promise<void>;
}

export interface TestKeelOptions {
  /** Extra settings, as a config file would hold them (e.g. `{ gateway: {...} }`). */
  config?: Record<string, unknown>;
  /** Reuse this data folder (to test a restart); it is then left in place by stop(). */
  dataDir?: string;
}

/** A real Keel server on an ephemeral loopback port with its state in a fresh temp folder. */
export async function startTestKeel(env: Record<string, string> = {}, opts: TestKeelOptions = {}): Promise<TestKeel> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'keel-test-'));
  const config = loadConfig({ env, cwd: dataDir, flags: { ...opts.config, dataDir, server: { port: 0, ui: false } } });
  const keel = await startKeel(config, { logger: pino({ level: 'silent' }) });
  return {
    ...keel,
    dataDir,
    stop: async () => {
      await keel.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
